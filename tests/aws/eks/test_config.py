"""Unit tests of the EKS config models (EksClusterConfig, NodeGroupConfig, AddonConfig)."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws.config import EksClusterConfig
from iaccore.aws.eks.config import (
    AMI_TYPES,
    DEFAULT_ADDONS,
    LOG_TYPES,
    AddonConfig,
    NodeGroupConfig,
    Taint,
)
from iaccore.aws.eks.versions import DEFAULT_VERSION, SUPPORTED_VERSIONS
from tests.aws.conftest import Reject


def _cluster(reject: Reject, **cluster: Any) -> Any:
    return reject({"eks": {"clusters": {"main": cluster}}})


class TestClusterDefaults:
    """Secure defaults of EksClusterConfig."""

    def test_defaults(self) -> None:
        """Private endpoint only, logs, KMS secrets, API auth, default add-ons."""
        cfg = EksClusterConfig()
        assert cfg.version == DEFAULT_VERSION
        assert cfg.endpoint_private_access is True
        assert cfg.endpoint_public_access is False
        assert cfg.public_access_cidrs == ()
        assert cfg.allow_public_endpoint_to_internet is False
        assert cfg.enabled_log_types == ("api", "audit", "authenticator")
        assert cfg.log_retention_days == 365
        assert cfg.secrets_encryption is True
        assert cfg.authentication_mode == "API"
        assert cfg.admin_principals == ()
        assert cfg.deployer_role_arn is None
        assert cfg.bootstrap_cluster_creator_admin_permissions is False
        assert cfg.has_admin is False
        assert cfg.api_access.cidrs == ()
        assert cfg.api_access.security_group_ids == ()
        assert (cfg.kubeconfig.role_arn, cfg.kubeconfig.profile) == (None, None)
        assert cfg.node_groups == {}
        assert list(cfg.addons) == list(DEFAULT_ADDONS)
        assert all(addon == AddonConfig() for addon in cfg.addons.values())
        assert cfg.enable_ssm is False
        assert cfg.subnet_ids == ()
        assert cfg.provider is None

    def test_default_addons(self) -> None:
        """The five default add-ons, at EKS's default version, preserved on delete."""
        assert DEFAULT_ADDONS == (
            "vpc-cni",
            "coredns",
            "kube-proxy",
            "eks-pod-identity-agent",
            "aws-ebs-csi-driver",
        )
        assert AddonConfig().version == "default"
        assert AddonConfig().preserve is True

    def test_addons_merge_with_defaults(self) -> None:
        """Given add-ons override or extend the defaults; disabling is explicit."""
        cfg = EksClusterConfig(
            addons={
                "coredns": AddonConfig(version="v1.11.4-eksbuild.2"),
                "aws-ebs-csi-driver": AddonConfig(enabled=False),
                "amazon-cloudwatch-observability": AddonConfig(),
            }
        )
        assert cfg.addons["coredns"].version == "v1.11.4-eksbuild.2"
        assert cfg.addons["aws-ebs-csi-driver"].enabled is False
        assert cfg.addons["vpc-cni"].enabled is True
        assert "amazon-cloudwatch-observability" in cfg.addons


class TestVersion:
    """Kubernetes version validation."""

    @pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
    def test_supported(self, version: str) -> None:
        """Every supported version is accepted."""
        assert EksClusterConfig(version=version).version == version

    def test_normalized(self) -> None:
        """A leading v is dropped."""
        assert EksClusterConfig(version="v1.33").version == "1.33"

    @pytest.mark.parametrize(
        ("version", "fragment"),
        [
            ("1.30", "Kubernetes 1.30 reached the end of EKS extended support on 2026-07-23"),
            ("1.99", "Kubernetes 1.99 is not yet supported by this release of iaccore"),
            ("1.20", "Kubernetes 1.20 is no longer supported by Amazon EKS"),
            ("latest", "'latest' is not a Kubernetes minor version"),
        ],
    )
    def test_refused(self, reject: Reject, version: str, fragment: str) -> None:
        """Unsupported versions list the supported ones."""
        err = _cluster(reject, version=version)
        assert err.key_path == "aws.eks.clusters.main.version"
        assert fragment in err.message
        assert "expected one of " + ", ".join(SUPPORTED_VERSIONS) in err.message

    def test_yaml_float(self, reject: Reject) -> None:
        """An unquoted YAML 1.30 (a float) gets a quoting hint."""
        err = _cluster(reject, version=1.30)
        assert err.key_path == "aws.eks.clusters.main.version"
        assert "quote it in YAML" in err.message


class TestEndpoint:
    """Endpoint access rules."""

    def test_public_with_cidrs(self) -> None:
        """Public access with narrow CIDRs is fine."""
        cfg = EksClusterConfig(endpoint_public_access=True, public_access_cidrs=("203.0.113.0/24",))
        assert cfg.public_access_cidrs == ("203.0.113.0/24",)

    def test_public_needs_cidrs(self, reject: Reject) -> None:
        """Public access without CIDRs is refused."""
        err = _cluster(reject, endpoint_public_access=True)
        assert err.key_path == "aws.eks.clusters.main"
        assert "list the networks allowed to reach it in public_access_cidrs" in err.message

    def test_world_refused(self, reject: Reject) -> None:
        """0.0.0.0/0 needs the explicit opt-in."""
        err = _cluster(reject, endpoint_public_access=True, public_access_cidrs=["0.0.0.0/0"])
        assert "public_access_cidrs contains 0.0.0.0/0" in err.message
        assert "allow_public_endpoint_to_internet: true" in err.message

    def test_world_with_opt_in(self) -> None:
        """The opt-in is visible and accepted."""
        cfg = EksClusterConfig(
            endpoint_public_access=True,
            public_access_cidrs=("0.0.0.0/0",),
            allow_public_endpoint_to_internet=True,
        )
        assert cfg.allow_public_endpoint_to_internet is True

    def test_cidrs_without_public(self, reject: Reject) -> None:
        """CIDRs without public access are a mistake."""
        err = _cluster(reject, public_access_cidrs=("203.0.113.0/24",))
        assert "public_access_cidrs is set but endpoint_public_access is false" in err.message

    def test_no_endpoint(self, reject: Reject) -> None:
        """At least one endpoint."""
        err = _cluster(reject, endpoint_private_access=False)
        assert (
            "at least one of endpoint_private_access and endpoint_public_access must be true"
            in err.message
        )

    def test_invalid_cidr(self, reject: Reject) -> None:
        """Malformed CIDRs are named."""
        err = _cluster(reject, endpoint_public_access=True, public_access_cidrs=["1.2.3.4/33"])
        assert "'1.2.3.4/33' is not a valid CIDR" in err.message


class TestClusterFields:
    """Other cluster validators."""

    def test_log_types(self, reject: Reject) -> None:
        """Log types list the allowed values."""
        err = _cluster(reject, enabled_log_types=["api", "kubelet"])
        assert err.key_path == "aws.eks.clusters.main.enabled_log_types[1]"
        assert err.expected is not None
        for log_type in LOG_TYPES:
            assert log_type in err.expected

    def test_log_types_unique(self, reject: Reject) -> None:
        """Log types must be unique."""
        err = _cluster(reject, enabled_log_types=["api", "api"])
        assert "values must be unique" in err.message

    def test_log_retention(self, reject: Reject) -> None:
        """Retention must be a CloudWatch value."""
        err = _cluster(reject, log_retention_days=10)
        assert err.key_path == "aws.eks.clusters.main.log_retention_days"
        assert "log_retention_days (10) is not one of 1, 3, 5, 7, 14" in err.message

    def test_authentication_mode(self, reject: Reject) -> None:
        """CONFIG_MAP alone is not offered."""
        err = _cluster(reject, authentication_mode="CONFIG_MAP")
        assert err.key_path == "aws.eks.clusters.main.authentication_mode"
        assert err.expected == "one of 'API' or 'API_AND_CONFIG_MAP'"

    def test_admin_principals(self, reject: Reject) -> None:
        """Roles and users are accepted, other ARNs are not."""
        cfg = EksClusterConfig(
            admin_principals=(
                "arn:aws:iam::123456789012:role/Admin",
                "arn:aws:iam::123456789012:user/alice",
            )
        )
        assert len(cfg.admin_principals) == 2
        err = _cluster(reject, admin_principals=["arn:aws:iam::123456789012:group/admins"])
        assert err.key_path == "aws.eks.clusters.main.admin_principals[0]"

    def test_subnet_ids(self, reject: Reject) -> None:
        """Subnet ids are checked for shape."""
        assert EksClusterConfig(subnet_ids=("subnet-0123abcd",)).subnet_ids == ("subnet-0123abcd",)
        err = _cluster(reject, subnet_ids=["sn-123"])
        assert err.key_path == "aws.eks.clusters.main.subnet_ids[0]"


class TestNodeGroup:
    """NodeGroupConfig."""

    def test_defaults(self) -> None:
        """m6i.large on demand, 2..4, AL2023, 50 GiB."""
        ng = NodeGroupConfig()
        assert ng.instance_types == ("m6i.large",)
        assert ng.capacity_type == "ON_DEMAND"
        assert (ng.min, ng.desired, ng.max, ng.desired_size) == (2, None, 4, 2)
        assert ng.disk_size_gib == 50
        assert ng.ami_type == "AL2023_x86_64_STANDARD"
        assert ng.labels == {}
        assert ng.taints == ()
        assert ng.max_unavailable is None
        assert ng.max_unavailable_percentage is None

    def test_min_greater_than_max(self, reject: Reject) -> None:
        """The message names both keys and values."""
        err = _cluster(reject, node_groups={"general": {"min": 5, "max": 3}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.general"
        assert err.message == "Value error, min (5) must be ≤ max (3)"

    @pytest.mark.parametrize("desired", [1, 7])
    def test_desired_outside(self, reject: Reject, desired: int) -> None:
        """desired must be within min and max."""
        err = _cluster(reject, node_groups={"g": {"min": 2, "desired": desired, "max": 6}})
        assert f"desired ({desired}) must be between min (2) and max (6)" in err.message

    def test_desired_inside(self) -> None:
        """desired within bounds is kept."""
        assert NodeGroupConfig(min=1, desired=3, max=5).desired_size == 3

    def test_negative_min(self, reject: Reject) -> None:
        """Sizes are non-negative."""
        err = _cluster(reject, node_groups={"g": {"min": -1}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.g.min"

    def test_capacity_type(self, reject: Reject) -> None:
        """ON_DEMAND or SPOT."""
        err = _cluster(reject, node_groups={"g": {"capacity_type": "RESERVED"}})
        assert err.expected == "one of 'ON_DEMAND' or 'SPOT'"

    def test_ami_type(self, reject: Reject) -> None:
        """AMI types list the allowed values; AL2 is gone."""
        assert "AL2_x86_64" not in AMI_TYPES
        err = _cluster(reject, node_groups={"g": {"ami_type": "AL2_x86_64"}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.g.ami_type"
        assert "ami_type 'AL2_x86_64' is not supported; allowed: AL2023_x86_64_STANDARD" in (
            err.message
        )

    def test_bottlerocket(self) -> None:
        """Bottlerocket is allowed."""
        assert NodeGroupConfig(ami_type="BOTTLEROCKET_ARM_64").ami_type == "BOTTLEROCKET_ARM_64"

    def test_taints(self, reject: Reject) -> None:
        """Taint effects are the EKS API values."""
        ng = NodeGroupConfig.model_validate({"taints": [{"key": "gpu", "effect": "NO_SCHEDULE"}]})
        assert ng.taints == (Taint(key="gpu", value=None, effect="NO_SCHEDULE"),)
        err = _cluster(
            reject, node_groups={"g": {"taints": [{"key": "a", "effect": "NoSchedule"}]}}
        )
        assert err.key_path == "aws.eks.clusters.main.node_groups.g.taints[0].effect"
        assert err.expected == "one of 'NO_SCHEDULE', 'NO_EXECUTE' or 'PREFER_NO_SCHEDULE'"

    def test_instance_types(self, reject: Reject) -> None:
        """At least one well-formed instance type."""
        assert _cluster(reject, node_groups={"g": {"instance_types": []}}).key_path == (
            "aws.eks.clusters.main.node_groups.g.instance_types"
        )
        err = _cluster(reject, node_groups={"g": {"instance_types": ["large"]}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.g.instance_types[0]"

    def test_max_unavailable_exclusive(self, reject: Reject) -> None:
        """Count or percentage, not both."""
        err = _cluster(
            reject, node_groups={"g": {"max_unavailable": 1, "max_unavailable_percentage": 10}}
        )
        assert "set max_unavailable or max_unavailable_percentage, not both" in err.message

    def test_addon_conflicts(self, reject: Reject) -> None:
        """PRESERVE is not a create-time option."""
        err = _cluster(reject, addons={"coredns": {"resolve_conflicts_on_create": "PRESERVE"}})
        assert err.key_path == "aws.eks.clusters.main.addons.coredns.resolve_conflicts_on_create"
        assert err.expected == "one of 'NONE' or 'OVERWRITE'"

    def test_custom_ami_needs_ami_id(self, reject: Reject) -> None:
        """In the stack config too, CUSTOM without ami_id names node_groups.<g>.ami_id."""
        err = _cluster(reject, node_groups={"g": {"ami_type": "CUSTOM"}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.g.ami_id"

    def test_addon_version_policy(self, reject: Reject) -> None:
        """An add-on version is default, latest or a version string."""
        err = _cluster(reject, addons={"vpc-cni": {"version": None}})
        assert err.key_path == "aws.eks.clusters.main.addons.vpc-cni.version"
        assert AddonConfig(version="v1.20.4-eksbuild.1").version == "v1.20.4-eksbuild.1"


class TestAccessConfig:
    """deployer_role_arn, api_access and kubeconfig in the stack config."""

    def test_access_principals(self) -> None:
        """Admins then the deployer get access entries; has_admin sees any of the three."""
        cfg = EksClusterConfig(
            admin_principals=("arn:aws:iam::123456789012:role/admins",),
            deployer_role_arn="arn:aws:iam::123456789012:role/ci",
        )
        assert cfg.access_principals == (
            "arn:aws:iam::123456789012:role/admins",
            "arn:aws:iam::123456789012:role/ci",
        )
        assert EksClusterConfig(bootstrap_cluster_creator_admin_permissions=True).has_admin

    def test_world_api_access(self, reject: Reject) -> None:
        """0.0.0.0/0 is never an api_access network (the endpoint is private)."""
        err = _cluster(reject, api_access={"cidrs": ["0.0.0.0/0"]})
        assert err.key_path == "aws.eks.clusters.main.api_access.cidrs"

    def test_kubeconfig_role_must_be_a_role(self, reject: Reject) -> None:
        """kubeconfig.role_arn is an IAM role ARN."""
        err = _cluster(reject, kubeconfig={"role_arn": "arn:aws:iam::123456789012:user/someone"})
        assert err.key_path == "aws.eks.clusters.main.kubeconfig.role_arn"
