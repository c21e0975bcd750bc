"""`assert_no_public_ingress` on Azure: NSG rules, the AKS API server, storage network access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pulumi_azure_native import containerservice, network, storage

from iaccore.azure import AksCluster, SecureStorageAccount, SecureVnet
from iaccore.synth import Graph
from iaccore.testing import assert_no_public_ingress
from tests.azure.helpers import run_azure

RG = "rg-test"


def nsg(*rules: dict[str, Any]) -> Callable[[], None]:
    def program() -> None:
        network.NetworkSecurityGroup(
            "web", resource_group_name=RG, security_rules=[dict(rule) for rule in rules]
        )

    return program


def rule(**changes: Any) -> dict[str, Any]:
    return {
        "name": "in",
        "priority": 100,
        "direction": "Inbound",
        "access": "Allow",
        "protocol": "Tcp",
        "source_address_prefix": "Internet",
        "source_port_range": "*",
        "destination_address_prefix": "*",
        "destination_port_range": "22",
        **changes,
    }


def found(graph: Graph) -> str:
    with pytest.raises(AssertionError) as info:
        assert_no_public_ingress(graph)
    return str(info.value)


class TestNetworkSecurityGroups:
    @pytest.mark.parametrize("source", ["Internet", "*", "Any", "0.0.0.0/0"])
    def test_allow_from_the_world(self, source: str) -> None:
        """An inbound Allow from a world tag or range is reported with its port."""
        text = found(run_azure(nsg(rule(source_address_prefix=source))))
        assert "NetworkSecurityGroup::web securityRules[0]: tcp 22-22" in text

    def test_split_ranges_together(self) -> None:
        """0.0.0.0/1 and 128.0.0.0/1 in two rules for the same port are the world."""
        graph = run_azure(
            nsg(
                rule(source_address_prefix="0.0.0.0/1"),
                rule(name="b", priority=110, source_address_prefix="128.0.0.0/1"),
            )
        )
        assert "opens 0.0.0.0/0" in found(graph)

    @pytest.mark.parametrize(
        "changes",
        [
            {"access": "Deny"},
            {"direction": "Outbound"},
            {"source_address_prefix": "10.0.0.0/8"},
            {"source_address_prefix": "VirtualNetwork"},
        ],
    )
    def test_not_public(self, changes: dict[str, Any]) -> None:
        """Deny rules, outbound rules and private or VNet sources are not exposure."""
        assert_no_public_ingress(run_azure(nsg(rule(**changes))))

    def test_separate_security_rule(self) -> None:
        """A `network.SecurityRule` resource with a world source prefix list is reported."""

        def program() -> None:
            network.SecurityRule(
                "ssh",
                resource_group_name=RG,
                network_security_group_name="nsg-web",
                priority=100,
                direction="Inbound",
                access="Allow",
                protocol="*",
                source_address_prefixes=["0.0.0.0/1", "128.0.0.0/1"],
                source_port_range="*",
                destination_address_prefix="*",
                destination_port_range="*",
            )

        assert "SecurityRule::ssh rule" in found(run_azure(program))


class TestClustersAndStorage:
    def test_public_aks_api_server_without_ranges(self) -> None:
        def program() -> None:
            containerservice.ManagedCluster(
                "aks",
                resource_group_name=RG,
                api_server_access_profile={"enable_private_cluster": False},
            )

        assert "public API server" in found(run_azure(program))

    def test_private_aks_api_server(self) -> None:
        def program() -> None:
            containerservice.ManagedCluster(
                "aks",
                resource_group_name=RG,
                api_server_access_profile={"enable_private_cluster": True},
            )

        assert_no_public_ingress(run_azure(program))

    @pytest.mark.parametrize(
        ("access", "default_action", "public"),
        [("Enabled", "Allow", True), ("Enabled", "Deny", False), ("Disabled", "Allow", False)],
    )
    def test_storage_network_access(self, access: str, default_action: str, public: bool) -> None:
        def program() -> None:
            storage.StorageAccount(
                "st",
                resource_group_name=RG,
                kind="StorageV2",
                sku={"name": "Standard_ZRS"},
                public_network_access=access,
                network_rule_set={"default_action": default_action},
            )

        graph = run_azure(program)
        if public:
            assert "public network access" in found(graph)
        else:
            assert_no_public_ingress(graph)


class TestComponents:
    def test_secure_defaults_pass(self) -> None:
        """SecureVnet, AksCluster and SecureStorageAccount with defaults expose nothing."""

        def program() -> None:
            vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
            AksCluster("main", {}, vnet=vnet)
            SecureStorageAccount("logs", {})

        assert_no_public_ingress(run_azure(program))

    def test_public_api_server_opt_in_is_reported(self) -> None:
        """The assertion sees what `allow_any_ip: true` opens."""

        def program() -> None:
            vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
            AksCluster(
                "main",
                {"api_server": {"public": True, "allow_any_ip": True}},
                vnet=vnet,
            )

        assert "ManagedCluster::main-cluster public API server" in found(run_azure(program))
