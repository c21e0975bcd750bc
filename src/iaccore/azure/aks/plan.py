"""Pure planning of an AKS cluster: names, node pool order and checks (no Pulumi import).

Examples:
    >>> cluster_name("payments", "dev", "main")
    'aks-payments-dev-main'
    >>> taint_string("CriticalAddonsOnly", "true", "NoSchedule")
    'CriticalAddonsOnly=true:NoSchedule'
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from iaccore.azure.locations import ZONAL_LOCATIONS
from iaccore.core.errors import ConfigurationError

__all__ = [
    "CLUSTER_NAME_MAX_LENGTH",
    "CRITICAL_ADDONS_TAINT",
    "DNS_PREFIX_MAX_LENGTH",
    "MAX_PODS_OVERLAY",
    "MIN_PODS",
    "MIN_PODS_SYSTEM",
    "POOL_NAME",
    "VM_SIZE",
    "PoolLike",
    "check_cidrs_outside",
    "check_zones",
    "cluster_name",
    "dns_prefix",
    "pool_order",
    "taint_string",
    "unique",
]

#: AKS cluster names: 1-63 letters, digits, ``-`` and ``_``, starting and ending alphanumeric.
CLUSTER_NAME_MAX_LENGTH = 63
#: DNS prefixes: 1-54 letters, digits and ``-``, starting and ending alphanumeric.
DNS_PREFIX_MAX_LENGTH = 54
#: Linux node pool names: 1-12 lowercase letters and digits, starting with a letter.
POOL_NAME = re.compile(r"^[a-z][a-z0-9]{0,11}$")
#: VM sizes such as ``Standard_D4s_v5``, ``Standard_D8ads_v6``, ``Standard_NC24ads_A100_v4``.
VM_SIZE = re.compile(r"^Standard_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$")
#: Pods per node with Azure CNI overlay: 10 to 250 (system pools need 30).
MIN_PODS, MIN_PODS_SYSTEM, MAX_PODS_OVERLAY = 10, 30, 250
#: The taint that keeps application pods off system pools.
CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule"

_HASH = 6
_NAME_CHAR = re.compile(r"[^A-Za-z0-9-]+")


class PoolLike(Protocol):
    """What ordering and zone checks read from a node pool config."""

    @property
    def zones(self) -> tuple[str, ...] | None:
        """Availability zones asked for (None: the location's default)."""
        ...

    @property
    def is_system(self) -> bool:
        """Whether the pool runs system pods."""
        ...


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:_HASH]


def _shorten(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    return f"{name[: limit - _HASH - 1].rstrip('-')}-{_digest(name)}"


def cluster_name(project: str, environment: str, component: str) -> str:
    """The physical cluster name ``aks-<project>-<environment>-<component>`` (≤ 63 chars).

    Examples:
        >>> len(cluster_name("p" * 40, "production", "platform")) <= 63
        True
    """
    raw = _NAME_CHAR.sub("-", f"aks-{project}-{environment}-{component}").strip("-").lower()
    return _shorten(raw, CLUSTER_NAME_MAX_LENGTH)


def dns_prefix(name: str) -> str:
    """The API server DNS prefix of cluster ``name`` (letters, digits, ``-``; ≤ 54 chars).

    Examples:
        >>> dns_prefix("aks_payments_dev_main")
        'aks-payments-dev-main'
    """
    raw = _NAME_CHAR.sub("-", name.replace("_", "-")).strip("-").lower()
    return _shorten(raw, DNS_PREFIX_MAX_LENGTH)


def taint_string(key: str, value: str | None, effect: str) -> str:
    """A taint as AKS takes it: ``key=value:Effect`` (``key:Effect`` without a value).

    Examples:
        >>> taint_string("gpu", None, "NoExecute")
        'gpu:NoExecute'
    """
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def pool_order(pools: Mapping[str, PoolLike], key_path: str) -> tuple[str, tuple[str, ...]]:
    """The pool created inline with the cluster (a system pool) and the others, in name order.

    The inline pool is the system pool named ``system`` when there is one, else the first system
    pool by name; AKS cannot create a cluster without one.

    Raises:
        ConfigurationError: No system pool.

    Examples:
        >>> from types import SimpleNamespace as P
        >>> pools = {"apps": P(zones=(), is_system=False), "system": P(zones=(), is_system=True)}
        >>> pool_order(pools, "azure.aks.clusters.main")
        ('system', ('apps',))
    """
    systems = sorted(name for name, pool in pools.items() if pool.is_system)
    if not systems:
        raise ConfigurationError(
            "the cluster has no system node pool; AKS needs one to run CoreDNS, "
            "metrics-server and the other system pods",
            key_path=f"{key_path}.node_pools",
            expected="a pool named `system`, or a pool with `mode: System`",
        )
    first = "system" if "system" in systems else systems[0]
    return first, tuple(sorted(name for name in pools if name != first))


def check_zones(pools: Mapping[str, PoolLike], location: str, key_path: str) -> None:
    """Refuse availability zones in a location that has none.

    Examples:
        >>> from types import SimpleNamespace as P
        >>> check_zones({"system": P(zones=("1", "2"), is_system=True)}, "westeurope", "k")
    """
    if location in ZONAL_LOCATIONS:
        return
    for name in sorted(pools):
        zones = pools[name].zones
        if zones:
            raise ConfigurationError(
                f"{location} has no availability zones; node pool {name!r} asks for zones "
                f"{', '.join(zones)}",
                key_path=f"{key_path}.node_pools.{name}.zones",
                expected="no zones (or a location with availability zones)",
            )


def unique(values: Sequence[str]) -> tuple[str, ...]:
    """``values`` as a tuple; ``ValueError`` when one repeats.

    Examples:
        >>> unique(["1", "2"])
        ('1', '2')
    """
    if len(set(values)) != len(values):
        raise ValueError("values must be unique")
    return tuple(values)


def check_cidrs_outside(
    address_spaces: Sequence[str], cidrs: Mapping[str, str], key_path: str, vnet_key_path: str
) -> None:
    """Refuse a pod or service network that overlaps the VNet's address space.

    Examples:
        >>> check_cidrs_outside(["10.30.0.0/16"], {"pod_cidr": "10.244.0.0/16"}, "k", "azure.vnet")
    """
    for key, cidr in cidrs.items():
        network = ipaddress.ip_network(cidr)
        for space in address_spaces:
            if network.overlaps(ipaddress.ip_network(space, strict=False)):
                raise ConfigurationError(
                    f"{key} {cidr} overlaps the VNet's address space {space} "
                    f"({vnet_key_path}.address_space)",
                    key_path=f"{key_path}.{key}",
                    expected="a network outside the VNet and the networks peered with it",
                )
