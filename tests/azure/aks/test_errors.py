"""AksCluster bad input: a ConfigurationError naming the key, and nothing registered."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.azure.aks.cluster import SUBNET_EXAMPLE
from tests.azure.aks.helpers import SYSTEM, refuse

KEY = "azure.aks.clusters.main"


def pools(**pool: Any) -> dict[str, Any]:
    return {"system": {**SYSTEM["system"], **pool}}


@pytest.mark.parametrize(
    ("config", "key_path", "message"),
    [
        (
            {"node_pools": pools(min=6, max=3)},
            f"{KEY}.node_pools.system.min",
            "6 is more than max (3)",
        ),
        (
            {"node_pools": {**SYSTEM, "apps": {"min": 4, "max": 2}}},
            f"{KEY}.node_pools.apps.min",
            "4 is more than max (2)",
        ),
        (
            {"api_server": {"public": True, "authorized_ip_ranges": ["0.0.0.0/0"]}},
            f"{KEY}.api_server.authorized_ip_ranges",
            "0.0.0.0/0 opens the API server to the whole internet",
        ),
        (
            {"api_server": {"public": True}},
            f"{KEY}.api_server.authorized_ip_ranges",
            "a public API server needs the networks allowed to reach it",
        ),
        (
            {"api_server": {"authorized_ip_ranges": ["203.0.113.0/24"]}},
            f"{KEY}.api_server.authorized_ip_ranges",
            "a private API server takes no authorized ranges",
        ),
        ({"version": "1.27"}, f"{KEY}.version", "Kubernetes 1.27 is not supported"),
        ({"version": "1.31"}, f"{KEY}.version", "reached its AKS end of life"),
        ({"version": 1.3}, f"{KEY}.version", "is a number; quote it in YAML"),
        (
            {"node_pools": {"apps": {"min": 1, "max": 3}}},
            f"{KEY}.node_pools",
            "no system pool",
        ),
        (
            {"node_pools": {"workers": {"mode": "User"}, "system": {"mode": "User"}}},
            f"{KEY}.node_pools",
            "no system pool",
        ),
        (
            {"node_pools": pools(vm_size="D4s_v5")},
            f"{KEY}.node_pools.system.vm_size",
            "is not an Azure VM size",
        ),
        (
            {"node_pools": pools(vm_size="Standard D4s v5")},
            f"{KEY}.node_pools.system.vm_size",
            "is not an Azure VM size",
        ),
        (
            {"node_pools": pools(max_pods=251)},
            f"{KEY}.node_pools.system.max_pods",
            "less than or equal to 250",
        ),
        (
            {"node_pools": pools(max_pods=5)},
            f"{KEY}.node_pools.system.max_pods",
            "greater than or equal to 10",
        ),
        (
            {"node_pools": pools(max_pods=20)},
            f"{KEY}.node_pools.system.max_pods",
            "a system pool needs at least 30 pods per node",
        ),
        (
            {"node_pools": {**SYSTEM, "GPU-pool": {}}},
            f"{KEY}.node_pools",
            "node pool name 'GPU-pool'",
        ),
        (
            {"service_cidr": "10.244.0.0/15"},
            f"{KEY}.service_cidr",
            "overlaps pod_cidr",
        ),
        (
            {"dns_service_ip": "10.1.0.10"},
            f"{KEY}.dns_service_ip",
            "is not a host of service_cidr",
        ),
    ],
)
def test_bad_config(config: dict[str, Any], key_path: str, message: str) -> None:
    error = refuse({"subnet_id": SUBNET_EXAMPLE, "node_pools": SYSTEM, **config})
    assert error.details["key_path"] == key_path
    assert message in error.message


def test_any_ip_needs_the_explicit_word() -> None:
    """0.0.0.0/0 (or no ranges) is accepted only with allow_any_ip: true."""
    from iaccore.azure.aks.config import ApiServerConfig

    api = ApiServerConfig(public=True, allow_any_ip=True, authorized_ip_ranges=["0.0.0.0/0"])
    assert api.authorized_ip_ranges == ("0.0.0.0/0",)
    assert ApiServerConfig(public=True, allow_any_ip=True).authorized_ip_ranges == ()


def test_zones_in_a_location_without_zones() -> None:
    """northcentralus has no availability zones: explicit zones are refused."""
    error = refuse(
        {
            "subnet_id": SUBNET_EXAMPLE,
            "location": "northcentralus",
            "node_pools": pools(zones=["1", "2"]),
        }
    )
    assert error.details["key_path"] == f"{KEY}.node_pools.system.zones"
    assert "northcentralus has no availability zones" in error.message


def test_no_subnet() -> None:
    error = refuse({"node_pools": SYSTEM})
    assert error.details["key_path"] == f"{KEY}.subnet_id"
    assert "no subnet" in error.message


def test_bad_subnet_id() -> None:
    error = refuse({"subnet_id": "subnet-123", "node_pools": SYSTEM})
    assert error.details["key_path"] == f"{KEY}.subnet_id"


def test_local_accounts_need_the_explicit_word() -> None:
    """Unknown keys (a typo of the opt-out) are refused, not ignored."""
    error = refuse({"subnet_id": SUBNET_EXAMPLE, "node_pools": SYSTEM, "local_accounts": True})
    assert error.details["key_path"] == f"{KEY}.local_accounts"


@pytest.mark.parametrize(
    ("changes", "key", "says"),
    [
        ({"outbound_type": "managedNATGateway"}, "outbound_type", "loadBalancer"),
        (
            {"api_server": {"private_dns_zone": "none"}},
            "api_server",
            "public_fqdn: true",
        ),
        ({"kubeconfig_login": "devicecode"}, "kubeconfig_login", "azurecli"),
    ],
)
def test_refused_combinations(changes: dict[str, Any], key: str, says: str) -> None:
    """What AKS would refuse, or what cannot run unattended, fails on its key; nothing
    registered."""
    error = refuse({"subnet_id": SUBNET_EXAMPLE, **changes})
    assert error.key_path.startswith(f"azure.aks.clusters.main.{key}"), error.key_path
    assert says in str(error)
