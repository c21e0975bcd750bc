"""Unit tests of the AWS section, provider settings and VPC config (iaccore.aws.config)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from iaccore.aws.config import (
    DEFAULT_VPC_CIDR,
    MAX_AZS,
    AwsProviderSettings,
    AwsSection,
    FlowLogConfig,
    VpcConfig,
)
from iaccore.aws.limits import CLOUDWATCH_RETENTION_DAYS
from iaccore.core.config.base import ProviderSection, ProviderSettings

from tests.aws.conftest import Reject


class TestProviderSettings:
    """AwsProviderSettings and the section's own provider fields."""

    def test_defaults(self) -> None:
        """Everything ambient by default; it is a ProviderSettings."""
        settings = AwsProviderSettings()
        assert isinstance(settings, ProviderSettings)
        assert settings.enabled is True
        assert settings.region is None
        assert settings.assume_role_arn is None
        assert settings.allowed_account_ids == ()
        assert settings.default_tags == {}
        assert settings.profile is None

    def test_valid(self) -> None:
        """Role ARNs with paths and other partitions are accepted."""
        settings = AwsProviderSettings(
            region="us-gov-west-1",
            assume_role_arn="arn:aws-us-gov:iam::123456789012:role/ops/Deployer",
            allowed_account_ids=("123456789012",),
        )
        assert settings.allowed_account_ids == ("123456789012",)

    @pytest.mark.parametrize("key", ["access_key", "secret_key", "token", "secret_access_key"])
    def test_no_credential_fields(self, reject: Reject, key: str) -> None:
        """Credential keys are unknown keys, in the section and in named providers."""
        err = reject({"providers": {"dr": {key: "x"}}})
        assert err.key_path == f"aws.providers.dr.{key}"
        assert "unknown key" in err.message
        assert reject({key: "x"}).key_path == f"aws.{key}"

    @pytest.mark.parametrize(
        "arn",
        [
            "arn:aws:iam::12345678901:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:sts::123456789012:assumed-role/x/y",
            "arn:azure:iam::123456789012:role/x",
            "role/x",
        ],
    )
    def test_bad_role_arn(self, reject: Reject, arn: str) -> None:
        """assume_role_arn must be an IAM role ARN."""
        err = reject({"providers": {"dr": {"assume_role_arn": arn}}})
        assert err.key_path == "aws.providers.dr.assume_role_arn"
        assert err.expected is not None
        assert err.expected.startswith("a string matching")
        assert reject({"assume_role_arn": arn}).key_path == "aws.assume_role_arn"

    @pytest.mark.parametrize("account", ["12345678901", "1234567890123", "abcdefghijkl"])
    def test_bad_account_id(self, reject: Reject, account: str) -> None:
        """Account ids are exactly 12 digits."""
        err = reject({"allowed_account_ids": [account]})
        assert err.key_path == "aws.allowed_account_ids[0]"

    @pytest.mark.parametrize("region", ["EU", "eu_west_1", "eu-west", "eu-west-1a"])
    def test_bad_region(self, reject: Reject, region: str) -> None:
        """Region names are checked for shape."""
        assert reject({"region": region}).key_path == "aws.region"


class TestSection:
    """AwsSection defaults and cross-references."""

    def test_defaults(self) -> None:
        """Disabled, no resources, ambient provider."""
        section = AwsSection()
        assert isinstance(section, ProviderSection)
        assert section.enabled is False
        assert section.region is None
        assert section.vpc is None
        assert section.eks.clusters == {}
        assert section.buckets == {}
        assert section.instances == {}
        assert section.providers == {}

    def test_providers_are_aws_settings(self) -> None:
        """Named providers validate as AwsProviderSettings."""
        section = AwsSection.model_validate({"providers": {"dr": {"region": "eu-central-1"}}})
        assert isinstance(section.providers["dr"], AwsProviderSettings)

    def test_design_example(self) -> None:
        """The stack config from DESIGN.md validates."""
        section = AwsSection.model_validate(
            {
                "enabled": True,
                "region": "eu-west-1",
                "providers": {"dr": {"region": "eu-central-1"}},
                "tags": {"cost-center": "1234"},
                "vpc": {"cidr": "10.20.0.0/16", "azs": 3, "nat": "one_per_az"},
                "eks": {
                    "clusters": {
                        "main": {
                            "version": "1.31",
                            "node_groups": {
                                "general": {"instance_types": ["m6i.large"], "min": 2, "max": 6}
                            },
                        }
                    }
                },
            }
        )
        assert section.eks.clusters["main"].node_groups["general"].max == 6

    @pytest.mark.parametrize(
        ("data", "where"),
        [
            ({"vpc": {"provider": "dr2"}}, "vpc"),
            ({"eks": {"clusters": {"main": {"provider": "dr2"}}}}, "eks.clusters.main"),
            ({"buckets": {"logs": {"provider": "dr2"}}}, "buckets.logs"),
            ({"instances": {"bastion": {"provider": "dr2"}}}, "instances.bastion"),
        ],
    )
    def test_unknown_provider(self, reject: Reject, data: dict[str, object], where: str) -> None:
        """A provider reference must name default or a configured provider."""
        err = reject({"providers": {"dr": {}}, **data})
        assert err.key_path == "aws"
        assert f"{where}.provider names unknown provider 'dr2'; known: default, dr" in err.message

    def test_known_provider(self) -> None:
        """default and named providers are accepted."""
        section = AwsSection.model_validate(
            {
                "providers": {"dr": {}},
                "vpc": {"provider": "dr"},
                "buckets": {"b": {"provider": "default"}},
            }
        )
        assert section.vpc is not None
        assert section.vpc.provider == "dr"

    def test_instance_tier_must_be_enabled(self, reject: Reject) -> None:
        """An instance's subnet tier must exist in the VPC."""
        err = reject(
            {
                "vpc": {"tiers": {"isolated": {"enabled": False}}},
                "instances": {"db": {"subnet_tier": "isolated"}},
            }
        )
        assert "instances.db.subnet_tier 'isolated' is not an enabled VPC tier" in err.message
        assert "enabled: public, private" in err.message


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
