"""The pure VNet subnet planner (iaccore.azure.network.planning) and its NSG rules."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaccore.aws.network.planning import plan_subnets
from iaccore.azure.network.planning import (
    DEFAULT_TIERS,
    SubnetSpec,
    default_prefix_length,
    ordered_tiers,
    plan_vnet,
    subnet_name,
)
from iaccore.azure.network.rules import BASTION_RULE_NAMES, DENY_RULE, nsg_rules
from iaccore.core.cidr import allocate_blocks
from iaccore.core.errors import ConfigurationError


def refused(*args: object, **kwargs: object) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as err:
        plan_vnet(*args, **kwargs)  # type: ignore[arg-type]
    return err.value


class TestDefaults:
    def test_default_layout_of_a_slash_16(self) -> None:
        """aks /20, workload /22, private_endpoints /24, packed from the start, tier order."""
        plan = plan_vnet("10.30.0.0/16")
        assert plan.cidrs() == {
            "aks": "10.30.0.0/20",
            "workload": "10.30.16.0/22",
            "private_endpoints": "10.30.20.0/24",
        }
        assert plan.address_space == ("10.30.0.0/16",)
        assert plan.warnings == ()
        assert [s.name for s in plan.subnets] == [
            "snet-aks",
            "snet-workload",
            "snet-private-endpoints",
        ]

    def test_bastion_is_always_slash_26_and_named_for_azure(self) -> None:
        plan = plan_vnet("10.0.0.0/16", {"aks": None, "bastion": None})
        bastion = plan.subnet("bastion")
        assert (bastion.name, bastion.cidr) == ("AzureBastionSubnet", "10.0.16.0/26")
        assert bastion.usable_ips == 59

    @pytest.mark.parametrize(
        ("tier", "space", "expected"),
        [("aks", 16, 20), ("workload", 16, 22), ("private_endpoints", 16, 24), ("db", 16, 24),
         ("aks", 27, 29), ("bastion", 20, 26)],
    )  # fmt: skip
    def test_default_prefix_lengths(self, tier: str, space: int, expected: int) -> None:
        assert default_prefix_length(tier, space) == expected

    def test_tier_order_known_first_then_by_name(self) -> None:
        assert ordered_tiers({"zeta": 1, "bastion": 1, "alpha": 1, "aks": 1}) == (
            "aks",
            "bastion",
            "alpha",
            "zeta",
        )
        assert subnet_name("private_endpoints") == "snet-private-endpoints"

    def test_same_allocator_as_the_aws_planner(self) -> None:
        """With one slot per tier the AWS planner and the shared allocator agree."""
        aws = plan_subnets("10.0.0.0/16", ["az1"], tiers={"public": 24, "private": 20})
        placed = allocate_blocks(
            ipaddress.IPv4Network("10.0.0.0/16"), [("public", 24), ("private", 20)]
        )
        assert aws.cidrs("private") == (str(placed[("private", 0)]),)
        assert aws.cidrs("public") == (str(placed[("public", 0)]),)

    def test_non_private_space_warns(self) -> None:
        assert plan_vnet("11.0.0.0/16").warnings
        assert plan_vnet("100.64.0.0/16").warnings == ()


class TestLayout:
    def test_sizes_and_custom_tiers(self) -> None:
        plan = plan_vnet("10.0.0.0/20", {"aks": 22, "db": SubnetSpec(prefix_length=27)})
        assert plan.cidrs() == {"aks": "10.0.0.0/22", "db": "10.0.4.0/27"}

    def test_fixed_subnet_stays_and_others_go_around(self) -> None:
        plan = plan_vnet(
            "10.0.0.0/16",
            {"aks": None, "workload": SubnetSpec(address_prefix="10.0.0.0/22")},
        )
        assert plan.cidrs() == {"aks": "10.0.16.0/20", "workload": "10.0.0.0/22"}

    def test_reserved_ranges_are_kept_free(self) -> None:
        plan = plan_vnet("10.0.0.0/16", {"workload": 22}, reserved=["10.0.0.0/24"])
        assert plan.cidrs() == {"workload": "10.0.4.0/22"}

    def test_several_address_spaces_fill_in_order(self) -> None:
        plan = plan_vnet(["10.0.0.0/24", "10.1.0.0/20"], {"aks": 21, "private_endpoints": 25})
        assert plan.cidrs() == {"aks": "10.1.0.0/21", "private_endpoints": "10.0.0.0/25"}

    def test_every_default_tier(self) -> None:
        assert plan_vnet("10.0.0.0/16").tiers == DEFAULT_TIERS


class TestRefusals:
    def test_two_address_spaces_of_one_vnet_overlap(self) -> None:
        err = refused(["10.0.0.0/16", "10.0.128.0/24"])
        assert err.key_path == "azure.vnet.address_space[1]"
        assert "overlaps 10.0.0.0/16" in err.message

    def test_subnet_outside_the_space(self) -> None:
        err = refused("10.0.0.0/16", {"aks": SubnetSpec(address_prefix="10.1.0.0/24")})
        assert err.key_path == "azure.vnet.subnets.aks.address_prefix"
        assert "outside the VNet's address space" in err.message

    def test_fixed_subnets_overlap(self) -> None:
        err = refused(
            "10.0.0.0/16",
            {"aks": SubnetSpec(address_prefix="10.0.0.0/20"),
             "workload": SubnetSpec(address_prefix="10.0.8.0/22")},
        )  # fmt: skip
        assert err.key_path == "azure.vnet.subnets.workload.address_prefix"

    def test_fixed_subnet_on_a_reserved_range(self) -> None:
        err = refused(
            "10.0.0.0/16",
            {"aks": SubnetSpec(address_prefix="10.0.0.0/20")},
            reserved=["10.0.1.0/24"],
        )
        assert "reserved_cidrs[0]" in err.message

    def test_space_overlaps_existing_networks(self) -> None:
        err = refused("10.0.0.0/16", existing=["192.168.0.0/16", "10.0.200.0/24"], key_path="x")
        assert err.key_path == "x.address_space"
        assert "existing_cidrs[1]" in err.message

    def test_list_space_overlapping_existing_names_its_index(self) -> None:
        err = refused(["10.1.0.0/16", "10.0.0.0/16"], existing=["10.0.0.0/8"])
        assert err.key_path == "azure.vnet.address_space[0]"

    @pytest.mark.parametrize(
        ("space", "words"),
        [("10.0.0.1/16", "host bits"), ("10.0.0.0/30", "outside the Azure limits"),
         ("10.0.0.0/7", "outside the Azure limits"), ("fd00::/48", "IPv6"),
         ("169.254.0.0/16", "does not allow"), ("168.63.129.0/24", "does not allow"),
         ("nonsense", "not a CIDR")],
    )  # fmt: skip
    def test_bad_address_space(self, space: str, words: str) -> None:
        err = refused(space)
        assert err.key_path == "azure.vnet.address_space"
        assert words in err.message

    def test_does_not_fit(self) -> None:
        err = refused("10.0.0.0/24", {"aks": 25, "workload": 25, "db": 26})
        assert err.key_path == "azure.vnet.address_space"
        assert "too small" in err.message

    def test_bastion_smaller_than_slash_26(self) -> None:
        err = refused("10.0.0.0/16", {"bastion": 27})
        assert err.key_path == "azure.vnet.subnets.bastion.prefix_length"
        assert "/26" in err.message

    def test_subnet_below_slash_29(self) -> None:
        err = refused("10.0.0.0/16", {"aks": 30})
        assert "smallest subnet is /29" in err.message

    def test_subnet_larger_than_every_space(self) -> None:
        err = refused("10.0.0.0/20", {"aks": 16})
        assert err.key_path == "azure.vnet.subnets.aks.prefix_length"

    def test_no_tier(self) -> None:
        assert refused("10.0.0.0/16", {}).key_path == "azure.vnet.subnets"

    def test_bad_tier_name(self) -> None:
        assert refused("10.0.0.0/16", {"Bad-Tier": None}).key_path == "azure.vnet.subnets.Bad-Tier"


class TestRules:
    def test_deny_internet_is_last_inbound(self) -> None:
        rules = nsg_rules("aks", "10.0.0.0/20", ())
        assert [(r.name, r.priority, r.access, r.sources) for r in rules] == [
            (DENY_RULE, 4096, "Deny", ("Internet",))
        ]

    def test_configured_rule_targets_the_subnet(self) -> None:
        from iaccore.azure.network.config import InboundRuleConfig

        rule = InboundRuleConfig(
            name="https", priority=200, protocol="Tcp", ports=("443",),
            source_address_prefixes=("203.0.113.0/24",),
        )  # fmt: skip
        first = nsg_rules("workload", "10.0.16.0/22", [rule])[0]
        assert (first.name, first.access, first.destinations) == (
            "https",
            "Allow",
            ("10.0.16.0/22",),
        )

    def test_bastion_gets_its_required_rules(self) -> None:
        names = [r.name for r in nsg_rules("bastion", "10.0.0.0/26", ())]
        assert set(BASTION_RULE_NAMES) <= set(names)
        assert names[-1] == "AllowHttpOutbound"


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, dict[str, int | None]]:
    prefix = draw(st.integers(8, 29))
    space = ipaddress.IPv4Network((0x0A000000, prefix))
    tiers: dict[str, int | None] = {}
    for tier in ("aks", "workload", "private_endpoints", "db"):
        kind = draw(st.sampled_from(["default", "size", "absent"]))
        if kind == "default":
            tiers[tier] = None
        elif kind == "size":
            tiers[tier] = draw(st.integers(prefix, 29))
    return str(space), tiers or {"aks": None}


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_plan_is_sound(layout: tuple[str, dict[str, int | None]]) -> None:
    """Subnets lie in the space, never overlap, have the asked sizes; refusals only on size."""
    space, tiers = layout
    try:
        plan = plan_vnet(space, tiers)
    except ConfigurationError as err:
        refusal = err.message
    else:
        refusal = ""
    if refusal:
        assert "too small" in refusal
        return
    network = ipaddress.IPv4Network(space)
    nets = [s.network for s in plan.subnets]
    assert all(n.subnet_of(network) for n in nets)
    assert not any(a.overlaps(b) for i, a in enumerate(nets) for b in nets[i + 1 :])
    for subnet in plan.subnets:
        asked = tiers[subnet.tier]
        expected = (
            asked if asked is not None else default_prefix_length(subnet.tier, network.prefixlen)
        )
        assert subnet.network.prefixlen == expected
