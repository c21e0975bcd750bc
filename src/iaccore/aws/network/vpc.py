"""``SecureVpc``: a VPC with tiered subnets per AZ, NAT, flow logs and endpoints, secure by default.

A program has one VPC per name. The VPCs of ``aws.vpcs`` are named by their keys; the VPC of
``aws.vpc`` by the name the program gives it. Two VPCs with one name are a duplicate: their URNs,
``Name`` tags and flow-log groups would clash.

Examples:
    >>> SecureVpc.TYPE_TOKEN, SecureVpc.CONFIG_KEY
    ('iaccore:aws:SecureVpc', 'aws.vpc')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import pulumi
import pulumi_aws as aws

from iaccore.aws._base import AwsComponent
from iaccore.aws.environment import AwsEnvironment, aws_environment
from iaccore.aws.network._endpoints import create_gateway_endpoints, create_interface_endpoints
from iaccore.aws.network._flow_logs import FlowLogs, create_flow_log
from iaccore.aws.network._routes import create_nat_gateways, create_route_tables
from iaccore.aws.network.config import VpcConfig
from iaccore.aws.network.planning import TIER_ORDER, SubnetPlan
from iaccore.aws.provider import available_zones
from iaccore.core import context
from iaccore.core.errors import ConfigurationError

__all__ = ["EKS_ROLE_TAGS", "ROLES", "SecureVpc", "configured_vpcs"]

#: Child roles of a SecureVpc (keys of ``resource_options``).
ROLES: tuple[str, ...] = (
    "vpc",
    "subnet",
    "igw",
    "eip",
    "nat_gateway",
    "route_table",
    "route",
    "route_table_association",
    "default_security_group",
    "flow_log",
    "flow_log_group",
    "flow_log_key",
    "flow_log_role",
    "flow_log_bucket",
    "gateway_endpoint",
    "interface_endpoint",
    "endpoint_security_group",
)

#: Subnet tags that let the AWS load balancer controller discover subnets, per tier: public
#: subnets for internet-facing load balancers, private ones for internal load balancers.
EKS_ROLE_TAGS: Mapping[str, Mapping[str, str]] = {
    "public": {"kubernetes.io/role/elb": "1"},
    "private": {"kubernetes.io/role/internal-elb": "1"},
}

_NAMES_KEY = ("aws", "vpc", "names")


def configured_vpcs() -> Mapping[str, VpcConfig]:
    """The ``aws.vpcs`` map of the running program's stack config (empty when unset).

    Examples:
        >>> from iaccore.synth import synth
        >>> seen = []
        >>> _ = synth(lambda: seen.append(sorted(configured_vpcs())),
        ...           config={"iaccore:aws": {"vpcs": {"dr": {}}}})
        >>> seen
        [['dr']]
    """
    section = getattr(context.current().stack_config, "aws", None)
    vpcs = getattr(section, "vpcs", None)
    return vpcs if isinstance(vpcs, Mapping) else {}


class SecureVpc(AwsComponent[VpcConfig]):
    """A VPC spread over AZs, with public, private and isolated subnets, secure by default.

    Creates the VPC (DNS support and hostnames on), one subnet per enabled tier and AZ from the
    ``SubnetPlan``, an internet gateway when a public tier
    exists, NAT gateways (``nat``: ``one_per_az``, ``single`` or ``none``), route tables, the
    default security group stripped of every rule, flow logs to a KMS-encrypted log group
    (delivered by a nested [`IamRole`][iaccore.aws.IamRole]) or to a nested
    [`SecureBucket`][iaccore.aws.SecureBucket], S3 and DynamoDB gateway endpoints and
    optional interface endpoints.

    Public subnets do not map public IPs on launch: they hold NAT gateways and load balancers;
    anything else that needs a public address must ask for one explicitly.

    Subnets carry the load-balancer role tags whatever the config (``kubernetes.io/role/elb`` on
    public, ``kubernetes.io/role/internal-elb`` on private subnets), and
    ``kubernetes.io/cluster/<name>: shared`` for each physical cluster name in
    ``eks_cluster_names`` only; an ``EksCluster`` placed in the VPC checks its name against
    ``vpc.config.eks_cluster_names``.

    Names: ``SecureVpc(name, stack.aws.vpcs[name])`` for the VPCs of ``aws.vpcs`` (error key
    paths ``aws.vpcs.<name>``), ``SecureVpc("core", stack.aws.vpc)`` for ``aws.vpc``. A name that
    is a key of ``aws.vpcs`` but built from other config, or a second VPC of one name in the
    program, is refused before anything registers.

    Args:
        name: Logical name; children are ``<name>-<role>[-<tier>][-<az>]`` in kebab-case.
        config: A ``VpcConfig`` or a mapping validated into
            one.
        opts: Pulumi options (provider, protect ...); ``protect`` reaches every child.
        tags: Extra tags for every child.

    Raises:
        ConfigurationError: invalid config, more AZs than the region has, or a duplicate name;
            nothing is registered then.

    Examples:
        >>> from iaccore.synth import synth
        >>> def program() -> None:
        ...     vpc = SecureVpc("core", {"cidr": "10.20.0.0/16", "azs": 3, "nat": "single"})
        ...     pulumi.export("vpc_id", vpc.vpc_id)
        ...     pulumi.export("private", vpc.subnet_ids("private"))
        >>> graph = synth(program, config={"aws:region": "eu-west-1"})
        >>> len(graph.outputs["private"]), len(graph.resources("aws:ec2/natGateway:NatGateway"))
        (3, 1)
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:SecureVpc"
    CONFIG_MODEL = VpcConfig
    CONFIG_KEY: ClassVar[str] = "aws.vpc"
    ROLES: ClassVar[tuple[str, ...]] = ROLES

    @classmethod
    def config_key(cls, name: str) -> str:
        """``aws.vpcs.<name>`` when ``name`` is a key of ``aws.vpcs``, else ``aws.vpc``."""
        return f"aws.vpcs.{name}" if name in configured_vpcs() else cls.CONFIG_KEY

    plan: SubnetPlan
    vpc: aws.ec2.Vpc
    vpc_id: pulumi.Output[str]
    cidr_block: pulumi.Output[str]
    subnets: dict[str, list[aws.ec2.Subnet]]
    subnet_ids_by_tier: dict[str, list[pulumi.Output[str]]]
    public_subnet_ids: list[pulumi.Output[str]]
    private_subnet_ids: list[pulumi.Output[str]]
    isolated_subnet_ids: list[pulumi.Output[str]]
    internet_gateway: aws.ec2.InternetGateway | None
    nat_gateways: list[aws.ec2.NatGateway]
    nat_gateway_ids: list[pulumi.Output[str]]
    route_tables: dict[str, list[aws.ec2.RouteTable]]
    route_table_ids: dict[str, list[pulumi.Output[str]]]
    flow_logs: FlowLogs | None
    flow_log: aws.ec2.FlowLog | None
    flow_log_id: pulumi.Output[str] | None
    endpoint_ids: dict[str, pulumi.Output[str]]

    # -- before registering --------------------------------------------------------------------

    def _prepare(self, config: VpcConfig) -> None:
        self._check_name(config)
        provider = self.provider
        zones = available_zones(provider)
        if isinstance(config.azs, int):
            self.plan = config.plan(zones, key_path=self.key_path)
        else:
            unknown = [az for az in config.azs if az not in zones]
            if unknown:
                raise ConfigurationError(
                    f"availability zone {unknown[0]!r} is not in the region "
                    f"({', '.join(zones) or 'none'})",
                    key_path=f"{self.key_path}.azs",
                    expected="AZ names of the provider's region: " + ", ".join(zones),
                )
            self.plan = config.plan(key_path=self.key_path)
        if config.interface_endpoints and not (
            self.plan.by_tier("private") or self.plan.by_tier("isolated")
        ):
            raise ConfigurationError(
                "interface endpoints need private or isolated subnets",
                key_path=f"{self.key_path}.interface_endpoints",
                expected="tiers.private or tiers.isolated enabled, or no interface endpoints",
            )
        needs_env = (
            config.flow_logs.enabled
            or config.interface_endpoints
            or config.gateway_endpoints.services()
        )
        self.environment: AwsEnvironment | None = aws_environment(provider) if needs_env else None
        names: set[str] = context.current().cache.setdefault(_NAMES_KEY, set())
        names.add(self.name)

    def _check_name(self, config: VpcConfig) -> None:
        """Refuse a duplicate VPC name (see the module docstring) before anything registers."""
        configured = configured_vpcs()
        if self.name in configured and config != configured[self.name]:
            raise ConfigurationError(
                f"VPC name {self.name!r} is a key of aws.vpcs, but this SecureVpc is built from "
                "other config (aws.vpc or code)",
                key_path=f"aws.vpcs.{self.name}",
                expected=f"SecureVpc({self.name!r}, stack.aws.vpcs[{self.name!r}]), or a name "
                f"that is not a key of aws.vpcs ({', '.join(sorted(configured))})",
            )
        if self.name in context.current().cache.get(_NAMES_KEY, set()):
            raise ConfigurationError(
                f"a SecureVpc named {self.name!r} already exists in this program",
                key_path=self.key_path,
                expected="one name per VPC: URNs, Name tags and flow-log groups derive from it",
            )

    def _env(self) -> AwsEnvironment:
        if self.environment is None:  # pragma: no cover - _prepare looks it up when needed
            raise RuntimeError("SecureVpc looked up no AWS environment")
        return self.environment

    # -- children ------------------------------------------------------------------------------

    def _create(self) -> None:
        cfg = self.config
        for warning in self.plan.warnings:
            self.log.warning(warning)
        self.vpc = aws.ec2.Vpc(
            self.child_name("vpc"),
            cidr_block=cfg.cidr,
            enable_dns_support=cfg.enable_dns_support,
            enable_dns_hostnames=cfg.enable_dns_hostnames,
            tags=self.child_tags("vpc"),
            opts=self.child_opts("vpc"),
        )
        self.vpc_id = self.vpc.id
        self.cidr_block = self.vpc.cidr_block
        self._create_subnets()
        self.internet_gateway = None
        if self.plan.by_tier("public"):
            self.internet_gateway = aws.ec2.InternetGateway(
                self.child_name("igw"),
                vpc_id=self.vpc.id,
                tags=self.child_tags("igw"),
                opts=self.child_opts("igw"),
            )
        nats = create_nat_gateways(
            self,
            strategy=cfg.nat,
            plan=self.plan,
            public_subnets=self.subnets.get("public", []),
            internet_gateway=self.internet_gateway,
        )
        self.nat_gateways = list(nats.gateways)
        self.nat_gateway_ids = nats.ids
        routing = create_route_tables(
            self,
            vpc_id=self.vpc.id,
            plan=self.plan,
            subnets=self.subnets,
            internet_gateway=self.internet_gateway,
            nat_gateways=nats.gateways,
        )
        self.route_tables = {tier: list(tables) for tier, tables in routing.tables.items()}
        self.route_table_ids = routing.ids
        if cfg.restrict_default_security_group:
            aws.ec2.DefaultSecurityGroup(
                self.child_name("default_security_group"),
                vpc_id=self.vpc.id,
                ingress=[],
                egress=[],
                tags=self.child_tags("default_security_group"),
                opts=self.child_opts("default_security_group"),
            )
        self.flow_logs = None
        if cfg.flow_logs.enabled:
            self.flow_logs = create_flow_log(
                self, vpc_id=self.vpc.id, env=self._env(), config=cfg.flow_logs
            )
        self.flow_log = self.flow_logs.flow_log if self.flow_logs is not None else None
        self.flow_log_id = self.flow_log.id if self.flow_log is not None else None
        self.endpoint_ids = {}
        gateway_services = cfg.gateway_endpoints.services()
        if gateway_services:
            gateways = create_gateway_endpoints(
                self,
                vpc_id=self.vpc.id,
                env=self._env(),
                services=gateway_services,
                route_table_ids=routing.all_ids,
            )
            self.endpoint_ids.update(gateways.ids)
        if cfg.interface_endpoints:
            tier = "private" if "private" in self.subnets else "isolated"
            interfaces = create_interface_endpoints(
                self,
                vpc_id=self.vpc.id,
                vpc_cidr=cfg.cidr,
                env=self._env(),
                services=cfg.interface_endpoints,
                subnet_ids=self.subnet_ids(tier),
            )
            self.endpoint_ids.update(interfaces.ids)
        self.register(
            vpc_id=self.vpc_id,
            cidr_block=self.cidr_block,
            public_subnet_ids=self.public_subnet_ids,
            private_subnet_ids=self.private_subnet_ids,
            isolated_subnet_ids=self.isolated_subnet_ids,
            subnet_ids_by_tier=self.subnet_ids_by_tier,
            route_table_ids=self.route_table_ids,
            nat_gateway_ids=self.nat_gateway_ids,
            flow_log_id=self.flow_log_id,
            endpoint_ids=self.endpoint_ids,
            azs=list(self.plan.azs),
        )

    def _create_subnets(self) -> None:
        clusters = self.config.eks_cluster_names
        self.subnets = {}
        for tier in TIER_ORDER:
            created: list[aws.ec2.Subnet] = []
            for planned in self.plan.by_tier(tier):
                extra: dict[str, str] = {"iaccore:tier": tier}
                if tier in EKS_ROLE_TAGS:
                    extra.update(EKS_ROLE_TAGS[tier])
                    extra.update({f"kubernetes.io/cluster/{name}": "shared" for name in clusters})
                created.append(
                    aws.ec2.Subnet(
                        self.child_name("subnet", planned.name_suffix),
                        vpc_id=self.vpc.id,
                        cidr_block=planned.cidr,
                        availability_zone=planned.az,
                        map_public_ip_on_launch=False,
                        tags=self.child_tags("subnet", planned.name_suffix, **extra),
                        opts=self.child_opts("subnet"),
                    )
                )
            if created:
                self.subnets[tier] = created
        self.subnet_ids_by_tier = {
            tier: [subnet.id for subnet in subnets] for tier, subnets in self.subnets.items()
        }
        self.public_subnet_ids = self.subnet_ids_by_tier.get("public", [])
        self.private_subnet_ids = self.subnet_ids_by_tier.get("private", [])
        self.isolated_subnet_ids = self.subnet_ids_by_tier.get("isolated", [])

    # -- wiring --------------------------------------------------------------------------------

    def subnet_ids(self, tier: str) -> list[pulumi.Output[str]]:
        """Subnet ids of ``tier`` (``public``, ``private``, ``isolated``) in AZ order.

        Raises:
            ConfigurationError: ``tier`` is unknown or not enabled in this VPC.
        """
        if tier not in self.subnet_ids_by_tier:
            raise ConfigurationError(
                f"VPC {self.name!r} has no {tier!r} subnets",
                key_path=f"{self.key_path}.tiers.{tier}",
                expected="one of " + ", ".join(self.subnet_ids_by_tier),
            )
        return list(self.subnet_ids_by_tier[tier])
