"""SecureVnet on the mock engine: VNet, subnets, NSGs, NAT, DDoS, diagnostics, errors, config."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest

import iaccore
import iaccore.azure.network
from iaccore.azure import SecureVnet
from iaccore.azure.network.vnet import ROLES
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, Resource
from iaccore.testing import CapturedError, assert_urns_match, capture_error
from tests.azure.helpers import PROJECT, az_config, run_azure

COMPONENT = "iaccore:azure:SecureVnet"
VNET = "azure-native:network:VirtualNetwork"
SUBNET = "azure-native:network:Subnet"
NSG = "azure-native:network:NetworkSecurityGroup"
NAT = "azure-native:network:NatGateway"
PREFIX = "azure-native:network:PublicIPPrefix"
PIP = "azure-native:network:PublicIPAddress"
DDOS = "azure-native:network:DdosProtectionPlan"
WORKSPACE = "azure-native:operationalinsights:Workspace"
DIAG = "azure-native:monitor:DiagnosticSetting"
RG = "azure-native:resources:ResourceGroup"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SUB = "00000000-0000-4000-8000-000000000001"
WORKSPACE_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-logs/providers/"
    "Microsoft.OperationalInsights/workspaces/central"
)
PLAN_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-ddos/providers/Microsoft.Network/ddosProtectionPlans/p"
)


def build(config: dict[str, Any] | None = None, **overrides: Any) -> Graph:
    return run_azure(lambda: SecureVnet("core", config), **overrides)


def by_name(graph: Graph, type_: str) -> dict[str, Resource]:
    return {r.name: r for r in graph.resources(type_)}


def capture(
    program: Callable[[], Any], config: dict[str, Any]
) -> CapturedError[ConfigurationError]:
    """Run ``program`` expecting a ConfigurationError; the graph shows what registered."""
    return capture_error(program, error=ConfigurationError, project=PROJECT, config=config)


def refused(config: dict[str, Any], **overrides: Any) -> ConfigurationError:
    captured = capture(lambda: SecureVnet("core", config), az_config(**overrides))
    assert captured.graph.resources(COMPONENT) == []
    assert captured.graph.custom_resources() == []
    return captured.error


class TestDefaults:
    def test_it_works_as_written(self) -> None:
        """The issue's one line builds a VNet with three subnets, three NSGs, diagnostics."""
        graph = build({"address_space": "10.30.0.0/16"})
        counts = {t: len(graph.resources(t)) for t in (VNET, SUBNET, NSG, DIAG, WORKSPACE, RG)}
        assert counts == {VNET: 1, SUBNET: 3, NSG: 3, DIAG: 4, WORKSPACE: 1, RG: 1}
        for absent in (NAT, PREFIX, PIP, DDOS):
            assert graph.resources(absent) == []

    def test_vnet_inputs(self) -> None:
        """Address space, location, own group, DDoS off, and no inline subnets (no churn)."""
        graph = build({"address_space": "10.30.0.0/16"})
        vnet = graph.one(VNET)
        assert vnet.inputs["addressSpace"] == {"addressPrefixes": ["10.30.0.0/16"]}
        assert vnet.inputs["virtualNetworkName"] == "vnet-payments-dev-core"
        assert vnet.inputs["resourceGroupName"] == "rg-payments-dev-core"
        assert vnet.inputs["location"] == "westeurope"
        assert vnet.inputs["enableDdosProtection"] is False
        assert vnet.inputs["enableVmProtection"] is False
        assert "subnets" not in vnet.inputs
        assert "ddosProtectionPlan" not in vnet.inputs
        assert vnet.parent == graph.one(COMPONENT).urn

    def test_subnets_are_planned_separate_resources_behind_their_nsg(self) -> None:
        graph = build({"address_space": "10.30.0.0/16"})
        subnets = by_name(graph, SUBNET)
        nsgs = by_name(graph, NSG)
        vnet = graph.one(VNET)
        expected = {"aks": "10.30.0.0/20", "workload": "10.30.16.0/22",
                    "private-endpoints": "10.30.20.0/24"}  # fmt: skip
        for tier, cidr in expected.items():
            subnet = subnets[f"core-subnet-{tier}"]
            assert subnet.inputs["addressPrefix"] == cidr
            assert subnet.inputs["subnetName"] == f"snet-{tier}"
            assert subnet.inputs["virtualNetworkName"] == vnet.outputs["name"]
            assert subnet.inputs["networkSecurityGroup"] == {"id": nsgs[f"core-nsg-{tier}"].id}
            assert subnet.inputs["privateEndpointNetworkPolicies"] == "Enabled"
            assert subnet.inputs["privateLinkServiceNetworkPolicies"] == "Enabled"
            assert subnet.inputs["defaultOutboundAccess"] is False
            assert "natGateway" not in subnet.inputs
            assert "serviceEndpoints" not in subnet.inputs

    def test_subnets_are_created_one_after_another(self) -> None:
        """Each subnet depends on the previous one: Azure refuses parallel subnet writes."""
        graph = build()
        subnets = by_name(graph, SUBNET)
        order = ["core-subnet-aks", "core-subnet-workload", "core-subnet-private-endpoints"]
        for before, after in itertools.pairwise(order):
            assert subnets[before].urn in subnets[after].dependencies

    def test_every_nsg_denies_internet_inbound_last(self) -> None:
        graph = build()
        for nsg in graph.resources(NSG):
            rules = nsg.inputs["securityRules"]
            assert rules == [
                {
                    "name": "deny-internet-inbound",
                    "priority": 4096,
                    "direction": "Inbound",
                    "access": "Deny",
                    "protocol": "*",
                    "sourceAddressPrefix": "Internet",
                    "sourcePortRange": "*",
                    "destinationAddressPrefix": "*",
                    "destinationPortRange": "*",
                    "description": rules[0]["description"],
                }
            ]
            assert nsg.inputs["networkSecurityGroupName"].startswith("nsg-payments-dev-core-")

    def test_diagnostics_to_a_created_workspace(self) -> None:
        """VNet logs and metrics, every NSG's logs (NSGs have no metrics), to one workspace."""
        graph = build()
        workspace = graph.one(WORKSPACE)
        assert workspace.inputs["resourceGroupName"] == "rg-payments-dev-core"
        assert workspace.inputs["features"] == {"disableLocalAuth": True}
        settings = by_name(graph, DIAG)
        vnet_setting = settings["core-diagnostic-setting-vnet"]
        assert vnet_setting.inputs["resourceUri"] == graph.one(VNET).id
        assert vnet_setting.inputs["workspaceId"] == workspace.id
        assert vnet_setting.inputs["logs"] == [{"categoryGroup": "allLogs", "enabled": True}]
        assert vnet_setting.inputs["metrics"] == [{"category": "AllMetrics", "enabled": True}]
        for nsg in graph.resources(NSG):
            tier = nsg.name.removeprefix("core-nsg-")
            setting = settings[f"core-diagnostic-setting-nsg-{tier}"]
            assert setting.inputs["resourceUri"] == nsg.id
            assert setting.inputs["workspaceId"] == workspace.id
            assert "metrics" not in setting.inputs

    def test_tags_and_parents(self) -> None:
        graph = build()
        component = graph.one(COMPONENT)
        for resource in graph.custom_resources():
            if resource.is_provider:
                continue
            assert resource.parent == component.urn, resource.name
            if resource.type in (DIAG, SUBNET):  # Azure takes no tags on these
                continue
            assert resource.inputs["tags"]["cost-center"] == "1234", resource.name
            assert resource.inputs["tags"]["iaccore:project"] == "payments"
        assert by_name(graph, NSG)["core-nsg-aks"].inputs["tags"]["iaccore:tier"] == "aks"


class TestFromConfig:
    def test_inbound_rules_open_only_what_config_says(self) -> None:
        graph = build({"subnets": {"workload": {"inbound_rules": [
            {"name": "https-office", "priority": 200, "protocol": "Tcp", "ports": ["443", "8443"],
             "source_address_prefixes": ["203.0.113.0/24", "198.51.100.0/24"]},
            {"name": "lb", "priority": 300, "protocol": "Tcp", "ports": ["80"],
             "source_address_prefixes": ["Internet"], "allow_internet": True,
             "destination_address_prefixes": ["10.0.16.10"]}]}}})  # fmt: skip
        rules = by_name(graph, NSG)["core-nsg-workload"].inputs["securityRules"]
        assert [(r["name"], r["priority"], r["access"]) for r in rules] == [
            ("https-office", 200, "Allow"),
            ("lb", 300, "Allow"),
            ("deny-internet-inbound", 4096, "Deny"),
        ]
        assert rules[0]["destinationPortRanges"] == ["443", "8443"]
        assert rules[0]["sourceAddressPrefixes"] == ["203.0.113.0/24", "198.51.100.0/24"]
        assert rules[0]["destinationAddressPrefix"] == "10.0.16.0/22"
        assert rules[1]["sourceAddressPrefix"] == "Internet"
        assert rules[1]["destinationAddressPrefix"] == "10.0.16.10"
        assert by_name(graph, NSG)["core-nsg-aks"].inputs["securityRules"][0]["access"] == "Deny"

    def test_service_endpoints_policies_and_delegations(self) -> None:
        graph = build({"subnets": {"workload": {
            "service_endpoints": ["Microsoft.Storage"],
            "private_endpoint_network_policies": "Disabled",
            "delegations": ["Microsoft.DBforPostgreSQL/flexibleServers"]}}})  # fmt: skip
        subnet = by_name(graph, SUBNET)["core-subnet-workload"]
        assert subnet.inputs["serviceEndpoints"] == [{"service": "Microsoft.Storage"}]
        assert subnet.inputs["privateEndpointNetworkPolicies"] == "Disabled"
        assert subnet.inputs["delegations"] == [
            {"name": "Microsoft.DBforPostgreSQL.flexibleServers",
             "serviceName": "Microsoft.DBforPostgreSQL/flexibleServers"}
        ]  # fmt: skip

    def test_bastion_subnet_and_its_required_rules(self) -> None:
        graph = build({"subnets": {"bastion": {"enabled": True}}})
        subnet = by_name(graph, SUBNET)["core-subnet-bastion"]
        assert subnet.inputs["subnetName"] == "AzureBastionSubnet"
        assert subnet.inputs["addressPrefix"] == "10.0.21.0/26"
        rules = {
            r["name"]: r for r in by_name(graph, NSG)["core-nsg-bastion"].inputs["securityRules"]
        }
        assert rules["AllowHttpsInbound"]["sourceAddressPrefix"] == "Internet"
        assert rules["AllowGatewayManagerInbound"]["sourceAddressPrefix"] == "GatewayManager"
        assert rules["AllowSshRdpOutbound"]["destinationPortRanges"] == ["22", "3389"]
        assert rules["deny-internet-inbound"]["priority"] == 4096

    def test_nat_gateway(self) -> None:
        """Standard NAT gateway, zone-redundant /31 prefix, on aks and workload only."""
        graph = build({"nat_gateway": {"enabled": True}})
        nat = graph.one(NAT)
        prefix = graph.one(PREFIX)
        assert nat.inputs["sku"] == {"name": "Standard"}
        assert nat.inputs["natGatewayName"] == "ng-payments-dev-core"
        assert nat.inputs["publicIpPrefixes"] == [{"id": prefix.id}]
        assert nat.inputs["idleTimeoutInMinutes"] == 4
        assert prefix.inputs["prefixLength"] == 31
        assert prefix.inputs["sku"] == {"name": "Standard", "tier": "Regional"}
        assert prefix.inputs["zones"] == ["1", "2", "3"]
        assert prefix.id.endswith("/publicIPPrefixes/ippre-payments-dev-core-nat")
        subnets = by_name(graph, SUBNET)
        assert subnets["core-subnet-aks"].inputs["natGateway"] == {"id": nat.id}
        assert subnets["core-subnet-workload"].inputs["natGateway"] == {"id": nat.id}
        assert "natGateway" not in subnets["core-subnet-private-endpoints"].inputs

    def test_nat_gateway_with_one_address_in_a_location_without_zones(self) -> None:
        nat = {"enabled": True, "public_ip_prefix_length": None, "subnets": ["workload"]}
        graph = build({"location": "westus", "nat_gateway": nat})
        pip = graph.one(PIP)
        assert pip.inputs["publicIPAllocationMethod"] == "Static"
        assert pip.inputs["sku"] == {"name": "Standard", "tier": "Regional"}
        assert "zones" not in pip.inputs
        assert graph.one(NAT).inputs["publicIpAddresses"] == [{"id": pip.id}]
        assert graph.resources(PREFIX) == []
        assert "natGateway" not in by_name(graph, SUBNET)["core-subnet-aks"].inputs

    def test_ddos_plan_created(self) -> None:
        graph = build({"ddos_protection": {"enabled": True}})
        plan = graph.one(DDOS)
        vnet = graph.one(VNET)
        assert vnet.inputs["enableDdosProtection"] is True
        assert vnet.inputs["ddosProtectionPlan"] == {"id": plan.id}

    def test_existing_ddos_plan(self) -> None:
        graph = build({"ddos_protection": {"enabled": True, "plan_id": PLAN_ID}})
        assert graph.resources(DDOS) == []
        assert graph.one(VNET).inputs["ddosProtectionPlan"] == {"id": PLAN_ID}

    def test_existing_workspace(self) -> None:
        graph = build({"log_analytics_workspace_id": WORKSPACE_ID})
        assert graph.resources(WORKSPACE) == []
        assert {d.inputs["workspaceId"] for d in graph.resources(DIAG)} == {WORKSPACE_ID}

    def test_diagnostics_off(self) -> None:
        graph = build({"diagnostic_settings": False})
        assert graph.resources(DIAG) == []
        assert graph.resources(WORKSPACE) == []

    def test_existing_resource_group(self) -> None:
        graph = build({"resource_group_name": "rg-network"})
        assert graph.resources(RG) == []
        assert graph.one(VNET).inputs["resourceGroupName"] == "rg-network"

    def test_protect_and_role_options_reach_children(self) -> None:
        def program() -> None:
            SecureVnet(
                "core",
                {"resource_options": {"subnet": {"ignore_changes": ["routeTable"]}}},
                opts=pulumi.ResourceOptions(protect=True),
            )

        graph = run_azure(program)
        assert all(r.protect for r in graph.custom_resources() if not r.is_provider)
        assert all(r.ignore_changes == ("routeTable",) for r in graph.resources(SUBNET))
        assert graph.one(VNET).ignore_changes == ()


class TestOutputs:
    def test_attributes_and_exports(self) -> None:
        """What the AKS and VM components read: subnet_ids by tier, workspace_id, the plan."""
        plans: list[Any] = []

        def program() -> None:
            vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
            plans.append((vnet.plan, sorted(vnet.subnets), vnet.location))
            pulumi.export("aks", vnet.subnet_ids["aks"])
            pulumi.export("workload", vnet.subnet_id("workload"))
            pulumi.export("workspace", vnet.workspace_id)
            pulumi.export("vnet_id", vnet.vnet_id)
            pulumi.export("name", vnet.vnet_name)

        graph = run_azure(program)
        subnets = by_name(graph, SUBNET)
        out = graph.outputs
        assert out["aks"] == subnets["core-subnet-aks"].id
        assert out["aks"].endswith("/virtualNetworks/vnet-payments-dev-core/subnets/snet-aks")
        assert out["workload"] == subnets["core-subnet-workload"].id
        assert out["workspace"] == graph.one(WORKSPACE).id
        assert out["vnet_id"] == graph.one(VNET).id
        assert out["name"] == "vnet-payments-dev-core"
        plan, tiers, location = plans[0]
        assert plan.cidrs()["aks"] == "10.30.0.0/20"
        assert tiers == ["aks", "private_endpoints", "workload"]
        assert location == "westeurope"

    def test_unknown_tier(self) -> None:
        def program() -> None:
            SecureVnet("core", {}).subnet_id("private")

        captured = capture(program, az_config())
        assert captured.error.key_path == "azure.vnet.subnets.private"

    def test_urn_snapshot(self) -> None:
        graph = build({"nat_gateway": {"enabled": True}, "subnets": {"bastion": {"enabled": True}}})
        assert_urns_match(graph, SNAPSHOTS / "secure_vnet.txt")

    def test_roles(self) -> None:
        assert SecureVnet.ROLES[0] == "resource_group"
        assert set(ROLES) <= set(SecureVnet.ROLES)


class TestRefusals:
    def test_unknown_location(self) -> None:
        err = refused({"address_space": "10.30.0.0/16", "location": "westeurop"})
        assert err.key_path == "azure.vnet.location"
        assert "westeurope" in err.message

    def test_overlapping_address_spaces(self) -> None:
        err = refused({"address_space": ["10.0.0.0/16", "10.0.0.0/24"]})
        assert err.key_path == "azure.vnet.address_space"
        assert "address_space[1]" in err.message

    def test_subnet_outside_the_space(self) -> None:
        err = refused({"subnets": {"workload": {"address_prefix": "192.168.0.0/24"}}})
        assert err.key_path == "azure.vnet.subnets.workload.address_prefix"

    def test_overlapping_peered_ranges(self) -> None:
        err = refused({"address_space": "10.30.0.0/16", "existing_cidrs": ["10.30.128.0/17"]})
        assert err.key_path == "azure.vnet.address_space"
        assert "existing_cidrs[0]" in err.message

    def test_internet_rule_without_the_word(self) -> None:
        err = refused({"subnets": {"aks": {"inbound_rules": [
            {"name": "web", "priority": 100, "protocol": "Tcp", "ports": ["443"],
             "source_address_prefixes": ["0.0.0.0/0"]}]}}})  # fmt: skip
        assert err.key_path == "azure.vnet.subnets.aks.inbound_rules[0].source_address_prefixes"

    def test_no_location_anywhere(self) -> None:
        azure = {"enabled": True}
        project = {"name": PROJECT, "environment": "dev"}
        captured = capture(
            lambda: SecureVnet("core", {}),
            {"iaccore:project": project, "iaccore:azure": azure},
        )
        assert captured.error.key_path == "azure.vnet.location"
        assert captured.graph.custom_resources() == []

    def test_duplicate_name(self) -> None:
        def program() -> None:
            SecureVnet("core", {"address_space": "10.0.0.0/16"})
            SecureVnet("core", {"address_space": "10.1.0.0/16"})

        captured = capture(program, az_config())
        assert "already exists" in captured.error.message
        assert len(captured.graph.resources(COMPONENT)) == 1


class TestConfiguredVnets:
    def azure(self, **keys: Any) -> dict[str, Any]:
        return az_config(**{"iaccore:azure": {**az_config()["iaccore:azure"], **keys}})

    def test_stack_azure_vnet(self) -> None:
        """SecureVnet("core", stack.azure.vnet) builds the section's VNet under azure.vnet."""

        def program() -> None:
            stack = iaccore.load_stack()
            vnet = SecureVnet("core", stack.azure.vnet)
            assert vnet.key_path == "azure.vnet"

        graph = run_azure(program, **self.azure(vnet={"address_space": "10.40.0.0/16"}))
        assert graph.one(VNET).inputs["addressSpace"] == {"addressPrefixes": ["10.40.0.0/16"]}

    def test_vnets_by_name_use_their_key_path(self) -> None:
        vnets = {"hub": {"address_space": "10.1.0.0/16"}, "spoke": {"address_space": "10.2.0.0/16"}}

        def program() -> None:
            stack = iaccore.load_stack()
            for name, config in stack.azure.vnets.items():
                assert SecureVnet(name, config).key_path == f"azure.vnets.{name}"

        graph = run_azure(program, **self.azure(vnets=vnets))
        assert sorted(v.name for v in graph.resources(COMPONENT)) == ["hub", "spoke"]
        assert {v.inputs["virtualNetworkName"] for v in graph.resources(VNET)} == {
            "vnet-payments-dev-hub",
            "vnet-payments-dev-spoke",
        }

    def test_name_of_vnets_built_from_other_config(self) -> None:
        captured = capture(
            lambda: SecureVnet("hub", {"address_space": "10.9.0.0/16"}),
            self.azure(vnets={"hub": {"address_space": "10.1.0.0/16"}}),
        )
        assert captured.error.key_path == "azure.vnets.hub"
        assert captured.graph.custom_resources() == []


def test_helpers_never_import_the_component() -> None:
    """Private helpers of the network package take a child factory, never the SecureVnet."""
    root = Path(iaccore.azure.network.__file__).parent
    for path in root.glob("_*.py"):
        if path.name == "__init__.py":
            continue
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        assert "iaccore.azure.network.vnet" not in imported, path.name


@pytest.mark.parametrize("module", ["planning", "rules", "names", "limits", "config"])
def test_pure_modules_import_no_pulumi(module: str) -> None:
    path = Path(iaccore.azure.network.__file__).parent / f"{module}.py"
    tree = ast.parse(path.read_text("utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("pulumi") for name in names)
