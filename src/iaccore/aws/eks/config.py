"""EKS config models; public through ``iaccore.aws.config`` (no Pulumi import).

Defaults follow terraform-aws-eks or stricter: private endpoint only, control-plane logs,
secrets encrypted with a rotating customer managed KMS key, access entries (``API`` mode).
Node groups and add-ons have their own modules (``iaccore.aws.eks.node_config``,
``iaccore.aws.eks.addon_config``), re-exported here.

Who administers the cluster is an explicit choice: ``deployer_role_arn`` (the role that runs
Pulumi gets an access entry), ``admin_principals``, or
``bootstrap_cluster_creator_admin_permissions``.
[`EksCluster`][iaccore.aws.EksCluster] refuses a cluster with none of them.

Examples:
    >>> EksClusterConfig().endpoint_public_access
    False
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import ValidationInfo, field_validator, model_validator

from iaccore.aws.eks.addon_config import DEFAULT_ADDONS, AddonConfig, default_addons
from iaccore.aws.eks.node_config import AMI_TYPES, CUSTOM_AMI_TYPE, NodeGroupConfig, Taint
from iaccore.aws.eks.versions import DEFAULT_VERSION, SUPPORTED_VERSIONS, validate_version
from iaccore.aws.limits import CLOUDWATCH_RETENTION_DAYS
from iaccore.aws.types import PrincipalArn, RoleArn, SecurityGroupId, SubnetId, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel
from iaccore.core.errors import ConfigurationError

__all__ = [
    "AMI_TYPES",
    "CUSTOM_AMI_TYPE",
    "DEFAULT_ADDONS",
    "LOG_TYPES",
    "AddonConfig",
    "ApiAccessConfig",
    "EksClusterConfig",
    "EksSection",
    "KubeconfigConfig",
    "NodeGroupConfig",
    "Taint",
]

#: Control-plane log types EKS can send to CloudWatch.
LOG_TYPES: tuple[str, ...] = ("api", "audit", "authenticator", "controllerManager", "scheduler")

LogType = Literal["api", "audit", "authenticator", "controllerManager", "scheduler"]
_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


def _unique(value: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(value)) != len(value):
        raise ValueError("values must be unique")
    return value


class ApiAccessConfig(IaccoreModel):
    """Who may open TCP 443 connections to the cluster's API endpoint inside the VPC.

    Each entry becomes an ingress rule on the cluster security group EKS creates (which
    otherwise admits only itself, that is the control plane and the managed nodes). Give the
    networks or security groups of whatever runs Pulumi or ``kubectl`` (a CI runner, a VPN).

    Examples:
        >>> ApiAccessConfig(cidrs=["10.20.0.0/16"]).cidrs
        ('10.20.0.0/16',)
    """

    cidrs: tuple[str, ...] = Field(
        (), description="IPv4/IPv6 networks allowed to reach the API on 443; none by default."
    )
    security_group_ids: tuple[SecurityGroupId, ...] = Field(
        (), description="Security groups (sg-…) allowed to reach the API on 443; none by default."
    )

    @field_validator("cidrs")
    @classmethod
    def _check_cidrs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for cidr in value:
            try:
                network = ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                raise ValueError(f"{cidr!r} is not a valid CIDR (such as 10.20.0.0/16)") from None
            if network in _WORLD:
                raise ValueError(
                    f"{cidr} would open the API to every address; list the deployer's networks"
                )
        return _unique(value)

    @field_validator("security_group_ids")
    @classmethod
    def _check_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)


class KubeconfigConfig(IaccoreModel):
    """How the generated kubeconfig (and the cluster's Kubernetes provider) authenticates.

    ``aws eks get-token`` runs with the ambient AWS credentials, optionally from a named CLI
    profile, and can assume a role first. The identity it ends up with needs an access entry:
    ``deployer_role_arn`` or one of ``admin_principals``.

    Examples:
        >>> KubeconfigConfig(profile="platform").role_arn is None
        True
    """

    role_arn: RoleArn | None = Field(
        None, description="Role `aws eks get-token` assumes first (`--role-arn`); none by default."
    )
    profile: str | None = Field(
        None,
        min_length=1,
        pattern=r"^[\w.@+=,/-]+$",
        description="AWS CLI profile for `aws eks get-token` (`AWS_PROFILE`); ambient by default.",
    )


class EksClusterConfig(ComponentConfig):
    """An EKS cluster with managed node groups and add-ons.

    Examples:
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
    deployer_role_arn: PrincipalArn | None = Field(
        None,
        description="The IAM role that runs Pulumi for this stack: it gets an access entry with "
        "AmazonEKSClusterAdminPolicy, so the program can create Kubernetes resources through "
        "`kubernetes_opts`. Set this, `admin_principals` or "
        "`bootstrap_cluster_creator_admin_permissions`; unset by default.",
    )
    admin_principals: tuple[PrincipalArn, ...] = Field(
        (), description="IAM role/user ARNs given cluster-admin through access entries."
    )
    bootstrap_cluster_creator_admin_permissions: bool = Field(
        False,
        description="Let EKS make whoever creates the cluster an admin (an access entry Pulumi "
        "does not manage, fixed at creation); off by default, prefer `deployer_role_arn`.",
    )
    api_access: ApiAccessConfig = Field(
        default_factory=ApiAccessConfig,
        description="Networks and security groups allowed to reach the API endpoint (TCP 443) "
        "through the cluster security group; none by default.",
    )
    kubeconfig: KubeconfigConfig = Field(
        default_factory=KubeconfigConfig,
        description="Role and AWS CLI profile of the kubeconfig's `aws eks get-token`.",
    )
    node_groups: dict[str, NodeGroupConfig] = Field(
        default_factory=dict, description="Managed node groups by name; none by default."
    )
    addons: dict[str, AddonConfig] = Field(
        default_factory=default_addons,
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
        return {**default_addons(), **value}

    @field_validator("enabled_log_types", "admin_principals", "subnet_ids")
    @classmethod
    def _check_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)

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

    @model_validator(mode="after")
    def _check_deployer(self) -> EksClusterConfig:
        deployer = self.deployer_role_arn
        if deployer is None:
            return self
        if deployer in self.admin_principals:
            raise ValueError(
                f"deployer_role_arn: {deployer} is also in admin_principals; list it once "
                "(EKS refuses a second access entry for the same principal)"
            )
        if self.bootstrap_cluster_creator_admin_permissions:
            raise ValueError(
                "deployer_role_arn: set it or bootstrap_cluster_creator_admin_permissions, not "
                "both; when the deployer creates the cluster EKS already gives it an access "
                "entry, and a second one for the same principal fails"
            )
        return self

    @property
    def has_admin(self) -> bool:
        """Whether anyone gets cluster-admin: a deployer, an admin principal or the creator.

        Examples:
            >>> EksClusterConfig().has_admin
            False
        """
        return bool(
            self.deployer_role_arn
            or self.admin_principals
            or self.bootstrap_cluster_creator_admin_permissions
        )

    @property
    def access_principals(self) -> tuple[str, ...]:
        """Principals that get an access entry with cluster-admin: admins, then the deployer.

        Examples:
            >>> EksClusterConfig(
            ...     deployer_role_arn="arn:aws:iam::123456789012:role/ci"
            ... ).access_principals
            ('arn:aws:iam::123456789012:role/ci',)
        """
        deployer = (self.deployer_role_arn,) if self.deployer_role_arn else ()
        return (*self.admin_principals, *deployer)


class EksSection(IaccoreModel):
    """The ``eks`` part of the AWS section.

    Examples:
        >>> section = EksSection.model_validate({"clusters": {"main": {}}})
        >>> section.clusters["main"].version == DEFAULT_VERSION
        True
    """

    clusters: dict[str, EksClusterConfig] = Field(
        default_factory=dict, description="EKS clusters by name; none by default."
    )
