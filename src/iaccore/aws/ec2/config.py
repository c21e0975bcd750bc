"""Config models of :class:`iaccore.aws.ec2.instance.Instance` (plain data, no Pulumi import).

Example:
    >>> InstanceConfig().metadata_hop_limit, InstanceConfig().subnet_tier
    (1, 'private')
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import field_validator, model_validator

from iaccore.aws.types import InstanceType, SubnetId, VpcId, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel

__all__ = ["AL2023_AMI_SSM_PARAMETER", "IngressRule", "InstanceConfig"]

#: Public SSM parameter with the latest Amazon Linux 2023 AMI (x86_64, default kernel).
AL2023_AMI_SSM_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


class IngressRule(IaccoreModel):
    """An inbound security group rule.

    Example:
        >>> IngressRule(protocol="tcp", from_port=443, to_port=443,
        ...             cidr_blocks=["10.0.0.0/16"]).description is None
        True
    """

    protocol: Literal["tcp", "udp", "icmp", "all"] = Field(
        description="tcp, udp, icmp or all (all ports)."
    )
    from_port: int = Field(0, ge=-1, le=65535, description="First port (ICMP type for icmp).")
    to_port: int = Field(0, ge=-1, le=65535, description="Last port (ICMP code for icmp).")
    cidr_blocks: tuple[str, ...] = Field(min_length=1, description="Source networks, IPv4 or IPv6.")
    description: str | None = Field(None, max_length=255, description="Why the rule exists.")

    @field_validator("cidr_blocks")
    @classmethod
    def _check_cidrs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                raise ValueError(f"{cidr!r} is not a valid CIDR without host bits") from None
        return value

    @model_validator(mode="after")
    def _check_ports(self) -> IngressRule:
        if self.protocol in ("tcp", "udp") and not 0 <= self.from_port <= self.to_port:
            raise ValueError(
                f"from_port ({self.from_port}) must be ≤ to_port ({self.to_port}), both 0-65535"
            )
        return self

    @property
    def open_to_internet(self) -> bool:
        """Whether a source is the whole internet (``0.0.0.0/0`` or ``::/0``)."""
        return any(ipaddress.ip_network(c) in _WORLD for c in self.cidr_blocks)


class InstanceConfig(ComponentConfig):
    """An EC2 instance: private subnet, IMDSv2 only, encrypted root volume, SSM access.

    Instance metadata always requires tokens (IMDSv2) and the root volume is always encrypted:
    neither can be switched off.

    Example:
        >>> InstanceConfig(instance_type="t3.small").subnet_tier
        'private'
    """

    instance_type: InstanceType = Field("t3.micro", description="Default t3.micro.")
    ami: str | None = Field(
        None, pattern=r"^ami-[0-9a-f]{8,17}$", description="AMI id; unset uses the SSM parameter."
    )
    ami_ssm_parameter: str = Field(
        AL2023_AMI_SSM_PARAMETER,
        pattern=r"^/.+",
        description="SSM parameter holding the AMI id, used when `ami` is unset; default the "
        "latest Amazon Linux 2023.",
    )
    subnet_tier: Literal["public", "private", "isolated"] = Field(
        "private", description="VPC tier of the instance's subnet; default private."
    )
    subnet_index: int = Field(
        0,
        ge=0,
        description="Which subnet of the tier (AZ order) when wired to a SecureVpc; default the "
        "first AZ.",
    )
    subnet_id: SubnetId | None = Field(
        None, description="Explicit subnet id, instead of a SecureVpc; needs `vpc_id`."
    )
    vpc_id: VpcId | None = Field(
        None, description="VPC of `subnet_id` (for the security group), instead of a SecureVpc."
    )
    vpc_cidr: str | None = Field(
        None,
        description="CIDR of `vpc_id`, for the `vpc`/`https_and_vpc` egress rules when no "
        "SecureVpc is given.",
    )
    associate_public_ip: bool = Field(
        False, description="Give the instance a public IP (public tier only); off by default."
    )
    root_volume_size_gib: int = Field(
        20, ge=8, le=16384, description="Encrypted gp3 root volume size in GiB; default 20."
    )
    ssm: bool = Field(
        True, description="Instance profile with AmazonSSMManagedInstanceCore (Session Manager)."
    )
    ingress_rules: tuple[IngressRule, ...] = Field(
        (), description="Inbound rules; none by default (use SSM Session Manager, not SSH)."
    )
    allow_ingress_from_internet: bool = Field(
        False, description="Allow ingress rules from 0.0.0.0/0 or ::/0; off by default."
    )
    egress: Literal["https_and_vpc", "vpc", "all", "none"] = Field(
        "https_and_vpc",
        description="Outbound rules: HTTPS anywhere plus all traffic within the VPC "
        "(default, enough for SSM and package updates), VPC only, all, or none.",
    )
    detailed_monitoring: bool = Field(True, description="One-minute CloudWatch metrics.")
    metadata_hop_limit: int = Field(
        1, ge=1, le=64, description="IMDS response hop limit; 1 (default), 2 for containers."
    )
    provider: str | None = provider_field()

    @model_validator(mode="after")
    def _check(self) -> InstanceConfig:
        if self.ami is not None and "ami_ssm_parameter" in self.model_fields_set:
            raise ValueError("set ami or ami_ssm_parameter, not both")
        if (self.subnet_id is None) != (self.vpc_id is None):
            raise ValueError("set subnet_id and vpc_id together")
        if self.vpc_cidr is not None:
            try:
                ipaddress.ip_network(self.vpc_cidr, strict=True)
            except ValueError:
                raise ValueError(
                    f"vpc_cidr {self.vpc_cidr!r} is not a valid CIDR without host bits"
                ) from None
        if self.associate_public_ip and self.subnet_tier != "public":
            raise ValueError(
                f"associate_public_ip needs subnet_tier 'public', got {self.subnet_tier!r}"
            )
        if not self.allow_ingress_from_internet:
            for index, rule in enumerate(self.ingress_rules):
                if rule.open_to_internet:
                    raise ValueError(
                        f"ingress_rules[{index}] is open to the internet (0.0.0.0/0 or ::/0); "
                        "narrow cidr_blocks or set allow_ingress_from_internet: true"
                    )
        return self
