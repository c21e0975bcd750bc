"""Unit tests of BucketConfig and InstanceConfig."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws._resource_config import AL2023_AMI_SSM_PARAMETER, STORAGE_CLASSES, LifecycleRule
from iaccore.aws.config import BucketConfig, InstanceConfig

from tests.aws.conftest import Reject


def _bucket(reject: Reject, **bucket: Any) -> Any:
    return reject({"buckets": {"data": bucket}})


def _instance(reject: Reject, **instance: Any) -> Any:
    return reject({"instances": {"app": instance}})


class TestBucket:
    """BucketConfig."""

    def test_defaults(self) -> None:
        """Versioned, KMS with bucket key, private, abort rule, no force destroy."""
        cfg = BucketConfig()
        assert cfg.versioning is True
        assert cfg.encryption == "aws:kms"
        assert cfg.bucket_key_enabled is True
        assert cfg.kms_key_arn is None
        assert cfg.access_logging is None
        assert cfg.force_destroy is False
        assert cfg.allow_public is False
        assert cfg.name_prefix is None
        assert cfg.lifecycle_rules == (LifecycleRule(id="abort-incomplete-multipart-uploads"),)
        assert cfg.lifecycle_rules[0].abort_incomplete_multipart_upload_days == 7

    def test_encryption_values(self, reject: Reject) -> None:
        """aws:kms or AES256."""
        assert BucketConfig(encryption="AES256").encryption == "AES256"
        err = _bucket(reject, encryption="aws:kms:dsse")
        assert err.key_path == "aws.buckets.data.encryption"
        assert err.expected == "one of 'aws:kms' or 'AES256'"

    def test_kms_key_needs_kms(self, reject: Reject) -> None:
        """A key ARN with AES256 is contradictory."""
        err = _bucket(
            reject,
            encryption="AES256",
            kms_key_arn="arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        assert err.key_path == "aws.buckets.data"
        assert "kms_key_arn needs encryption 'aws:kms' (allowed: aws:kms, AES256)" in err.message

    def test_kms_key_shape(self, reject: Reject) -> None:
        """Key ARNs are checked for shape."""
        err = _bucket(reject, kms_key_arn="1234abcd")
        assert err.key_path == "aws.buckets.data.kms_key_arn"

    def test_name_prefix(self, reject: Reject) -> None:
        """Lowercase, at most 37 characters."""
        assert BucketConfig(name_prefix="acme-logs").name_prefix == "acme-logs"
        assert _bucket(reject, name_prefix="Acme").key_path == "aws.buckets.data.name_prefix"
        err = _bucket(reject, name_prefix="a" * 38)
        assert err.expected == "at most 37 characters"

    def test_duplicate_rule_ids(self, reject: Reject) -> None:
        """Rule ids are unique."""
        err = _bucket(reject, lifecycle_rules=[{"id": "x"}, {"id": "x"}])
        assert "lifecycle rule id 'x' is used more than once" in err.message

    def test_transition_to_ia_needs_30_days(self, reject: Reject) -> None:
        """S3 requires 30 days before STANDARD_IA / ONEZONE_IA."""
        err = _bucket(
            reject,
            lifecycle_rules=[
                {"id": "x", "transitions": [{"days": 10, "storage_class": "STANDARD_IA"}]}
            ],
        )
        assert err.key_path == "aws.buckets.data.lifecycle_rules[0].transitions[0]"
        assert "days (10) must be at least 30 for a transition to STANDARD_IA" in err.message

    def test_storage_class(self, reject: Reject) -> None:
        """Unknown storage classes list the allowed ones."""
        err = _bucket(
            reject,
            lifecycle_rules=[{"id": "x", "transitions": [{"days": 40, "storage_class": "COLD"}]}],
        )
        assert "storage_class 'COLD' is not one of " + ", ".join(STORAGE_CLASSES) in err.message

    def test_expiration_after_transitions(self, reject: Reject) -> None:
        """Expiration must come after every transition."""
        err = _bucket(
            reject,
            lifecycle_rules=[
                {
                    "id": "x",
                    "expiration_days": 60,
                    "transitions": [{"days": 90, "storage_class": "GLACIER"}],
                }
            ],
        )
        assert err.key_path == "aws.buckets.data.lifecycle_rules[0]"
        assert (
            "expiration_days (60) must be greater than the days of the GLACIER transition (90)"
            in err.message
        )

    def test_valid_rules(self) -> None:
        """A realistic rule set validates."""
        cfg = BucketConfig.model_validate(
            {
                "lifecycle_rules": [
                    {
                        "id": "logs",
                        "prefix": "logs/",
                        "expiration_days": 400,
                        "noncurrent_version_expiration_days": 30,
                        "transitions": [
                            {"days": 30, "storage_class": "STANDARD_IA"},
                            {"days": 90, "storage_class": "GLACIER_IR"},
                        ],
                    }
                ],
                "access_logging": {"target_bucket": "acme-access-logs", "prefix": "data/"},
            }
        )
        assert cfg.lifecycle_rules[0].transitions[1].storage_class == "GLACIER_IR"
        assert cfg.access_logging is not None
        assert cfg.access_logging.prefix == "data/"


class TestInstance:
    """InstanceConfig."""

    def test_defaults(self) -> None:
        """Private, no public IP, SSM, IMDS hop 1, AL2023 from SSM, no ingress."""
        cfg = InstanceConfig()
        assert cfg.instance_type == "t3.micro"
        assert cfg.ami is None
        assert cfg.ami_ssm_parameter == AL2023_AMI_SSM_PARAMETER
        assert AL2023_AMI_SSM_PARAMETER == (
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
        )
        assert cfg.subnet_tier == "private"
        assert cfg.associate_public_ip is False
        assert cfg.root_volume_size_gib == 20
        assert cfg.ssm is True
        assert cfg.ingress_rules == ()
        assert cfg.allow_ingress_from_internet is False
        assert cfg.egress == "https_and_vpc"
        assert cfg.detailed_monitoring is True
        assert cfg.metadata_hop_limit == 1

    def test_no_imds_v1_switch(self, reject: Reject) -> None:
        """There is no way to turn IMDSv2 or root encryption off."""
        assert "http_tokens" not in InstanceConfig.model_fields
        err = _instance(reject, http_tokens="optional")
        assert "unknown key" in err.message
        assert "unknown key" in _instance(reject, root_volume_encrypted=False).message

    @pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
    def test_internet_ingress_refused(self, reject: Reject, cidr: str) -> None:
        """Ingress from the internet needs the opt-in."""
        rule = {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": [cidr]}
        err = _instance(reject, ingress_rules=[rule])
        assert err.key_path == "aws.instances.app"
        assert "ingress_rules[0] is open to the internet (0.0.0.0/0 or ::/0)" in err.message
        assert "allow_ingress_from_internet: true" in err.message
        cfg = InstanceConfig.model_validate(
            {"ingress_rules": [rule], "allow_ingress_from_internet": True}
        )
        assert cfg.ingress_rules[0].open_to_internet is True

    def test_vpc_ingress_fine(self) -> None:
        """Narrow ingress is accepted."""
        rule = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/16"]}
        cfg = InstanceConfig.model_validate({"ingress_rules": [rule]})
        assert cfg.ingress_rules[0].open_to_internet is False

    def test_port_order(self, reject: Reject) -> None:
        """from_port ≤ to_port for tcp/udp."""
        rule = {"protocol": "udp", "from_port": 600, "to_port": 500, "cidr_blocks": ["10.0.0.0/8"]}
        err = _instance(reject, ingress_rules=[rule])
        assert err.key_path == "aws.instances.app.ingress_rules[0]"
        assert "from_port (600) must be ≤ to_port (500)" in err.message

    def test_protocol(self, reject: Reject) -> None:
        """Protocols list the allowed values."""
        rule = {"protocol": "gre", "cidr_blocks": ["10.0.0.0/8"]}
        err = _instance(reject, ingress_rules=[rule])
        assert err.expected == "one of 'tcp', 'udp', 'icmp' or 'all'"

    def test_bad_rule_cidr(self, reject: Reject) -> None:
        """CIDRs with host bits are refused."""
        rule = {"protocol": "tcp", "from_port": 1, "to_port": 2, "cidr_blocks": ["10.0.0.1/8"]}
        err = _instance(reject, ingress_rules=[rule])
        assert "'10.0.0.1/8' is not a valid CIDR without host bits" in err.message

    def test_public_ip_needs_public_tier(self, reject: Reject) -> None:
        """A public IP in a private subnet is a mistake."""
        err = _instance(reject, associate_public_ip=True)
        assert "associate_public_ip needs subnet_tier 'public', got 'private'" in err.message
        cfg = InstanceConfig(associate_public_ip=True, subnet_tier="public")
        assert cfg.associate_public_ip is True

    def test_ami_or_parameter(self, reject: Reject) -> None:
        """ami and ami_ssm_parameter are exclusive when both are set."""
        assert InstanceConfig(ami="ami-0123456789abcdef0").ami == "ami-0123456789abcdef0"
        err = _instance(reject, ami="ami-0123456789abcdef0", ami_ssm_parameter="/x/y")
        assert "set ami or ami_ssm_parameter, not both" in err.message
        assert _instance(reject, ami="ubuntu").key_path == "aws.instances.app.ami"

    def test_hop_limit(self, reject: Reject) -> None:
        """Hop limit 1..64."""
        assert InstanceConfig(metadata_hop_limit=2).metadata_hop_limit == 2
        assert _instance(reject, metadata_hop_limit=0).key_path == (
            "aws.instances.app.metadata_hop_limit"
        )

    def test_root_volume(self, reject: Reject) -> None:
        """Root volumes are at least 8 GiB."""
        err = _instance(reject, root_volume_size_gib=4)
        assert err.expected == "a number greater than or equal to 8"

    def test_egress(self, reject: Reject) -> None:
        """Egress modes list the allowed values."""
        err = _instance(reject, egress="internet")
        assert err.expected == "one of 'https_and_vpc', 'vpc', 'all' or 'none'"
