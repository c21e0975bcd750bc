"""The ``iaccore:aws`` section: provider settings plus each component family's config.

This module only assembles the section. The component configs live beside their components
(``iaccore.aws.network.config``, ``iaccore.aws.s3.config``, ``iaccore.aws.ec2.config``,
``iaccore.aws.eks.config``) and are re-exported here; shared annotated types come from
``iaccore.aws.types``. No ``pulumi_aws`` import.

Every default is the secure choice; every opt-out is a visible word in config (``allow_public``,
``allow_public_endpoint_to_internet``, ``allow_ingress_from_internet``). Validators raise
``ValueError`` messages that name the keys and the allowed values; the config loader turns them into
[`iaccore.ConfigurationError`][iaccore.ConfigurationError] with the full key path.

Examples:
    >>> section = AwsSection(enabled=True, region="eu-west-1", vpc=VpcConfig(cidr="10.20.0.0/16"))
    >>> section.vpc.nat, section.vpc.flow_logs.retention_days
    ('one_per_az', 365)
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from iaccore.aws.ec2.config import InstanceConfig
from iaccore.aws.eks.config import EksClusterConfig, EksSection
from iaccore.aws.iam.config import IamRoleConfig
from iaccore.aws.limits import KMS_DELETION_WINDOW_MAX_DAYS, KMS_DELETION_WINDOW_MIN_DAYS
from iaccore.aws.network.config import VpcConfig, VpcName
from iaccore.aws.network.planning import TIER_ORDER
from iaccore.aws.s3.config import BucketConfig
from iaccore.aws.types import AccountId, Region, RoleArn
from iaccore.aws.validation import check_aws_stack
from iaccore.core.config.base import Field, ProviderSection, ProviderSettings

__all__ = [
    "AwsProviderSettings",
    "AwsSection",
    "BucketConfig",
    "EksClusterConfig",
    "EksSection",
    "IamRoleConfig",
    "InstanceConfig",
    "VpcConfig",
]


class AwsProviderSettings(ProviderSettings):
    """One AWS provider: region, role to assume, account guard-rail. Never credentials.

    Credentials come only from the environment or the ambient AWS chain; unknown keys such as
    ``access_key`` are rejected.

    Examples:
        >>> AwsProviderSettings(region="eu-central-1", allowed_account_ids=["123456789012"]).region
        'eu-central-1'
    """

    region: Region | None = Field(
        None, description="AWS region; unset uses the section's region, then the ambient default."
    )
    assume_role_arn: RoleArn | None = Field(
        None, description="IAM role ARN to assume; unset uses the ambient identity as is."
    )
    allowed_account_ids: tuple[AccountId, ...] = Field(
        (), description="12-digit account ids the provider may act in; empty allows any account."
    )
    default_tags: dict[str, str] = Field(
        default_factory=dict, description="Provider default tags, under the iaccore tags."
    )
    profile: str | None = Field(
        None, description="Named profile of the shared AWS config; unset uses the ambient chain."
    )


class AwsSection(ProviderSection):
    """The ``iaccore:aws`` section: providers, tags, and the config the program builds components
    from (``aws.vpc``, ``aws.eks.clusters.<name>``, ``aws.buckets.<name>`` ...).

    Examples:
        >>> aws = AwsSection.model_validate(
        ...     {"providers": {"dr": {"region": "eu-central-1"}}, "vpc": {"provider": "dr"}})
        >>> aws.providers["dr"].region
        'eu-central-1'
    """

    region: Region | None = Field(
        None, description="Region of the default provider; unset uses the ambient AWS default."
    )
    assume_role_arn: RoleArn | None = Field(
        None, description="Role the default provider assumes; unset uses the ambient identity."
    )
    allowed_account_ids: tuple[AccountId, ...] = Field(
        (), description="Accounts the default provider may act in; empty allows any account."
    )
    profile: str | None = Field(
        None, description="Shared-config profile of the default provider; unset: ambient chain."
    )
    providers: dict[str, AwsProviderSettings] = Field(  # type: ignore[assignment]
        default_factory=dict,
        description="Named extra providers (e.g. `dr`), beside the `default` one; unset "
        "fields inherit the section's.",
    )
    vpc: VpcConfig | None = Field(
        None,
        description="The VPC; none is created when unset. Its name is the component name the "
        'program gives it (`SecureVpc("core", stack.aws.vpc)`), which must not be a key of '
        "`vpcs`.",
    )
    vpcs: dict[VpcName, VpcConfig] = Field(
        default_factory=dict,
        description="More VPCs by name (`SecureVpc(name, stack.aws.vpcs[name])`), beside or "
        "instead of `vpc`; each may use its own `provider` (region).",
    )
    eks: EksSection = Field(default_factory=EksSection, description="EKS clusters by name.")
    buckets: dict[str, BucketConfig] = Field(
        default_factory=dict, description="S3 buckets by logical name."
    )
    instances: dict[str, InstanceConfig] = Field(
        default_factory=dict, description="EC2 instances by logical name."
    )
    iam_roles: dict[str, IamRoleConfig] = Field(
        default_factory=dict,
        description="IAM roles by logical name (`IamRole(name, stack.aws.iam_roles[name])`).",
    )
    retain_data_on_delete: bool = Field(
        True,
        description="Keep buckets (with their settings), KMS keys and log groups when Pulumi "
        "deletes them (`retain_on_delete`, like CDK's `RemovalPolicy.RETAIN`); default true. "
        "Set false for throw-away stacks; a role's `resource_options.<role>.retain_on_delete` "
        "still wins.",
    )
    kms_deletion_window_days: int = Field(
        KMS_DELETION_WINDOW_MAX_DAYS,
        ge=KMS_DELETION_WINDOW_MIN_DAYS,
        le=KMS_DELETION_WINDOW_MAX_DAYS,
        description="Days every created KMS key waits between scheduled deletion and deletion "
        "(7 to 30); default 30.",
    )

    def check_in_stack(self, stack: Any) -> None:
        """Cross-section checks against the whole stack (``iaccore.aws.validation``): tags
        per resource, AZ names and counts, node group sizes."""
        check_aws_stack(self, stack)

    @model_validator(mode="after")
    def _check_references(self) -> AwsSection:
        known = ("default", *sorted(self.providers))
        users: list[tuple[str, str | None]] = [("vpc", self.vpc.provider if self.vpc else None)]
        users += [(f"vpcs.{n}", v.provider) for n, v in self.vpcs.items()]
        users += [(f"eks.clusters.{n}", c.provider) for n, c in self.eks.clusters.items()]
        users += [(f"buckets.{n}", b.provider) for n, b in self.buckets.items()]
        users += [(f"instances.{n}", i.provider) for n, i in self.instances.items()]
        users += [(f"iam_roles.{n}", r.provider) for n, r in self.iam_roles.items()]
        for where, provider in users:
            if provider is not None and provider not in known:
                raise ValueError(
                    f"{where}.provider names unknown provider {provider!r}; "
                    f"known: {', '.join(known)}"
                )
        vpcs = [v for v in (self.vpc, *self.vpcs.values()) if v is not None]
        if vpcs:
            # With several VPCs an instance may sit in any of them: its tier must exist in one.
            enabled = [
                tier for tier in TIER_ORDER if any(v.tiers.specs()[tier].enabled for v in vpcs)
            ]
            for name, instance in self.instances.items():
                if instance.subnet_tier not in enabled:
                    raise ValueError(
                        f"instances.{name}.subnet_tier {instance.subnet_tier!r} is not an "
                        f"enabled VPC tier; enabled: {', '.join(enabled)} "
                        f"(tiers: {', '.join(TIER_ORDER)})"
                    )
        return self
