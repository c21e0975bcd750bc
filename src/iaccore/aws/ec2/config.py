"""Config models of [`iaccore.aws.Instance`][iaccore.aws.Instance] (plain data, no Pulumi import).

Examples:
    >>> InstanceConfig().metadata_hop_limit, InstanceConfig().subnet_tier
    (1, 'private')
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import field_validator, model_validator

from iaccore.aws.types import InstanceType, SubnetId, VpcId, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel

__all__ = [
    "AL2023_AMI_SSM_PARAMETER",
    "USER_DATA_MAX_BYTES",
    "IngressRule",
    "InstanceConfig",
    "credential_in",
]

#: Public SSM parameter with the latest Amazon Linux 2023 AMI (x86_64, default kernel).
AL2023_AMI_SSM_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))

#: Largest user data EC2 accepts (16 KB, before base64 encoding).
USER_DATA_MAX_BYTES = 16384

#: What a credential in user data looks like; each pattern names what it found. Patterns are
#: precise rather than broad, so ordinary scripts (an IMDSv2 ``TOKEN=$(curl ...)``) pass.
_CREDENTIALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")),
    (
        "an AWS secret access key",
        re.compile(
            r"(?i)(?:aws_secret_access_key|secretaccesskey)[\"']?\s*[=:\s]\s*[\"']?"
            r"[A-Za-z0-9/+=]{20,}"
        ),
    ),
    (
        "an AWS session token",
        re.compile(
            r"(?i)(?:aws_session_token|sessiontoken)[\"']?\s*[=:\s]\s*[\"']?[A-Za-z0-9/+=]{20,}"
        ),
    ),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    (
        "a password in a URL",
        re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE),
    ),
)


def credential_in(text: str) -> str | None:
    """What kind of credential ``text`` appears to contain, or None.

    Examples:
        >>> credential_in("aws configure set aws_secret_access_key " + "x" * 40)
        'an AWS secret access key'
        >>> credential_in("export AWS_SECRET_ACCESS_KEY=" + "x" * 40)
        'an AWS secret access key'
        >>> credential_in('TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token)')
    """
    for what, pattern in _CREDENTIALS:
        if pattern.search(text):
            return what
    return None


class IngressRule(IaccoreModel):
    """An inbound security group rule.

    Examples:
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

    Examples:
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
    user_data: str | None = Field(
        None,
        min_length=1,
        description="User data (a cloud-init script or config) run at first boot; none by "
        f"default; at most {USER_DATA_MAX_BYTES} bytes. It is readable by anyone who may "
        "describe the instance and from inside it (IMDS), and stored in state as is: never put "
        "a secret in it. Values that look like credentials (access keys, private keys, tokens, "
        "passwords in URLs) and `secure:` values are refused; read secrets at boot from SSM "
        "Parameter Store or Secrets Manager with the instance role instead.",
    )
    user_data_replace_on_change: bool = Field(
        False,
        description="Replace the instance when `user_data` changes (a new instance runs the new "
        "script at its first boot). Default false: EC2 stops and starts the instance with the "
        "new user data, which cloud-init does not run again on an already-booted instance.",
    )
    provider: str | None = provider_field()

    @field_validator("user_data")
    @classmethod
    def _check_user_data(cls, value: str | None) -> str | None:
        if value is None:
            return value
        size = len(value.encode("utf-8"))
        if size > USER_DATA_MAX_BYTES:
            raise ValueError(
                f"user_data is {size} bytes; EC2 accepts at most {USER_DATA_MAX_BYTES}"
            )
        found = credential_in(value)
        if found is not None:
            # The value is never echoed: the message names only the kind of credential.
            raise ValueError(
                f"user_data contains what looks like {found}; user data is readable by anyone "
                "who may describe the instance: read secrets at boot from SSM Parameter Store "
                "or Secrets Manager with the instance role"
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> InstanceConfig:
        if self.user_data_replace_on_change and self.user_data is None:
            raise ValueError("user_data_replace_on_change needs user_data")
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
