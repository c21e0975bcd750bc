"""VnetConfig: secure defaults, merging of subnet tiers, refusals naming their keys; and the
cross-section check that configured VNets do not overlap (iaccore.azure.validation)."""

from __future__ import annotations

from typing import Any

import pytest

import iaccore
from iaccore.azure.config import AzureSection
from iaccore.azure.network.config import InboundRuleConfig, VnetConfig
from iaccore.azure.validation import check_vnet_address_spaces
from iaccore.core.config.validation import validate_model
from iaccore.core.errors import ConfigurationError
from iaccore.synth import synth
from iaccore.testing import capture_error
from tests.azure.helpers import PROJECT, az_config


def reject(data: dict[str, Any]) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as err:
        validate_model(VnetConfig, data, key_path="azure.vnet")
    return err.value


def vnet_config(**data: Any) -> VnetConfig:
    """A VnetConfig from plain data, as the config loader builds it."""
    return VnetConfig.model_validate(data)


def section(**data: Any) -> AzureSection:
    return AzureSection.model_validate(data)


def rule(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "https",
        "priority": 200,
        "protocol": "Tcp",
        "ports": ["443"],
        "source_address_prefixes": ["203.0.113.0/24"],
        **overrides,
    }


class TestDefaults:
    def test_secure_defaults(self) -> None:
        """NSG-friendly policies on, no implicit outbound, no NAT, no DDoS, diagnostics on."""
        vnet = VnetConfig()
        assert vnet.address_space == "10.0.0.0/16"
        assert list(vnet.enabled_subnets()) == ["aks", "workload", "private_endpoints"]
        assert vnet.subnets["bastion"].enabled is False
        for subnet in vnet.enabled_subnets().values():
            assert subnet.private_endpoint_network_policies == "Enabled"
            assert subnet.default_outbound_access is False
            assert subnet.inbound_rules == ()
            assert subnet.service_endpoints == ()
        assert vnet.nat_gateway.enabled is False
        assert vnet.ddos_protection.enabled is False
        assert vnet.diagnostic_settings is True
        assert vnet.log_analytics_workspace_id is None

    def test_subnets_merge_over_the_default_tiers(self) -> None:
        """Naming one tier changes it only; bastion keeps its off default unless enabled."""
        vnet = vnet_config(subnets={"aks": {"prefix_length": 21}, "db": {"prefix_length": 27}})
        assert list(vnet.enabled_subnets()) == ["aks", "workload", "private_endpoints", "db"]
        assert vnet.subnets["aks"].prefix_length == 21
        quiet = vnet_config(subnets={"bastion": {"service_endpoints": []}})
        assert quiet.subnets["bastion"].enabled is False
        assert vnet_config(subnets={"bastion": {"enabled": True}}).subnets["bastion"].enabled

    def test_address_space_string_or_list(self) -> None:
        assert vnet_config(address_space=["10.0.0.0/16", "10.1.0.0/16"]).plan().address_space == (
            "10.0.0.0/16",
            "10.1.0.0/16",
        )

    def test_service_endpoints_and_policies_from_config(self) -> None:
        vnet = vnet_config(
            subnets={
                "workload": {
                    "service_endpoints": ["Microsoft.Storage", "Microsoft.KeyVault"],
                    "private_endpoint_network_policies": "NetworkSecurityGroupEnabled",
                }
            }
        )
        workload = vnet.subnets["workload"]
        assert workload.service_endpoints == ("Microsoft.Storage", "Microsoft.KeyVault")
        assert workload.private_endpoint_network_policies == "NetworkSecurityGroupEnabled"

    def test_internet_rule_with_the_word(self) -> None:
        allowed = InboundRuleConfig(
            **rule(source_address_prefixes=["Internet"], allow_internet=True)
        )
        assert allowed.allow_internet


class TestRefusals:
    @pytest.mark.parametrize("source", ["Internet", "*", "0.0.0.0/0", "any", "0.0.0.0/1"])
    def test_internet_source_needs_allow_internet(self, source: str) -> None:
        err = reject(
            {"subnets": {"workload": {"inbound_rules": [rule(source_address_prefixes=[source])]}}}
        )
        assert (
            err.key_path == "azure.vnet.subnets.workload.inbound_rules[0].source_address_prefixes"
        )
        assert "allow_internet: true" in err.message

    def test_service_tag_must_stand_alone(self) -> None:
        err = reject({"subnets": {"aks": {"inbound_rules": [
            rule(source_address_prefixes=["VirtualNetwork", "10.0.0.0/8"])]}}})  # fmt: skip
        assert "service tag 'VirtualNetwork' must be the only entry" in err.message

    @pytest.mark.parametrize(
        ("rules", "words"),
        [([rule(), rule(priority=300)], "one name"), ([rule(), rule(name="b")], "one priority"),
         ([rule(name="deny-internet-inbound")], "iaccore's own rule")],
    )  # fmt: skip
    def test_rule_clashes(self, rules: list[dict[str, Any]], words: str) -> None:
        err = reject({"subnets": {"aks": {"inbound_rules": rules}}})
        assert err.key_path == "azure.vnet.subnets.aks.inbound_rules"
        assert words in err.message

    @pytest.mark.parametrize(
        ("field", "value"),
        [("priority", 4096), ("priority", 99), ("ports", ["70000"]), ("ports", ["90-80"]),
         ("protocol", "tcp"), ("name", "-bad")],
    )  # fmt: skip
    def test_bad_rule_values(self, field: str, value: Any) -> None:
        err = reject({"subnets": {"aks": {"inbound_rules": [rule(**{field: value})]}}})
        assert str(err.key_path).startswith("azure.vnet.subnets.aks.inbound_rules[0]")

    def test_bastion_rule_clashes_with_the_required_ones(self) -> None:
        err = reject(
            {"subnets": {"bastion": {"enabled": True, "inbound_rules": [rule(priority=120)]}}}
        )
        assert err.key_path == "azure.vnet.subnets.bastion.inbound_rules"

    def test_overlapping_address_spaces(self) -> None:
        err = reject({"address_space": ["10.0.0.0/16", "10.0.128.0/24"]})
        assert err.key_path == "azure.vnet.address_space"
        assert "address_space[1]" in err.message
        assert "overlaps 10.0.0.0/16" in err.message

    def test_subnet_outside_the_space(self) -> None:
        err = reject(
            {"address_space": "10.0.0.0/16", "subnets": {"aks": {"address_prefix": "10.1.0.0/20"}}}
        )
        assert err.key_path == "azure.vnet.subnets.aks.address_prefix"

    def test_space_overlapping_peered_ranges(self) -> None:
        err = reject({"address_space": "10.0.0.0/16", "existing_cidrs": ["10.0.0.0/8"]})
        assert err.key_path == "azure.vnet.address_space"
        assert "existing_cidrs[0]" in err.message

    @pytest.mark.parametrize(
        ("data", "key"),
        [({"nat_gateway": {"enabled": True, "subnets": ["bastion"]}}, "nat_gateway.subnets"),
         ({"nat_gateway": {"enabled": True, "subnets": ["db"]}}, "nat_gateway.subnets"),
         ({"nat_gateway": {"public_ip_prefix_length": 27}}, "nat_gateway.public_ip_prefix_length"),
         ({"ddos_protection": {"plan_id": "/subscriptions/00000000-0000-4000-8000-000000000001/"
           "resourceGroups/rg/providers/Microsoft.Network/ddosProtectionPlans/p"}},
          "ddos_protection"),
         ({"subnets": {"aks": {"service_endpoints": ["Microsoft.Storag"]}}},
          "subnets.aks.service_endpoints"),
         ({"location": "westeurop"}, "location"),
         ({"log_analytics_workspace_id": "not-an-id"}, "log_analytics_workspace_id")],
    )  # fmt: skip
    def test_refused_with_its_key(self, data: dict[str, Any], key: str) -> None:
        assert reject(data).key_path == f"azure.vnet.{key}"


class TestVnetsDoNotOverlap:
    def test_cross_section_check_names_the_later_vnet(self) -> None:
        azure = section(
            vnet={"address_space": "10.0.0.0/16"},
            vnets={"spoke": {"address_space": "10.2.0.0/16"},
                   "hub": {"address_space": ["10.1.0.0/16", "10.0.4.0/24"]}},
        )  # fmt: skip
        with pytest.raises(
            ValueError,
            match=r"^azure\.vnets\.hub\.address_space: 10\.0\.4\.0/24 "
            r"\(address_space\[1\]\) overlaps 10\.0\.0\.0/16 of azure\.vnet",
        ):
            check_vnet_address_spaces(azure)

    def test_two_vnets_of_vnets_overlap(self) -> None:
        azure = section(
            vnets={"a": {"address_space": "10.0.0.0/16"}, "b": {"address_space": "10.0.0.0/20"}}
        )
        with pytest.raises(
            ValueError, match=r"^azure\.vnets\.b\.address_space: .* of azure\.vnets\.a"
        ):
            check_vnet_address_spaces(azure)

    def test_disjoint_vnets_pass(self) -> None:
        azure = section(
            vnet={"address_space": "10.0.0.0/16"}, vnets={"hub": {"address_space": "10.1.0.0/16"}}
        )
        check_vnet_address_spaces(azure)

    def test_load_stack_refuses_overlapping_vnets(self) -> None:
        """In a program, loading the stack config refuses it, naming the key; nothing registers."""
        azure = {**az_config()["iaccore:azure"],
                 "vnet": {"address_space": "10.0.0.0/16"},
                 "vnets": {"hub": {"address_space": "10.0.0.0/16"}}}  # fmt: skip
        captured = capture_error(
            iaccore.load_stack,
            error=ConfigurationError,
            project=PROJECT,
            config=az_config(**{"iaccore:azure": azure}),
        )
        assert captured.error.key_path == "azure.vnets.hub.address_space"
        assert captured.graph.custom_resources() == []


def test_a_valid_section_loads() -> None:
    seen: list[Any] = []
    azure = {**az_config()["iaccore:azure"], "vnets": {"hub": {"address_space": "10.1.0.0/16"}}}
    synth(lambda: seen.append(iaccore.load_stack().azure.vnets["hub"]), project=PROJECT,
          config=az_config(**{"iaccore:azure": azure}))  # fmt: skip
    assert seen[0].plan().cidrs()["aks"] == "10.1.0.0/20"
