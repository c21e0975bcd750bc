"""Unit tests of iaccore.aws.network.planning."""

from __future__ import annotations

import pytest

from iaccore.aws.network.planning import (
    DEFAULT_PREFIX_OFFSETS,
    TIER_ORDER,
    PlannedSubnet,
    SubnetPlan,
    TierSpec,
    az_suffix,
    default_prefix_length,
    parse_vpc_cidr,
    plan_subnets,
    validate_az_count,
    vpc_cidr_warnings,
)
from iaccore.core.errors import ConfigurationError

AZS3 = ("eu-west-1a", "eu-west-1b", "eu-west-1c")


def _err(**kwargs: object) -> ConfigurationError:
    args = {"vpc_cidr": "10.0.0.0/16", "azs": AZS3, **kwargs}
    with pytest.raises(ConfigurationError) as info:
        plan_subnets(**args)  # type: ignore[arg-type]
    return info.value


class TestDefaultPlan:
    """The default /16 x 3 AZ layout, CIDR by CIDR."""

    def test_exact_cidrs(self) -> None:
        """Private /20s first, then public and isolated /24s, listed in tier order."""
        plan = plan_subnets("10.0.0.0/16", AZS3)
        assert [(s.tier, s.az, s.az_index, s.cidr, s.name_suffix) for s in plan.subnets] == [
            ("public", "eu-west-1a", 0, "10.0.48.0/24", "public-a"),
            ("public", "eu-west-1b", 1, "10.0.49.0/24", "public-b"),
            ("public", "eu-west-1c", 2, "10.0.50.0/24", "public-c"),
            ("private", "eu-west-1a", 0, "10.0.0.0/20", "private-a"),
            ("private", "eu-west-1b", 1, "10.0.16.0/20", "private-b"),
            ("private", "eu-west-1c", 2, "10.0.32.0/20", "private-c"),
            ("isolated", "eu-west-1a", 0, "10.0.51.0/24", "isolated-a"),
            ("isolated", "eu-west-1b", 1, "10.0.52.0/24", "isolated-b"),
            ("isolated", "eu-west-1c", 2, "10.0.53.0/24", "isolated-c"),
        ]

    def test_counts_and_helpers(self) -> None:
        """Three subnets per tier, three per AZ; helpers filter in stable order."""
        plan = plan_subnets("10.0.0.0/16", AZS3)
        assert plan.tiers == TIER_ORDER
        assert plan.prefix_lengths == (("public", 24), ("private", 20), ("isolated", 24))
        for tier in TIER_ORDER:
            assert [s.az for s in plan.by_tier(tier)] == list(AZS3)
        for az in AZS3:
            assert [s.tier for s in plan.for_az(az)] == list(TIER_ORDER)
        assert plan.cidrs("public") == ("10.0.48.0/24", "10.0.49.0/24", "10.0.50.0/24")
        assert plan.by_tier("unknown") == ()
        assert plan.warnings == ()
        assert plan.vpc_cidr == "10.0.0.0/16"
        assert plan.azs == AZS3

    def test_deterministic(self) -> None:
        """The same input gives an equal plan."""
        assert plan_subnets("10.0.0.0/16", AZS3) == plan_subnets("10.0.0.0/16", list(AZS3))

    def test_usable_ips(self) -> None:
        """AWS reserves five addresses per subnet."""
        subnet = plan_subnets("10.0.0.0/16", AZS3).by_tier("private")[0]
        assert isinstance(subnet, PlannedSubnet)
        assert subnet.usable_ips == 4096 - 5
        assert str(subnet.network) == "10.0.0.0/20"


class TestTiers:
    """Tier selection and sizes."""

    def test_defaults_relative_to_vpc(self) -> None:
        """Defaults are VPC prefix + offset, capped at /28."""
        assert DEFAULT_PREFIX_OFFSETS == {"public": 8, "private": 4, "isolated": 8}
        assert default_prefix_length("public", 16) == 24
        assert default_prefix_length("private", 20) == 24
        assert default_prefix_length("isolated", 22) == 28
        assert default_prefix_length("public", 28) == 28

    def test_int_and_none_and_spec(self) -> None:
        """Ints set sizes, None takes the default, disabled specs and missing tiers drop out."""
        plan = plan_subnets(
            "10.0.0.0/16",
            AZS3[:2],
            tiers={"public": 26, "private": None, "isolated": TierSpec(enabled=False)},
        )
        assert plan.tiers == ("public", "private")
        assert plan.cidrs("private") == ("10.0.0.0/20", "10.0.16.0/20")
        assert plan.cidrs("public") == ("10.0.32.0/26", "10.0.32.64/26")
        assert plan.by_tier("isolated") == ()

    def test_only_private(self) -> None:
        """A tier mapping with one tier plans only that tier."""
        plan = plan_subnets("192.168.0.0/24", ["us-east-1a"], tiers={"private": 28})
        assert [s.cidr for s in plan.subnets] == ["192.168.0.0/28"]

    def test_az_slots_keep_cidrs_stable(self) -> None:
        """With az_slots reserved, adding an AZ moves no existing subnet."""
        two = plan_subnets("10.0.0.0/16", AZS3[:2], az_slots=6)
        three = plan_subnets("10.0.0.0/16", AZS3, az_slots=6)
        for subnet in two.subnets:
            assert subnet in three.subnets
        assert three.cidrs("public") == ("10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24")

    def test_reserved_ranges_are_skipped(self) -> None:
        """Subnets are placed around reserved ranges."""
        plan = plan_subnets("10.0.0.0/16", AZS3, tiers={"private": 20}, reserved=["10.0.16.0/24"])
        assert plan.cidrs("private") == ("10.0.0.0/20", "10.0.32.0/20", "10.0.48.0/20")

    def test_reserved_outside_vpc_ignored(self) -> None:
        """Reserved ranges outside the VPC change nothing."""
        assert plan_subnets("10.0.0.0/16", AZS3, reserved=["172.16.0.0/24"]) == plan_subnets(
            "10.0.0.0/16", AZS3
        )


class TestErrors:
    """Every invalid input raises ConfigurationError with a key path and expectation."""

    @pytest.mark.parametrize("cidr", ["10.0.0.0", "not-a-cidr/16", "10.0.0.300/16", ""])
    def test_invalid_cidr(self, cidr: str) -> None:
        """Garbage is refused at aws.vpc.cidr."""
        err = _err(vpc_cidr=cidr)
        assert err.key_path == "aws.vpc.cidr"
        assert "10.0.0.0/16" in (err.expected or "")

    def test_host_bits(self) -> None:
        """Host bits set: the message names the network address."""
        err = _err(vpc_cidr="10.0.0.1/16")
        assert err.key_path == "aws.vpc.cidr"
        assert err.message == "'10.0.0.1/16' has host bits set; the network address is 10.0.0.0/16"
        assert err.expected == "10.0.0.0/16"

    def test_ipv6(self) -> None:
        """IPv6 is refused."""
        assert "IPv6" in _err(vpc_cidr="fd00::/56").message

    @pytest.mark.parametrize("cidr", ["10.0.0.0/15", "10.0.0.0/8", "10.0.0.0/29"])
    def test_prefix_outside_limits(self, cidr: str) -> None:
        """VPC prefixes must be /16 to /28."""
        err = _err(vpc_cidr=cidr)
        assert err.key_path == "aws.vpc.cidr"
        assert "outside the AWS limits" in err.message
        assert err.expected == "a prefix from /16 to /28"

    @pytest.mark.parametrize("cidr", ["127.0.0.0/16", "169.254.0.0/16", "224.0.0.0/16"])
    def test_forbidden_ranges(self, cidr: str) -> None:
        """Loopback, link-local and multicast are not allowed for a VPC."""
        err = _err(vpc_cidr=cidr)
        assert "does not allow" in err.message
        assert "10.0.0.0/8" in (err.expected or "")

    def test_too_small(self) -> None:
        """A /24 cannot hold 3 x /26 of each of three tiers."""
        err = _err(vpc_cidr="10.0.0.0/24", tiers={"public": 26, "private": 26, "isolated": 26})
        assert err.key_path == "aws.vpc.cidr"
        assert err.message == (
            "VPC CIDR 10.0.0.0/24 is too small for the requested subnets: 3 x public /26, "
            "3 x private /26, 3 x isolated /26 need 576 addresses, the VPC has 256"
        )
        assert err.expected == "a larger VPC CIDR, longer tier prefix lengths or fewer AZs"

    def test_too_small_because_of_reserved(self) -> None:
        """Reserved ranges count against the space."""
        err = _err(
            vpc_cidr="10.0.0.0/24",
            azs=AZS3[:1],
            tiers={"private": 24},
            reserved=["10.0.0.0/28"],
        )
        assert "with reserved ranges kept free" in err.message

    def test_prefix_shorter_than_vpc(self) -> None:
        """A subnet larger than the VPC is refused at the tier's prefix_length."""
        err = _err(tiers={"private": 12})
        assert err.key_path == "aws.vpc.tiers.private.prefix_length"
        assert err.expected == "an integer from 16 to 28"

    def test_prefix_longer_than_28(self) -> None:
        """Subnets smaller than /28 are refused."""
        err = _err(tiers={"public": 29})
        assert err.key_path == "aws.vpc.tiers.public.prefix_length"
        assert "/28" in err.message

    def test_prefix_not_int(self) -> None:
        """Booleans are not prefix lengths."""
        err = _err(tiers={"public": TierSpec(prefix_length=True)})
        assert err.key_path == "aws.vpc.tiers.public.prefix_length"

    def test_unknown_tier(self) -> None:
        """Unknown tier names list the allowed ones."""
        err = _err(tiers={"dmz": 24})
        assert err.key_path == "aws.vpc.tiers.dmz"
        assert err.expected == "one of public, private, isolated"

    def test_no_tier(self) -> None:
        """At least one tier must be enabled."""
        err = _err(tiers={"public": TierSpec(enabled=False)})
        assert err.key_path == "aws.vpc.tiers"

    def test_no_azs(self) -> None:
        """An empty AZ list is refused."""
        assert _err(azs=()).key_path == "aws.vpc.azs"

    def test_duplicate_azs(self) -> None:
        """Duplicate AZs are refused."""
        err = _err(azs=("eu-west-1a", "eu-west-1a"))
        assert "more than once" in err.message

    def test_az_short_names_clash(self) -> None:
        """AZs of two regions with the same letter would get the same subnet names."""
        err = _err(azs=("eu-west-1a", "us-east-1a"))
        assert "distinct short names" in err.message

    def test_blank_az(self) -> None:
        """Blank AZ names are refused with their index."""
        assert _err(azs=("eu-west-1a", " ")).key_path == "aws.vpc.azs[1]"

    def test_existing_overlap(self) -> None:
        """The VPC must not overlap existing networks."""
        err = _err(existing=["192.168.0.0/16", "10.0.128.0/17"])
        assert err.key_path == "aws.vpc.cidr"
        assert "overlaps existing network 10.0.128.0/17 (existing_cidrs[1])" in err.message

    def test_invalid_reserved(self) -> None:
        """Invalid reserved CIDRs name their index."""
        err = _err(reserved=["10.0.0.1/24"])
        assert err.key_path == "aws.vpc.reserved_cidrs[0]"

    def test_az_slots_too_few(self) -> None:
        """az_slots below the AZ count is refused."""
        err = _err(az_slots=2)
        assert err.key_path == "aws.vpc.az_slots"
        assert err.expected == "an integer ≥ 3"

    def test_custom_key_path(self) -> None:
        """The key path prefix is configurable."""
        with pytest.raises(ConfigurationError) as info:
            plan_subnets("10.0.0.0/33", AZS3, key_path="aws.dr.vpc")
        assert info.value.key_path == "aws.dr.vpc.cidr"


class TestHelpers:
    """Warnings, AZ selection and AZ short names."""

    def test_non_rfc1918_warns(self) -> None:
        """A public range plans but warns."""
        plan = plan_subnets("100.64.0.0/16", AZS3)
        assert isinstance(plan, SubnetPlan)
        assert plan.warnings == (
            "VPC CIDR 100.64.0.0/16 is outside the RFC 1918 private ranges (10.0.0.0/8, "
            "172.16.0.0/12, 192.168.0.0/16); it may clash with public addresses",
        )

    @pytest.mark.parametrize("cidr", ["10.20.0.0/16", "172.31.0.0/16", "192.168.10.0/24"])
    def test_rfc1918_no_warning(self, cidr: str) -> None:
        """Private ranges do not warn."""
        assert vpc_cidr_warnings(parse_vpc_cidr(cidr)) == ()

    def test_validate_az_count(self) -> None:
        """Returns the first N AZs."""
        assert validate_az_count(2, AZS3) == AZS3[:2]
        assert validate_az_count(3, AZS3) == AZS3

    def test_validate_az_count_too_many(self) -> None:
        """More AZs than the region has is an error naming the available ones."""
        with pytest.raises(ConfigurationError) as info:
            validate_az_count(4, AZS3, "aws.vpc.azs")
        err = info.value
        assert err.key_path == "aws.vpc.azs"
        assert err.message == (
            "4 availability zones requested but the region has 3 "
            "(eu-west-1a, eu-west-1b, eu-west-1c)"
        )
        assert err.expected == "at most 3"

    @pytest.mark.parametrize("requested", [0, -1, True])
    def test_validate_az_count_not_positive(self, requested: int) -> None:
        """Zero, negatives and booleans are refused."""
        with pytest.raises(ConfigurationError):
            validate_az_count(requested, AZS3)

    @pytest.mark.parametrize(
        ("az", "suffix"),
        [
            ("eu-west-1a", "a"),
            ("us-gov-west-1b", "b"),
            ("ap-southeast-2c", "c"),
            ("us-west-2-lax-1a", "lax-1a"),
            ("Zone_9", "zone-9"),
        ],
    )
    def test_az_suffix(self, az: str, suffix: str) -> None:
        """AZ short names used in subnet names."""
        assert az_suffix(az) == suffix
