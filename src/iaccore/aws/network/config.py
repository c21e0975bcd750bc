"""Config models of [`iaccore.aws.SecureVpc`][iaccore.aws.SecureVpc] (plain data, no Pulumi import).

Every default is the secure choice: flow logs on and encrypted, a NAT gateway per AZ, the
default security group stripped, S3 and DynamoDB gateway endpoints. Validators raise
``ValueError`` messages that name the keys and the allowed values; the config loader turns them
into [`iaccore.ConfigurationError`][iaccore.ConfigurationError] with the full key path.

Examples:
    >>> vpc = VpcConfig(cidr="10.20.0.0/16")
    >>> vpc.nat, vpc.flow_logs.retention_days
    ('one_per_az', 365)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints, field_validator, model_validator

from iaccore.aws.limits import CLOUDWATCH_RETENTION_DAYS
from iaccore.aws.network.planning import (
    SubnetPlan,
    TierSpec,
    parse_vpc_cidr,
    plan_subnets,
    validate_az_count,
)
from iaccore.aws.types import AzName, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel
from iaccore.core.errors import ConfigurationError

__all__ = [
    "DEFAULT_VPC_CIDR",
    "MAX_AZS",
    "EksClusterName",
    "FlowLogConfig",
    "GatewayEndpointsConfig",
    "TierConfig",
    "VpcConfig",
    "VpcName",
    "VpcTiersConfig",
]

#: VPC CIDR used when the config names none.
DEFAULT_VPC_CIDR = "10.0.0.0/16"
#: Most AZs a VPC spreads over (the largest commercial region, us-east-1, has six).
MAX_AZS = 6

EndpointService = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
#: Name of a VPC of ``aws.vpcs`` (the SecureVpc component name): lower case, digits, ``-``.
VpcName = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length=40)
]
#: An EKS cluster name as the EKS API accepts it (``CreateCluster``: 1-100 characters).
EksClusterName = Annotated[
    str, StringConstraints(pattern=r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", max_length=100)
]


class TierConfig(IaccoreModel):
    """One subnet tier: enabled, and its prefix length.

    Examples:
        >>> TierConfig(prefix_length=22).enabled
        True
    """

    enabled: bool = Field(True, description="Create one subnet of this tier per AZ.")
    prefix_length: int | None = Field(
        None,
        ge=16,
        le=28,
        description="Subnet prefix length; unset: VPC prefix + 8 for public and isolated, "
        "+ 4 for private (a /16 gets /24, /20, /24), at most /28.",
    )


class VpcTiersConfig(IaccoreModel):
    """The three subnet tiers of a VPC.

    Examples:
        >>> VpcTiersConfig(isolated=TierConfig(enabled=False)).isolated.enabled
        False
    """

    public: TierConfig = Field(
        default_factory=TierConfig, description="Subnets routed to the internet gateway."
    )
    private: TierConfig = Field(
        default_factory=TierConfig, description="Subnets with egress through NAT gateways."
    )
    isolated: TierConfig = Field(
        default_factory=TierConfig, description="Subnets with no route out of the VPC."
    )

    def specs(self) -> dict[str, TierSpec]:
        """The tiers as ``plan_subnets`` input."""
        return {
            tier: TierSpec(cfg.enabled, cfg.prefix_length)
            for tier, cfg in (
                ("public", self.public),
                ("private", self.private),
                ("isolated", self.isolated),
            )
        }


class FlowLogConfig(IaccoreModel):
    """VPC flow logs: on by default, to an encrypted CloudWatch log group kept one year.

    Examples:
        >>> FlowLogConfig(destination="s3").kms
        True
    """

    enabled: bool = Field(
        True, description="Record VPC flow logs (CIS AWS Foundations v3.0.0 3.7)."
    )
    destination: Literal["cloudwatch", "s3"] = Field(
        "cloudwatch", description="Where flow logs go: a CloudWatch log group or an S3 bucket."
    )
    retention_days: int = Field(
        365,
        description="Days flow logs are kept (log group retention, or S3 expiration); default "
        "365, the one-year audit-log retention PCI DSS 10.5.1 asks for.",
    )
    kms: bool = Field(True, description="Encrypt flow logs with a customer managed KMS key.")
    traffic_type: Literal["ALL", "ACCEPT", "REJECT"] = Field(
        "ALL", description="Which traffic is logged: ALL, ACCEPT or REJECT."
    )

    @model_validator(mode="after")
    def _check_retention(self) -> FlowLogConfig:
        if self.destination == "cloudwatch" and self.retention_days not in (
            CLOUDWATCH_RETENTION_DAYS
        ):
            allowed = ", ".join(map(str, CLOUDWATCH_RETENTION_DAYS))
            raise ValueError(
                f"retention_days ({self.retention_days}) is not a CloudWatch Logs retention; "
                f"allowed: {allowed}"
            )
        if self.retention_days < 1:
            raise ValueError(f"retention_days ({self.retention_days}) must be at least 1")
        return self


class GatewayEndpointsConfig(IaccoreModel):
    """Free gateway endpoints, keeping S3 and DynamoDB traffic off NAT and the internet.

    Examples:
        >>> GatewayEndpointsConfig().s3
        True
    """

    s3: bool = Field(True, description="Create the S3 gateway endpoint on every route table.")
    dynamodb: bool = Field(True, description="Create the DynamoDB gateway endpoint.")

    def services(self) -> tuple[str, ...]:
        """The enabled gateway endpoint services, in a fixed order.

        Examples:
            >>> GatewayEndpointsConfig(dynamodb=False).services()
            ('s3',)
        """
        return tuple(name for name, on in (("s3", self.s3), ("dynamodb", self.dynamodb)) if on)


class VpcConfig(ComponentConfig):
    """A VPC: subnets per tier and AZ, NAT, flow logs, endpoints.

    Examples:
        >>> vpc = VpcConfig(cidr="10.1.0.0/16", azs=2, nat="single")
        >>> [s.cidr for s in vpc.plan().by_tier("private")]
        ['10.1.0.0/20', '10.1.16.0/20']
    """

    cidr: str = Field(
        DEFAULT_VPC_CIDR, description="IPv4 CIDR of the VPC, /16 to /28; default 10.0.0.0/16."
    )
    azs: int | tuple[AzName, ...] = Field(
        3,
        description=f"Number of AZs (1 to {MAX_AZS}, the region's first ones) or explicit AZ "
        "names; default 3.",
    )
    az_slots: int | None = Field(
        None,
        ge=1,
        le=MAX_AZS,
        description="Subnets reserved per tier so that adding AZs later moves no subnet; "
        "unset reserves one per AZ.",
    )
    nat: Literal["none", "single", "one_per_az"] = Field(
        "one_per_az",
        description="NAT gateways for private subnets: one per AZ (default, survives an AZ "
        "outage), a single one (cheaper), or none (private subnets get no internet egress).",
    )
    tiers: VpcTiersConfig = Field(
        default_factory=VpcTiersConfig, description="Subnet tiers; all three enabled by default."
    )
    reserved_cidrs: tuple[str, ...] = Field(
        (), description="Ranges inside the VPC the subnet planner keeps free."
    )
    existing_cidrs: tuple[str, ...] = Field(
        (), description="Networks the VPC must not overlap (peered VPCs, on-premises)."
    )
    enable_dns_hostnames: bool = Field(True, description="Give instances DNS hostnames.")
    enable_dns_support: bool = Field(True, description="Enable the Amazon-provided DNS server.")
    restrict_default_security_group: bool = Field(
        True, description="Strip all rules from the default security group (CIS AWS 5.4)."
    )
    flow_logs: FlowLogConfig = Field(
        default_factory=FlowLogConfig, description="VPC flow logs; on by default."
    )
    gateway_endpoints: GatewayEndpointsConfig = Field(
        default_factory=GatewayEndpointsConfig,
        description="S3 and DynamoDB gateway endpoints; both on by default.",
    )
    interface_endpoints: tuple[EndpointService, ...] = Field(
        (),
        description="Interface endpoints by service short name (`ssm`, `ecr.api`, `sts`), in "
        "the private subnets with private DNS; none by default.",
    )
    eks_cluster_names: tuple[EksClusterName, ...] = Field(
        (),
        description="Physical names of the EKS clusters placed in this VPC: each gets a "
        "`kubernetes.io/cluster/<name>: shared` tag on the public and private subnets. An "
        "`EksCluster(..., vpc=)` checks that its cluster name is listed. The load-balancer role "
        "tags (`kubernetes.io/role/elb` on public, `kubernetes.io/role/internal-elb` on private "
        "subnets) are always set; they need no cluster name.",
    )
    provider: str | None = provider_field()

    @field_validator("cidr")
    @classmethod
    def _check_cidr(cls, value: str) -> str:
        try:
            parse_vpc_cidr(value, key_path="")
        except ConfigurationError as err:
            raise ValueError(f"{err.message} (expected {err.expected})") from None
        return value

    @field_validator("azs")
    @classmethod
    def _check_azs(cls, value: int | tuple[str, ...]) -> int | tuple[str, ...]:
        count = value if isinstance(value, int) else len(value)
        if not 1 <= count <= MAX_AZS:
            raise ValueError(f"azs must name or count 1 to {MAX_AZS} AZs, got {count}")
        if not isinstance(value, int) and len(set(value)) != len(value):
            raise ValueError("azs lists an availability zone more than once")
        return value

    @field_validator("interface_endpoints")
    @classmethod
    def _check_endpoints(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("interface_endpoints lists a service more than once")
        return value

    @field_validator("eks_cluster_names")
    @classmethod
    def _check_cluster_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("eks_cluster_names lists a cluster more than once")
        return value

    @model_validator(mode="after")
    def _check_layout(self) -> VpcConfig:
        if self.nat != "none" and not self.tiers.public.enabled:
            raise ValueError(
                f"nat {self.nat!r} needs the public tier for its NAT gateways; "
                "set tiers.public.enabled: true or nat: none"
            )
        if self.interface_endpoints and not (self.enable_dns_support and self.enable_dns_hostnames):
            # Interface endpoints use private DNS, which AWS refuses without both settings.
            raise ValueError(
                "interface_endpoints: private DNS for interface endpoints needs "
                "enable_dns_support and enable_dns_hostnames both true"
            )
        try:
            self.plan(key_path="")
        except ConfigurationError as err:
            where = f"{err.key_path}: " if err.key_path else ""
            raise ValueError(f"{where}{err.message} (expected {err.expected})") from None
        return self

    @property
    def az_count(self) -> int:
        """How many AZs the VPC spans."""
        return self.azs if isinstance(self.azs, int) else len(self.azs)

    def plan(
        self, available_azs: tuple[str, ...] | None = None, *, key_path: str = "aws.vpc"
    ) -> SubnetPlan:
        """Plan the subnets over the configured AZ names, or the first of ``available_azs``.

        Without names (``azs`` is a count and no ``available_azs``), placeholder AZs
        ``az1``… are used: the CIDRs are the same as for the real names.
        """
        if not isinstance(self.azs, int):
            names = self.azs
        elif available_azs is not None:
            names = validate_az_count(self.azs, available_azs, f"{key_path}.azs")
        else:
            names = tuple(f"az{i + 1}" for i in range(self.azs))
        return plan_subnets(
            self.cidr,
            names,
            tiers=self.tiers.specs(),
            reserved=self.reserved_cidrs,
            existing=self.existing_cidrs,
            az_slots=self.az_slots,
            key_path=key_path,
        )
