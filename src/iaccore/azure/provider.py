"""Azure providers: the factory the provider registry calls, and provider choice for components.

Credentials never pass through here: a provider gets a location, a subscription and a tenant;
the identity comes from ``ARM_*``/``AZURE_*`` variables or the ambient chain (Azure CLI, managed
identity, workload identity).

Examples:
    >>> from iaccore.azure.config import AzureSection
    >>> provider_args(AzureSection(location="westeurope"), None)
    {'location': 'westeurope'}
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from iaccore.azure.config import AzureProviderSettings, AzureSection
from iaccore.core import context
from iaccore.core.errors import ConfigurationError, ProviderError

__all__ = [
    "create_provider",
    "named_provider",
    "provider_args",
    "provider_label",
    "provider_location",
]

_CLOUD = "azure"


def provider_args(section: AzureSection, settings: AzureProviderSettings | None) -> dict[str, Any]:
    """Arguments of ``azure_native.Provider`` for a named provider (settings win)."""
    args: dict[str, Any] = {}
    for key in ("location", "subscription_id", "tenant_id"):
        value = (getattr(settings, key) if settings else None) or getattr(section, key)
        if value:
            args[key] = value
    return args


def create_provider(
    name: str,
    section: AzureSection,
    settings: AzureProviderSettings | None,
    opts: pulumi.ResourceOptions | None = None,
) -> azure_native.Provider:
    """Create the Azure provider ``name`` (called lazily by the provider registry)."""
    args = provider_args(section, settings)
    provider = azure_native.Provider(f"azure-{name}", opts=opts, **args)
    known: dict[int, tuple[str, str | None]] = context.current().cache.setdefault(
        (_CLOUD, "providers"), {}
    )
    known[id(provider)] = (name, args.get("location"))
    context.current().cache.setdefault((_CLOUD, "keep"), []).append(provider)
    return provider


def _known(provider: pulumi.ProviderResource) -> tuple[str, str | None] | None:
    known: dict[int, tuple[str, str | None]] = context.current().cache.get(
        (_CLOUD, "providers"), {}
    )
    return known.get(id(provider))


def provider_label(provider: pulumi.ProviderResource | None) -> str:
    """The registry name of ``provider`` (``default`` for the ambient one or an unknown one).

    Names the shared resource group of a provider: ``rg-<project>-<env>-<label>``.
    """
    found = _known(provider) if provider is not None else None
    return found[0] if found else "default"


def provider_location(provider: pulumi.ProviderResource | None) -> str | None:
    """The location ``provider`` was configured with, when iaccore created it; else the
    section's location (enabled or not), else ``azure-native:location``."""
    found = _known(provider) if provider is not None else None
    if found and found[1]:
        return found[1]
    section = context.current().stack_config.section(_CLOUD)
    location = getattr(section, "location", None)
    if isinstance(location, str) and location:
        return location
    ambient = pulumi.Config("azure-native").get("location")
    return ambient or None


def named_provider(name: str | None, *, key_path: str) -> azure_native.Provider | None:
    """The registry's Azure provider ``name``; None when ``name`` is None and the section is
    not enabled (the ambient Pulumi default provider is used then)."""
    registry = context.current().providers
    if name is None:
        if not registry.enabled(_CLOUD):
            return None
        name = "default"
    try:
        provider = registry.get(_CLOUD, name)
    except ProviderError as err:
        raise ConfigurationError(
            str(err), key_path=key_path, expected="a provider named in iaccore:azure.providers"
        ) from None
    if not isinstance(provider, azure_native.Provider):
        raise ConfigurationError(f"provider {name!r} is not an Azure provider", key_path=key_path)
    return provider
