"""Unit tests of InstanceConfig and IngressRule (iaccore.aws.ec2.config)."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws.ec2.config import AL2023_AMI_SSM_PARAMETER, InstanceConfig
from tests.aws.conftest import Reject


def _instance(reject: Reject, **instance: Any) -> Any:
    return reject({"instances": {"app": instance}})


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

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("subnet_id", "subnet-XYZ"),
            ("vpc_id", "vpc_0a1b2c3d"),
            ("instance_type", "T3.Micro"),
        ],
    )
    def test_ids_and_types_checked_for_shape(self, reject: Reject, key: str, value: str) -> None:
        """Subnet and VPC ids and instance types use the shared AWS patterns."""
        other = {"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d"}
        err = _instance(reject, **{**other, key: value})
        assert err.key_path == f"aws.instances.app.{key}"
        assert err.expected is not None
        assert err.expected.startswith("a string matching")
