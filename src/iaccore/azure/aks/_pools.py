"""Node pools of an AKS cluster: the inline system pool's profile and the ``AgentPool`` children.

The cluster is created with one system pool in ``agent_pool_profiles`` (AKS refuses a cluster
without one, and refuses new pools through the cluster resource later); every other pool is a
separate ``containerservice.AgentPool``, so pools can be added and removed without touching the
cluster. Autoscaled pools ignore ``count`` drift (the autoscaler owns it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import containerservice

from iaccore.azure.aks.config import NodePoolConfig
from iaccore.azure.aks.plan import CRITICAL_ADDONS_TAINT, taint_string
from iaccore.core.children import ChildFactory

__all__ = [
    "AgentPools",
    "PoolSettings",
    "create_agent_pools",
    "pool_fields",
    "pool_ignore_changes",
    "pool_profile",
]


@dataclass(frozen=True)
class PoolSettings:
    """What every pool of a cluster shares: subnet, version, zones default and tainting."""

    subnet_id: pulumi.Input[str]
    version: str
    default_zones: tuple[str, ...]
    taint_system_pools: bool
    follows_minor_upgrades: bool


def _taints(pool: NodePoolConfig, settings: PoolSettings) -> list[str]:
    taints = [taint_string(t.key, t.value, t.effect) for t in pool.taints]
    critical = pool.only_critical_addons
    if critical is None:
        critical = pool.is_system and settings.taint_system_pools
    if critical and CRITICAL_ADDONS_TAINT not in taints:
        taints.insert(0, CRITICAL_ADDONS_TAINT)
    return taints


def pool_fields(pool: NodePoolConfig, settings: PoolSettings) -> dict[str, Any]:
    """Arguments shared by the inline profile and an ``AgentPool`` (snake_case SDK names)."""
    zones = settings.default_zones if pool.zones is None else pool.zones
    fields: dict[str, Any] = {
        "mode": pool.mode,
        "vm_size": pool.vm_size,
        "count": pool.min,
        "enable_auto_scaling": pool.autoscaling,
        "min_count": pool.min if pool.autoscaling else None,
        "max_count": pool.max if pool.autoscaling else None,
        "availability_zones": list(zones) or None,
        "max_pods": pool.max_pods,
        "node_taints": _taints(pool, settings) or None,
        "node_labels": dict(pool.labels) or None,
        "os_type": "Linux",
        "os_sku": pool.os_sku,
        "os_disk_type": pool.os_disk_type,
        "os_disk_size_gb": pool.os_disk_size_gb,
        "enable_encryption_at_host": pool.encryption_at_host,
        "enable_node_public_ip": False,
        "enable_fips": pool.fips,
        "vnet_subnet_id": settings.subnet_id,
        "type": "VirtualMachineScaleSets",
        "orchestrator_version": settings.version,
        "upgrade_settings": containerservice.AgentPoolUpgradeSettingsArgs(max_surge=pool.max_surge),
        "security_profile": containerservice.AgentPoolSecurityProfileArgs(
            ssh_access=pool.ssh_access
        ),
    }
    return {key: value for key, value in fields.items() if value is not None}


def pool_profile(
    name: str, pool: NodePoolConfig, settings: PoolSettings
) -> containerservice.ManagedClusterAgentPoolProfileArgs:
    """The inline profile of the cluster's first system pool."""
    return containerservice.ManagedClusterAgentPoolProfileArgs(
        name=name, **pool_fields(pool, settings)
    )


def pool_ignore_changes(
    pool: NodePoolConfig, settings: PoolSettings, prefix: str = ""
) -> list[str]:
    """Properties AKS changes on its own: the autoscaler's count, auto-upgraded versions."""
    ignored = [f"{prefix}count"] if pool.autoscaling else []
    if settings.follows_minor_upgrades:
        ignored.append(f"{prefix}orchestratorVersion")
    return ignored


@dataclass(frozen=True)
class AgentPools:
    """The ``AgentPool`` children, in name order."""

    pools: tuple[containerservice.AgentPool, ...]


def create_agent_pools(
    factory: ChildFactory,
    *,
    pools: Mapping[str, NodePoolConfig],
    names: Sequence[str],
    settings: PoolSettings,
    cluster_name: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    depends_on: Sequence[pulumi.Resource],
) -> AgentPools:
    """One ``AgentPool`` per pool in ``names`` (role ``node_pool``, suffix the pool name)."""
    created = []
    for name in names:
        pool = pools[name]
        created.append(
            containerservice.AgentPool(
                factory.child_name("node_pool", name),
                agent_pool_name=name,
                resource_name_=cluster_name,
                resource_group_name=resource_group_name,
                tags=factory.child_tags("node_pool", name),
                opts=factory.child_opts(
                    "node_pool",
                    depends_on=list(depends_on),
                    ignore_changes=pool_ignore_changes(pool, settings) or None,
                ),
                **pool_fields(pool, settings),
            )
        )
    return AgentPools(tuple(created))
