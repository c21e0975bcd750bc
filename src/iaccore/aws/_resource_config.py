"""S3 bucket and EC2 instance config models; public through :mod:`iaccore.aws.config`.

Example:
    >>> BucketConfig().encryption, InstanceConfig().metadata_hop_limit
    ('aws:kms', 1)
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal

from pydantic import StringConstraints, field_validator, model_validator

from iaccore.aws.limits import S3_BUCKET_PREFIX_MAX_LENGTH, S3_MIN_DAYS_BEFORE_IA
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel

__all__ = [
    "AL2023_AMI_SSM_PARAMETER",
    "STORAGE_CLASSES",
    "AccessLoggingConfig",
    "BucketConfig",
    "IngressRule",
    "InstanceConfig",
    "LifecycleRule",
    "LifecycleTransition",
]

#: Public SSM parameter with the latest Amazon Linux 2023 AMI (x86_64, default kernel).
AL2023_AMI_SSM_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

#: Storage classes a lifecycle rule can transition objects to.
STORAGE_CLASSES: tuple[str, ...] = (
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
)

KmsKeyArn = Annotated[
    str, StringConstraints(pattern=r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key|alias)/.+$")
]
BucketPrefix = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9][a-z0-9.-]*$", min_length=1, max_length=S3_BUCKET_PREFIX_MAX_LENGTH
    ),
]
_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


class AccessLoggingConfig(IaccoreModel):
    """Server access logging into another bucket.

    Example:
        >>> AccessLoggingConfig(target_bucket="acme-logs").prefix
        ''
    """

    target_bucket: str = Field(min_length=3, max_length=63, description="Bucket receiving logs.")
    prefix: str = Field("", description="Key prefix of the log objects; default none.")


class LifecycleTransition(IaccoreModel):
    """Move objects to another storage class after some days.

    Example:
        >>> LifecycleTransition(days=90, storage_class="GLACIER").days
        90
    """

    days: int = Field(ge=0, description="Days after creation.")
    storage_class: str = Field(description=f"One of {', '.join(STORAGE_CLASSES)}.")

    @model_validator(mode="after")
    def _check(self) -> LifecycleTransition:
        if self.storage_class not in STORAGE_CLASSES:
            raise ValueError(
                f"storage_class {self.storage_class!r} is not one of {', '.join(STORAGE_CLASSES)}"
            )
        if self.storage_class in ("STANDARD_IA", "ONEZONE_IA") and self.days < (
            S3_MIN_DAYS_BEFORE_IA
        ):
            raise ValueError(
                f"days ({self.days}) must be at least {S3_MIN_DAYS_BEFORE_IA} for a transition "
                f"to {self.storage_class}"
            )
        return self


class LifecycleRule(IaccoreModel):
    """A lifecycle rule: expiration, transitions, cleanup of incomplete uploads.

    Example:
        >>> LifecycleRule(id="logs", prefix="logs/", expiration_days=30).enabled
        True
    """

    id: str = Field(min_length=1, max_length=255, description="Rule id, unique in the bucket.")
    enabled: bool = Field(True, description="Apply the rule.")
    prefix: str = Field("", description="Key prefix the rule applies to; default all objects.")
    expiration_days: int | None = Field(
        None, ge=1, description="Expire current versions after these days; never when unset."
    )
    noncurrent_version_expiration_days: int | None = Field(
        None, ge=1, description="Delete noncurrent versions after these days; never when unset."
    )
    transitions: tuple[LifecycleTransition, ...] = Field(
        (), description="Storage-class transitions; none by default."
    )
    abort_incomplete_multipart_upload_days: int | None = Field(
        7, ge=1, description="Abort multipart uploads left incomplete this long; default 7."
    )

    @model_validator(mode="after")
    def _check(self) -> LifecycleRule:
        if self.expiration_days is not None:
            for transition in self.transitions:
                if self.expiration_days <= transition.days:
                    raise ValueError(
                        f"expiration_days ({self.expiration_days}) must be greater than the "
                        f"days of the {transition.storage_class} transition ({transition.days})"
                    )
        return self


def _default_rules() -> tuple[LifecycleRule, ...]:
    return (LifecycleRule(id="abort-incomplete-multipart-uploads"),)


class BucketConfig(ComponentConfig):
    """An S3 bucket: private, encrypted with KMS, versioned, TLS-only.

    The public access block stays fully on unless ``allow_public: true``; ACLs are disabled
    (BucketOwnerEnforced) and a bucket policy denies requests without TLS.

    Example:
        >>> BucketConfig(name_prefix="acme-data").versioning
        True
    """

    name_prefix: BucketPrefix | None = Field(
        None,
        description=f"Physical name prefix (at most {S3_BUCKET_PREFIX_MAX_LENGTH} characters); "
        "the bucket is named `<prefix>-<logical name>`, made S3-legal and shortened with a hash "
        "within 63 characters. Unset uses `<project>-<stack>`.",
    )
    versioning: bool = Field(True, description="Keep every version of every object.")
    encryption: Literal["aws:kms", "AES256"] = Field(
        "aws:kms", description="Default encryption: aws:kms (default, with a bucket key) or AES256."
    )
    kms_key_arn: KmsKeyArn | None = Field(
        None, description="KMS key for aws:kms; unset creates a key with rotation."
    )
    bucket_key_enabled: bool = Field(
        True, description="Use an S3 bucket key to cut KMS requests (aws:kms only)."
    )
    access_logging: AccessLoggingConfig | None = Field(
        None, description="Server access logging; off when unset."
    )
    lifecycle_rules: tuple[LifecycleRule, ...] = Field(
        default_factory=_default_rules,
        description="Lifecycle rules; default one rule aborting incomplete uploads after 7 days.",
    )
    force_destroy: bool = Field(
        False, description="Let Pulumi delete the bucket with its objects; off by default."
    )
    allow_public: bool = Field(
        False,
        description="Turn off the public access block; off by default, so the bucket can "
        "never be made public by a policy or ACL.",
    )
    provider: str | None = Field(
        None, description="Named provider of the section; unset uses the default."
    )

    @model_validator(mode="after")
    def _check(self) -> BucketConfig:
        if self.kms_key_arn is not None and self.encryption != "aws:kms":
            raise ValueError("kms_key_arn needs encryption 'aws:kms' (allowed: aws:kms, AES256)")
        ids = [rule.id for rule in self.lifecycle_rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"lifecycle rule id {duplicates[0]!r} is used more than once")
        return self


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

    instance_type: str = Field(
        "t3.micro", pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$", description="Default t3.micro."
    )
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
    subnet_id: str | None = Field(
        None,
        pattern=r"^subnet-[0-9a-f]{8,17}$",
        description="Explicit subnet id, instead of a SecureVpc; needs `vpc_id`.",
    )
    vpc_id: str | None = Field(
        None,
        pattern=r"^vpc-[0-9a-f]{8,17}$",
        description="VPC of `subnet_id` (for the security group), instead of a SecureVpc.",
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
    provider: str | None = Field(
        None, description="Named provider of the section; unset uses the default."
    )

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
