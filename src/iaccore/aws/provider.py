"""AWS providers: the factory the provider registry calls, and provider choice for components.

Credentials never pass through here: a provider gets a region, an optional role to assume, an
optional shared-config profile name, an account guard-rail and default tags; keys come from the
environment or the ambient AWS chain (the profile only names which entry of it to use).

Examples:
    >>> from iaccore.aws.config import AwsSection
    >>> args = provider_args(AwsSection(region="eu-west-1", profile="platform"), None)
    >>> args["region"], args["profile"]
    ('eu-west-1', 'platform')
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from iaccore.aws.config import AwsProviderSettings, AwsSection
from iaccore.aws.environment import provider_key
from iaccore.core import context
from iaccore.core.errors import ConfigurationError, ProviderError

__all__ = ["available_zones", "create_provider", "named_provider", "provider_args"]


def provider_args(section: AwsSection, settings: AwsProviderSettings | None) -> dict[str, Any]:
    """Arguments of ``aws.Provider`` for a named provider (settings win over the section)."""
    region = (settings.region if settings else None) or section.region
    role = (settings.assume_role_arn if settings else None) or section.assume_role_arn
    accounts = (settings.allowed_account_ids if settings else ()) or section.allowed_account_ids
    profile = (settings.profile if settings else None) or section.profile
    args: dict[str, Any] = {}
    if region:
        args["region"] = region
    if profile:
        args["profile"] = profile
    if role:
        args["assume_roles"] = [aws.ProviderAssumeRoleArgs(role_arn=role)]
    if accounts:
        args["allowed_account_ids"] = list(accounts)
    if settings is not None and settings.default_tags:
        args["default_tags"] = aws.ProviderDefaultTagsArgs(tags=dict(settings.default_tags))
    return args


def create_provider(
    name: str,
    section: AwsSection,
    settings: AwsProviderSettings | None,
    opts: pulumi.ResourceOptions | None = None,
) -> aws.Provider:
    """Create the AWS provider ``name`` (called lazily by the provider registry)."""
    args = provider_args(section, settings)
    provider = aws.Provider(f"aws-{name}", opts=opts, **args)
    if "region" in args:
        ctx = context.current()
        ctx.cache[("aws", "region", provider_key(ctx, provider))] = args["region"]
    return provider


def named_provider(name: str | None, *, key_path: str) -> aws.Provider | None:
    """The registry's AWS provider ``name``; None when ``name`` is None and none is configured.

    With no name, the ``default`` provider is used when the ``iaccore:aws`` section is enabled
    (so its region and role apply); otherwise the ambient Pulumi default provider is.
    """
    ctx = context.current()
    registry = ctx.providers
    if name is None:
        if not registry.enabled("aws"):
            return None
        name = "default"
    try:
        provider = registry.get("aws", name)
    except ProviderError as err:
        raise ConfigurationError(
            str(err), key_path=key_path, expected="a provider named in iaccore:aws.providers"
        ) from None
    if not isinstance(provider, aws.Provider):
        raise ConfigurationError(f"provider {name!r} is not an AWS provider", key_path=key_path)
    return provider


def available_zones(provider: pulumi.ProviderResource | None) -> tuple[str, ...]:
    """Availability zones of the provider's region, looked up once per region per program."""
    ctx = context.current()
    key = ("aws", "azs", _region_key(ctx, provider))
    cached = ctx.cache.get(key)
    if cached is None:
        # Only the region's own zones: opted-in Local and Wavelength Zones sort first by name
        # and cannot host NAT gateways or EKS control-plane subnets.
        result = aws.get_availability_zones(
            state="available",
            filters=[
                aws.GetAvailabilityZonesFilterArgs(
                    name="opt-in-status", values=["opt-in-not-required"]
                )
            ],
            opts=pulumi.InvokeOptions(provider=provider),
        )
        cached = tuple(result.names)
        ctx.cache[key] = cached
    return tuple(cached)


def _region_key(ctx: context.ProgramContext, provider: pulumi.ProviderResource | None) -> str:
    """The provider's region when iaccore knows it, else a key unique to the provider."""
    if provider is None:
        region = pulumi.Config("aws").get("region")
        return f"region:{region}" if region else "provider:<ambient>"
    key = provider_key(ctx, provider)
    region = ctx.cache.get(("aws", "region", key))
    return f"region:{region}" if region else f"provider:{key}"
