"""Unit tests of the VPC config models (iaccore.aws.network.config)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from iaccore.aws.limits import CLOUDWATCH_RETENTION_DAYS
from iaccore.aws.network.config import (
    DEFAULT_VPC_CIDR,
    MAX_AZS,
    FlowLogConfig,
    GatewayEndpointsConfig,
    VpcConfig,
)
from tests.aws.conftest import Reject


class TestVpcConfig:
    """VpcConfig defaults and validators."""

    def test_secure_defaults(self) -> None:
        """Flow logs on, encrypted, a year; NAT per AZ; endpoints; DNS on."""
        vpc = VpcConfig()
        assert vpc.cidr == DEFAULT_VPC_CIDR == "10.0.0.0/16"
        assert vpc.azs == 3
        assert vpc.az_count == 3
        assert vpc.nat == "one_per_az"
        assert vpc.enable_dns_hostnames is True
        assert vpc.enable_dns_support is True
        assert vpc.restrict_default_security_group is True
        assert vpc.flow_logs == FlowLogConfig(
            enabled=True, destination="cloudwatch", retention_days=365, kms=True, traffic_type="ALL"
        )
        assert vpc.gateway_endpoints.s3 is True
        assert vpc.gateway_endpoints.dynamodb is True
        assert vpc.interface_endpoints == ()
        assert vpc.eks_cluster_names == ()
        assert vpc.provider is None
        assert (
            vpc.tiers.public.enabled,
            vpc.tiers.private.enabled,
            vpc.tiers.isolated.enabled,
        ) == (
            True,
            True,
            True,
        )

    def test_plan_placeholder_and_real_azs(self) -> None:
        """Planning with placeholder AZs gives the same CIDRs as with real names."""
        vpc = VpcConfig(azs=2)
        placeholder = vpc.plan()
        real = vpc.plan(("eu-west-1a", "eu-west-1b", "eu-west-1c"))
        assert placeholder.cidrs("private") == real.cidrs("private")
        assert real.azs == ("eu-west-1a", "eu-west-1b")
        assert [s.name_suffix for s in real.by_tier("public")] == ["public-a", "public-b"]

    def test_plan_too_many_azs_for_region(self) -> None:
        """plan() checks the AZ count against the region."""
        from iaccore.core.errors import ConfigurationError

        with pytest.raises(ConfigurationError) as info:
            VpcConfig(azs=4).plan(("eu-west-1a", "eu-west-1b", "eu-west-1c"))
        assert info.value.key_path == "aws.vpc.azs"

    def test_explicit_azs(self) -> None:
        """Explicit AZ names are used as given."""
        vpc = VpcConfig(azs=("eu-west-1b", "eu-west-1c"))
        assert vpc.az_count == 2
        assert vpc.plan().azs == ("eu-west-1b", "eu-west-1c")

    def test_tier_sizes_reach_plan(self) -> None:
        """Tier prefix lengths and enablement reach the planner."""
        vpc = VpcConfig.model_validate(
            {
                "cidr": "10.1.0.0/20",
                "azs": 2,
                "nat": "none",
                "tiers": {"public": {"enabled": False}, "private": {"prefix_length": 22}},
            }
        )
        plan = vpc.plan()
        assert plan.tiers == ("private", "isolated")
        assert plan.cidrs("private") == ("10.1.0.0/22", "10.1.4.0/22")
        assert plan.cidrs("isolated") == ("10.1.8.0/28", "10.1.8.16/28")

    @pytest.mark.parametrize(
        ("cidr", "fragment"),
        [
            ("10.0.0.1/16", "has host bits set; the network address is 10.0.0.0/16"),
            ("10.0.0.0/12", "VPC prefix /12 is outside the AWS limits"),
            ("banana", "is not a CIDR block"),
            ("127.0.0.0/16", "which AWS does not allow"),
        ],
    )
    def test_bad_cidr(self, reject: Reject, cidr: str, fragment: str) -> None:
        """CIDR errors land on aws.vpc.cidr and name the expectation."""
        err = reject({"vpc": {"cidr": cidr}})
        assert err.key_path == "aws.vpc.cidr"
        assert fragment in err.message
        assert "(expected " in err.message

    @pytest.mark.parametrize("azs", [0, 7, [], ["eu-west-1a"] * 2])
    def test_bad_az_count(self, reject: Reject, azs: object) -> None:
        """1 to 6 distinct AZs."""
        err = reject({"vpc": {"azs": azs}})
        assert err.key_path == "aws.vpc.azs"
        assert str(MAX_AZS) in err.message or "more than once" in err.message

    def test_bad_az_name(self, reject: Reject) -> None:
        """AZ names are checked for shape."""
        err = reject({"vpc": {"azs": ["eu-west-1"]}})
        assert err.key_path is not None
        assert err.key_path.startswith("aws.vpc.azs")

    def test_bad_nat(self, reject: Reject) -> None:
        """nat lists the allowed values."""
        err = reject({"vpc": {"nat": "per_az"}})
        assert err.key_path == "aws.vpc.nat"
        assert err.expected == "one of 'none', 'single' or 'one_per_az'"

    def test_nat_needs_public_tier(self, reject: Reject) -> None:
        """NAT gateways live in public subnets."""
        err = reject({"vpc": {"tiers": {"public": {"enabled": False}}}})
        assert err.key_path == "aws.vpc"
        assert "nat 'one_per_az' needs the public tier" in err.message
        assert "tiers.public.enabled: true or nat: none" in err.message

    @pytest.mark.parametrize("prefix", [15, 29])
    def test_tier_prefix_bounds(self, reject: Reject, prefix: int) -> None:
        """Tier prefix lengths are 16 to 28."""
        err = reject({"vpc": {"tiers": {"private": {"prefix_length": prefix}}}})
        assert err.key_path == "aws.vpc.tiers.private.prefix_length"

    def test_tier_prefix_shorter_than_vpc(self, reject: Reject) -> None:
        """A tier larger than the VPC names the tier's prefix_length key."""
        err = reject({"vpc": {"cidr": "10.0.0.0/20", "tiers": {"private": {"prefix_length": 18}}}})
        assert err.key_path == "aws.vpc.tiers.private.prefix_length"
        assert "subnet prefix /18 is larger than the VPC" in err.message
        assert "an integer from 20 to 28" in err.message

    def test_too_small(self, reject: Reject) -> None:
        """A VPC that cannot hold the subnets is refused at config time."""
        err = reject({"vpc": {"cidr": "10.0.0.0/24", "azs": 6}})
        assert err.key_path == "aws.vpc.cidr"
        assert "VPC CIDR 10.0.0.0/24 is too small" in err.message
        assert "fewer AZs" in err.message

    def test_interface_endpoints_need_dns(self, reject: Reject) -> None:
        """Private DNS for interface endpoints needs both DNS settings on."""
        err = reject({"vpc": {"interface_endpoints": ["ssm"], "enable_dns_hostnames": False}})
        assert err.key_path == "aws.vpc.interface_endpoints"
        assert "enable_dns_support and enable_dns_hostnames" in err.message

    def test_existing_overlap(self, reject: Reject) -> None:
        """existing_cidrs are checked at config time."""
        err = reject({"vpc": {"existing_cidrs": ["10.0.0.0/8"]}})
        assert "overlaps existing network 10.0.0.0/8" in err.message

    def test_duplicate_interface_endpoints(self, reject: Reject) -> None:
        """Interface endpoints are unique service names."""
        err = reject({"vpc": {"interface_endpoints": ["ssm", "ssm"]}})
        assert err.key_path == "aws.vpc.interface_endpoints"
        assert "more than once" in err.message

    def test_bad_interface_endpoint_name(self, reject: Reject) -> None:
        """Service short names are lowercase dotted words."""
        err = reject({"vpc": {"interface_endpoints": ["com.amazonaws.eu-west-1.SSM"]}})
        assert err.key_path == "aws.vpc.interface_endpoints[0]"

    def test_frozen(self) -> None:
        """Config is immutable."""
        vpc = VpcConfig()
        with pytest.raises(ValidationError):
            vpc.cidr = "10.1.0.0/16"  # type: ignore[misc]


class TestFlowLogs:
    """Flow log retention and destinations."""

    @pytest.mark.parametrize("days", CLOUDWATCH_RETENTION_DAYS)
    def test_cloudwatch_retentions(self, days: int) -> None:
        """Every CloudWatch retention value is accepted."""
        assert FlowLogConfig(retention_days=days).retention_days == days

    def test_cloudwatch_rejects_other(self, reject: Reject) -> None:
        """Other values list the allowed ones."""
        err = reject({"vpc": {"flow_logs": {"retention_days": 100}}})
        assert err.key_path == "aws.vpc.flow_logs"
        assert "retention_days (100) is not a CloudWatch Logs retention" in err.message
        assert "365, 400, 545" in err.message

    def test_s3_any_positive(self) -> None:
        """S3 destinations take any positive number of days."""
        assert FlowLogConfig(destination="s3", retention_days=100).retention_days == 100

    def test_s3_rejects_zero(self, reject: Reject) -> None:
        """Zero days is refused."""
        err = reject({"vpc": {"flow_logs": {"destination": "s3", "retention_days": 0}}})
        assert "must be at least 1" in err.message

    def test_bad_destination(self, reject: Reject) -> None:
        """Destinations are cloudwatch or s3."""
        err = reject({"vpc": {"flow_logs": {"destination": "kinesis"}}})
        assert err.key_path == "aws.vpc.flow_logs.destination"
        assert err.expected == "one of 'cloudwatch' or 's3'"


class TestGatewayEndpoints:
    """Which gateway endpoints a VPC gets."""

    @pytest.mark.parametrize(
        ("s3", "dynamodb", "services"),
        [
            (True, True, ("s3", "dynamodb")),
            (True, False, ("s3",)),
            (False, True, ("dynamodb",)),
            (False, False, ()),
        ],
    )
    def test_services(self, s3: bool, dynamodb: bool, services: tuple[str, ...]) -> None:
        """services() lists the enabled endpoints in a fixed order."""
        assert GatewayEndpointsConfig(s3=s3, dynamodb=dynamodb).services() == services
