"""Unit tests of the AWS section and provider settings (iaccore.aws.config)."""

from __future__ import annotations

import pytest

from iaccore.aws.config import AwsProviderSettings, AwsSection
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
            ({"vpcs": {"edge": {"provider": "dr2"}}}, "vpcs.edge"),
            ({"iam_roles": {"ci": {"provider": "dr2"}}}, "iam_roles.ci"),
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


class TestVpcsAndRoles:
    """aws.vpcs and aws.iam_roles: maps of component configs."""

    def test_vpcs_beside_vpc(self) -> None:
        """aws.vpc and aws.vpcs validate together; each map entry is a VpcConfig."""
        from iaccore.aws.network.config import VpcConfig

        section = AwsSection.model_validate(
            {
                "providers": {"dr": {"region": "eu-central-1"}},
                "vpc": {"cidr": "10.10.0.0/16"},
                "vpcs": {"primary": {"cidr": "10.20.0.0/16"}, "dr": {"provider": "dr"}},
            }
        )
        assert isinstance(section.vpcs["primary"], VpcConfig)
        assert section.vpcs["dr"].provider == "dr"
        assert AwsSection().vpcs == {}

    @pytest.mark.parametrize("name", ["Core", "core_1", "-core", "core-", "a" * 41, ""])
    def test_vpc_names(self, reject: Reject, name: str) -> None:
        """VPC names are lower-case, digits and inner hyphens, at most 40 characters."""
        err = reject({"vpcs": {name: {}}})
        assert err.key_path.startswith("aws.vpcs")

    def test_wrong_types(self, reject: Reject) -> None:
        """A list for vpcs, a string for a VPC, a bad field in an entry: refused at their keys."""
        assert reject({"vpcs": ["core"]}).key_path == "aws.vpcs"
        assert reject({"vpcs": {"core": "10.0.0.0/16"}}).key_path == "aws.vpcs.core"
        assert reject({"vpcs": {"core": {"nat": "two"}}}).key_path == "aws.vpcs.core.nat"
        assert reject({"iam_roles": {"ci": {"max_session_duration": 60}}}).key_path == (
            "aws.iam_roles.ci.max_session_duration"
        )
        assert reject({"iam_roles": {"ci": {"trust": {}}}}).key_path == "aws.iam_roles.ci.trust"

    def test_iam_roles_are_role_configs(self) -> None:
        """Each aws.iam_roles entry is an IamRoleConfig."""
        from iaccore.aws.iam.config import IamRoleConfig

        section = AwsSection.model_validate(
            {"iam_roles": {"ci": {"trust": {"account_ids": ["123456789012"]}}}}
        )
        assert isinstance(section.iam_roles["ci"], IamRoleConfig)

    def test_instance_tier_in_any_vpc(self) -> None:
        """With several VPCs an instance tier must be enabled in one of them."""
        section = AwsSection.model_validate(
            {
                "vpc": {"tiers": {"isolated": {"enabled": False}}},
                "vpcs": {"data": {"cidr": "10.30.0.0/16"}},
                "instances": {"db": {"subnet_tier": "isolated"}},
            }
        )
        assert section.instances["db"].subnet_tier == "isolated"


class TestDataProtection:
    """retain_data_on_delete and kms_deletion_window_days."""

    def test_defaults(self) -> None:
        """Data retained, keys wait 30 days; the constants the helpers fall back to agree."""
        from iaccore.aws.retention import DEFAULT_KMS_DELETION_WINDOW_DAYS, RETAIN_DATA_ON_DELETE

        section = AwsSection()
        assert section.retain_data_on_delete is RETAIN_DATA_ON_DELETE is True
        assert section.kms_deletion_window_days == DEFAULT_KMS_DELETION_WINDOW_DAYS == 30

    @pytest.mark.parametrize(("days", "ok"), [(7, True), (30, True), (6, False), (31, False)])
    def test_deletion_window_bounds(self, reject: Reject, days: int, ok: bool) -> None:
        """KMS accepts 7 to 30 days."""
        if ok:
            assert AwsSection(kms_deletion_window_days=days).kms_deletion_window_days == days
        else:
            err = reject({"kms_deletion_window_days": days})
            assert err.key_path == "aws.kms_deletion_window_days"

    def test_retain_type(self, reject: Reject) -> None:
        """retain_data_on_delete takes a boolean."""
        assert reject({"retain_data_on_delete": "maybe"}).key_path == "aws.retain_data_on_delete"


class TestAssembly:
    """aws.config only assembles the section from each family's config package."""

    def test_component_configs_come_from_their_packages(self) -> None:
        """The section's component models are those of network, s3, ec2 (re-exported here)."""
        from iaccore.aws import config
        from iaccore.aws.ec2.config import InstanceConfig
        from iaccore.aws.network.config import VpcConfig
        from iaccore.aws.s3.config import BucketConfig

        assert (config.VpcConfig, config.BucketConfig, config.InstanceConfig) == (
            VpcConfig,
            BucketConfig,
            InstanceConfig,
        )
        section = AwsSection.model_validate(
            {"vpc": {}, "buckets": {"b": {}}, "instances": {"i": {}}}
        )
        assert isinstance(section.vpc, VpcConfig)
        assert isinstance(section.buckets["b"], BucketConfig)
        assert isinstance(section.instances["i"], InstanceConfig)

    def test_every_component_config_uses_provider_field(self) -> None:
        """Every AWS component config's `provider` field is the shared provider_field()."""
        from iaccore.aws.config import BucketConfig, EksClusterConfig, InstanceConfig, VpcConfig
        from iaccore.aws.iam.config import IamRoleConfig
        from iaccore.aws.types import provider_field

        shared = provider_field()
        for model in (VpcConfig, BucketConfig, InstanceConfig, IamRoleConfig, EksClusterConfig):
            field = model.model_fields["provider"]
            assert (field.default, field.description) == (None, shared.description), model

    def test_shared_patterns_are_defined_once(self) -> None:
        """The config modules import the shared annotated types instead of repeating them."""
        from pathlib import Path

        import iaccore.aws

        root = Path(iaccore.aws.__file__).parent
        shared = [
            *("ACCOUNT_ID_PATTERN", "AZ_NAME_PATTERN", "REGION_PATTERN", "IAM_ROLE_ARN_PATTERN"),
            *("^subnet-", "^vpc-", ":kms:", "^[a-z][a-z0-9-]*\\."),
        ]
        for module in ("config.py", "network/config.py", "s3/config.py", "ec2/config.py"):
            text = (root / module).read_text("utf-8")
            assert [p for p in shared if p in text] == [], module
        assert "ACCOUNT_ID_PATTERN" not in (root / "iam" / "config.py").read_text("utf-8")
