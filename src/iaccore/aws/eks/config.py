"""EKS config models; public through :mod:`iaccore.aws.config` (no Pulumi import).

Defaults follow terraform-aws-eks or stricter: private endpoint only, control-plane logs,
secrets encrypted with a rotating customer managed KMS key, access entries (``API`` mode).

Example:
    >>> EksClusterConfig().endpoint_public_access
    False
"""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import ValidationInfo, field_validator, model_validator

from iaccore.aws.eks.versions import DEFAULT_VERSION, SUPPORTED_VERSIONS, validate_version
from iaccore.aws.limits import CLOUDWATCH_RETENTION_DAYS, EKS_MAX_TAINTS_PER_NODE_GROUP
from iaccore.aws.types import InstanceType, PrincipalArn, SubnetId, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel
from iaccore.core.errors import ConfigurationError

__all__ = [
    "AMI_TYPES",
    "DEFAULT_ADDONS",
    "LOG_TYPES",
    "AddonConfig",
    "EksClusterConfig",
    "EksSection",
    "NodeGroupConfig",
    "Taint",
]

#: Control-plane log types EKS can send to CloudWatch.
LOG_TYPES: tuple[str, ...] = ("api", "audit", "authenticator", "controllerManager", "scheduler")

#: Add-ons every cluster gets unless disabled (``enabled: false``).
DEFAULT_ADDONS: tuple[str, ...] = (
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "eks-pod-identity-agent",
    "aws-ebs-csi-driver",
)

#: Managed node group AMI types (EKS API ``amiType``). Amazon Linux 2 types are left out: EKS
#: publishes no AL2 AMIs from Kubernetes 1.33 on.
AMI_TYPES: tuple[str, ...] = (
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
    "AL2023_x86_64_NEURON",
    "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64",
    "BOTTLEROCKET_x86_64_NVIDIA",
    "BOTTLEROCKET_ARM_64_NVIDIA",
    "BOTTLEROCKET_x86_64_FIPS",
    "BOTTLEROCKET_ARM_64_FIPS",
    "WINDOWS_CORE_2019_x86_64",
    "WINDOWS_FULL_2019_x86_64",
    "WINDOWS_CORE_2022_x86_64",
    "WINDOWS_FULL_2022_x86_64",
    "CUSTOM",
)

LogType = Literal["api", "audit", "authenticator", "controllerManager", "scheduler"]
_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


class Taint(IaccoreModel):
    """A Kubernetes taint on every node of a node group.

    Example:
        >>> Taint(key="dedicated", value="gpu", effect="NO_SCHEDULE").effect
        'NO_SCHEDULE'
    """

    key: str = Field(min_length=1, max_length=63, description="Taint key.")
    value: str | None = Field(None, max_length=63, description="Taint value; none when unset.")
    effect: Literal["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] = Field(
        description="NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
    )


class NodeGroupConfig(IaccoreModel):
    """An EKS managed node group.

    Example:
        >>> NodeGroupConfig(min=1, max=3).desired_size
        1
    """

    instance_types: tuple[InstanceType, ...] = Field(
        ("m6i.large",), min_length=1, description="Instance types; default m6i.large."
    )
    capacity_type: Literal["ON_DEMAND", "SPOT"] = Field(
        "ON_DEMAND", description="ON_DEMAND (default) or SPOT capacity."
    )
    min: int = Field(2, ge=0, description="Minimum node count; default 2.")
    desired: int | None = Field(
        None, ge=0, description="Initial node count; unset starts at `min`."
    )
    max: int = Field(4, ge=1, description="Maximum node count; default 4.")
    disk_size_gib: int = Field(50, ge=1, le=16384, description="Root volume size in GiB.")
    labels: dict[str, str] = Field(default_factory=dict, description="Kubernetes node labels.")
    taints: tuple[Taint, ...] = Field(
        (),
        max_length=EKS_MAX_TAINTS_PER_NODE_GROUP,
        description="Kubernetes taints on every node; none by default.",
    )
    ami_type: str = Field(
        "AL2023_x86_64_STANDARD", description=f"AMI type, one of {', '.join(AMI_TYPES)}."
    )
    max_unavailable: int | None = Field(
        None, ge=1, le=100, description="Nodes replaced at once on update; unset means 1."
    )
    max_unavailable_percentage: int | None = Field(
        None, ge=1, le=100, description="Nodes replaced at once, as a percentage; unset."
    )
    tags: dict[str, str] = Field(default_factory=dict, description="Extra tags on the group.")
    metadata_hop_limit: int = Field(
        2,
        ge=1,
        le=64,
        description="IMDSv2 PUT response hop limit; 2 (default) lets pods on the node reach it, "
        "1 confines it to the host.",
    )

    @field_validator("ami_type")
    @classmethod
    def _check_ami_type(cls, value: str) -> str:
        if value not in AMI_TYPES:
            raise ValueError(
                f"ami_type {value!r} is not supported; allowed: {', '.join(AMI_TYPES)}"
            )
        return value

    @model_validator(mode="after")
    def _check_sizes(self) -> NodeGroupConfig:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be ≤ max ({self.max})")
        if self.desired is not None and not self.min <= self.desired <= self.max:
            raise ValueError(
                f"desired ({self.desired}) must be between min ({self.min}) and max ({self.max})"
            )
        if self.max_unavailable is not None and self.max_unavailable_percentage is not None:
            raise ValueError("set max_unavailable or max_unavailable_percentage, not both")
        return self

    @property
    def desired_size(self) -> int:
        """The initial node count: ``desired``, or ``min`` when unset."""
        return self.min if self.desired is None else self.desired


class AddonConfig(IaccoreModel):
    """An EKS add-on.

    Example:
        >>> AddonConfig(version="v1.19.0-eksbuild.1").enabled
        True
    """

    enabled: bool = Field(True, description="Install the add-on.")
    version: str | None = Field(
        None, description="Add-on version; unset installs the default for the cluster version."
    )
    resolve_conflicts_on_create: Literal["NONE", "OVERWRITE"] = Field(
        "OVERWRITE", description="Conflict handling on create: NONE or OVERWRITE."
    )
    resolve_conflicts_on_update: Literal["NONE", "OVERWRITE", "PRESERVE"] = Field(
        "OVERWRITE", description="Conflict handling on update: NONE, OVERWRITE or PRESERVE."
    )
    configuration_values: dict[str, Any] | None = Field(
        None, description="Add-on configuration (the JSON schema EKS publishes); default none."
    )


def _default_addons() -> dict[str, AddonConfig]:
    return {name: AddonConfig() for name in DEFAULT_ADDONS}


class EksClusterConfig(ComponentConfig):
    """An EKS cluster with managed node groups and add-ons.

    Example:
        >>> cfg = EksClusterConfig(version="1.33", node_groups={"general": NodeGroupConfig(max=6)})
        >>> cfg.node_groups["general"].max, sorted(cfg.addons)[:2]
        (6, ['aws-ebs-csi-driver', 'coredns'])
    """

    version: str = Field(
        DEFAULT_VERSION,
        description=f"Kubernetes version, one of {', '.join(SUPPORTED_VERSIONS)}; "
        f"default {DEFAULT_VERSION}.",
    )
    endpoint_private_access: bool = Field(
        True, description="Serve the API endpoint inside the VPC (default)."
    )
    endpoint_public_access: bool = Field(
        False, description="Also serve the API endpoint publicly; off by default."
    )
    allow_public_endpoint_to_internet: bool = Field(
        False, description="Allow 0.0.0.0/0 in public_access_cidrs; off by default."
    )
    public_access_cidrs: tuple[str, ...] = Field(
        (), description="Networks allowed to reach the public endpoint; required with it."
    )
    enabled_log_types: tuple[LogType, ...] = Field(
        ("api", "audit", "authenticator"),
        description=f"Control-plane logs sent to CloudWatch; of {', '.join(LOG_TYPES)}.",
    )
    log_retention_days: int = Field(
        365, description="Days control-plane logs are kept; default 365."
    )
    secrets_encryption: bool = Field(
        True, description="Envelope-encrypt Kubernetes secrets with a rotating KMS key."
    )
    authentication_mode: Literal["API", "API_AND_CONFIG_MAP"] = Field(
        "API", description="Access entries only (API, default) or also the aws-auth ConfigMap."
    )
    admin_principals: tuple[PrincipalArn, ...] = Field(
        (), description="IAM role/user ARNs given cluster-admin through access entries."
    )
    bootstrap_cluster_creator_admin_permissions: bool = Field(
        False, description="Make the creating identity cluster admin; off, use admin_principals."
    )
    node_groups: dict[str, NodeGroupConfig] = Field(
        default_factory=dict, description="Managed node groups by name; none by default."
    )
    addons: dict[str, AddonConfig] = Field(
        default_factory=_default_addons,
        description=f"Add-ons by name; {', '.join(DEFAULT_ADDONS)} are always added unless "
        "set to `enabled: false`.",
    )
    enable_ssm: bool = Field(
        False, description="Attach AmazonSSMManagedInstanceCore to nodes; off by default."
    )
    subnet_ids: tuple[SubnetId, ...] = Field(
        (), description="Explicit subnets when no SecureVpc is given; unset uses the VPC's."
    )
    provider: str | None = provider_field()
    cluster_name: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[0-9A-Za-z][A-Za-z0-9_-]*$",
        description="Physical EKS cluster name; unset derives `<project>-<stack>-<name>`.",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _check_version(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError(f'version {value!r} is a number; quote it in YAML ("1.30" is not 1.3)')
        try:
            return validate_version(str(value), key_path="")
        except ConfigurationError as err:
            raise ValueError(f"{err.message} (expected {err.expected})") from None

    @field_validator("log_retention_days")
    @classmethod
    def _check_retention(cls, value: int) -> int:
        if value not in CLOUDWATCH_RETENTION_DAYS:
            allowed = ", ".join(map(str, CLOUDWATCH_RETENTION_DAYS))
            raise ValueError(f"log_retention_days ({value}) is not one of {allowed}")
        return value

    @field_validator("addons")
    @classmethod
    def _merge_addons(cls, value: dict[str, AddonConfig]) -> dict[str, AddonConfig]:
        return {**_default_addons(), **value}

    @field_validator("enabled_log_types", "admin_principals", "subnet_ids")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("values must be unique")
        return value

    @field_validator("public_access_cidrs")
    @classmethod
    def _check_cidrs(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        # A field validator (not the model one) so the error names public_access_cidrs.
        allow_world = bool(info.data.get("allow_public_endpoint_to_internet", False))
        for cidr in value:
            try:
                network = ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                raise ValueError(f"public_access_cidrs: {cidr!r} is not a valid CIDR") from None
            if network in _WORLD and not allow_world:
                raise ValueError(
                    f"public_access_cidrs contains {cidr}, opening the API endpoint to the "
                    "internet; list narrower networks or set "
                    "allow_public_endpoint_to_internet: true"
                )
        return value

    @model_validator(mode="after")
    def _check_endpoint(self) -> EksClusterConfig:
        if not (self.endpoint_private_access or self.endpoint_public_access):
            raise ValueError(
                "at least one of endpoint_private_access and endpoint_public_access must be true"
            )
        if not self.endpoint_public_access:
            if self.public_access_cidrs:
                raise ValueError("public_access_cidrs is set but endpoint_public_access is false")
            return self
        if not self.public_access_cidrs:
            raise ValueError(
                "endpoint_public_access is true: list the networks allowed to reach it in "
                "public_access_cidrs (e.g. your office egress 203.0.113.0/24)"
            )
        return self


class EksSection(IaccoreModel):
    """The ``eks`` part of the AWS section.

    Example:
        >>> section = EksSection.model_validate({"clusters": {"main": {}}})
        >>> section.clusters["main"].version == DEFAULT_VERSION
        True
    """

    clusters: dict[str, EksClusterConfig] = Field(
        default_factory=dict, description="EKS clusters by name; none by default."
    )
