"""Subscription and tenant of a provider, looked up once per provider per program.

Role definition ids, storage-name seeds and Key Vault tenants need them; every component on a
provider shares a single ``getClientConfig`` invoke.

Examples:
    >>> AzureEnvironment("00000000-0000-0000-0000-000000000001", "t", "o").subscription_scope
    '/subscriptions/00000000-0000-0000-0000-000000000001'
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_azure_native as azure_native

from iaccore.core import context

__all__ = ["AzureEnvironment", "azure_environment"]


@dataclass(frozen=True)
class AzureEnvironment:
    """Where a provider acts: subscription, tenant, and the deploying identity's object id.

    Examples:
        >>> AzureEnvironment("s", "t", "o").tenant_id
        't'
    """

    subscription_id: str
    tenant_id: str
    object_id: str

    @property
    def subscription_scope(self) -> str:
        """``/subscriptions/<id>``: the scope of subscription-wide role assignments."""
        return f"/subscriptions/{self.subscription_id}"


def azure_environment(provider: pulumi.ProviderResource | None) -> AzureEnvironment:
    """The subscription, tenant and caller object id of ``provider`` (None: the ambient one)."""
    ctx = context.current()
    key = ("azure", "environment", str(id(provider)) if provider is not None else "<ambient>")
    cached = ctx.cache.get(key)
    if isinstance(cached, AzureEnvironment):
        return cached
    result = azure_native.authorization.get_client_config(
        opts=pulumi.InvokeOptions(provider=provider)
    )
    env = AzureEnvironment(
        str(result.subscription_id), str(result.tenant_id), str(result.object_id)
    )
    ctx.cache[key] = env
    if provider is not None:
        ctx.cache.setdefault(("azure", "keep"), []).append(provider)
    return env
