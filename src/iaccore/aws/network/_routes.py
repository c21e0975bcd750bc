"""NAT gateways and route tables of a VPC, built from the subnet plan and the created subnets.

Layout:

* public: one route table shared by the public subnets, default route to the internet gateway;
* private: one route table per AZ, default route to the NAT gateway of that AZ
  (``one_per_az``), to the single NAT gateway (``single``), or none (``none``);
* isolated: one route table shared by the isolated subnets, no default route.

Private route tables are per AZ whatever the NAT strategy, so switching strategy changes routes
but never replaces route tables or their associations.

The helpers take a [`ChildFactory`][iaccore.core.children.ChildFactory] and plain values and return
frozen records; they never see the component that calls them.

Examples:
    >>> NAT_DESTINATION
    '0.0.0.0/0'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.network.planning import TIER_ORDER, SubnetPlan, az_suffix
from iaccore.core.children import ChildFactory

__all__ = [
    "NAT_DESTINATION",
    "NatGateways",
    "RouteTables",
    "create_nat_gateways",
    "create_route_tables",
]

#: Destination of default routes.
NAT_DESTINATION = "0.0.0.0/0"


@dataclass(frozen=True)
class NatGateways:
    """The NAT gateways ``create_nat_gateways`` built, with their Elastic IPs (AZ order).

    Examples:
        >>> NatGateways(eips=(), gateways=()).ids
        []
    """

    eips: tuple[aws.ec2.Eip, ...]
    gateways: tuple[aws.ec2.NatGateway, ...]

    @property
    def ids(self) -> list[pulumi.Output[str]]:
        """Ids of the NAT gateways."""
        return [gateway.id for gateway in self.gateways]


@dataclass(frozen=True)
class RouteTables:
    """The route tables by tier, the default routes and the subnet associations.

    Examples:
        >>> RouteTables(tables={}, routes=(), associations=()).ids
        {}
    """

    tables: Mapping[str, tuple[aws.ec2.RouteTable, ...]]
    routes: tuple[aws.ec2.Route, ...]
    associations: tuple[aws.ec2.RouteTableAssociation, ...]

    @property
    def ids(self) -> dict[str, list[pulumi.Output[str]]]:
        """Route table ids by tier."""
        return {tier: [table.id for table in tables] for tier, tables in self.tables.items()}

    @property
    def all_ids(self) -> list[pulumi.Output[str]]:
        """Every route table id, in tier order."""
        return [table.id for tables in self.tables.values() for table in tables]


def create_nat_gateways(
    children: ChildFactory,
    *,
    strategy: str,
    plan: SubnetPlan,
    public_subnets: Sequence[aws.ec2.Subnet],
    internet_gateway: aws.ec2.InternetGateway | None,
) -> NatGateways:
    """An EIP and a NAT gateway in the public subnet of each AZ (``single``: the first AZ only).

    Args:
        children: The VPC component's child factory.
        strategy: ``one_per_az``, ``single`` or ``none``.
        plan: The subnet plan; its public subnets give the AZs.
        public_subnets: The created public subnets, in plan order.
        internet_gateway: The VPC's internet gateway, which the NAT gateways wait for.
    """
    public = plan.by_tier("public")
    if strategy == "none" or not public:
        return NatGateways(eips=(), gateways=())
    chosen = public if strategy == "one_per_az" else public[:1]
    depends = [internet_gateway] if internet_gateway is not None else None
    eips: list[aws.ec2.Eip] = []
    gateways: list[aws.ec2.NatGateway] = []
    for planned in chosen:
        suffix = az_suffix(planned.az)
        eip = aws.ec2.Eip(
            children.child_name("eip", suffix),
            domain="vpc",
            tags=children.child_tags("eip", suffix),
            opts=children.child_opts("eip"),
        )
        eips.append(eip)
        gateways.append(
            aws.ec2.NatGateway(
                children.child_name("nat_gateway", suffix),
                allocation_id=eip.allocation_id,
                subnet_id=public_subnets[planned.az_index].id,
                connectivity_type="public",
                tags=children.child_tags("nat_gateway", suffix),
                opts=children.child_opts("nat_gateway", depends_on=depends),
            )
        )
    return NatGateways(eips=tuple(eips), gateways=tuple(gateways))


def _table(children: ChildFactory, vpc_id: pulumi.Input[str], suffix: str) -> aws.ec2.RouteTable:
    return aws.ec2.RouteTable(
        children.child_name("route_table", suffix),
        vpc_id=vpc_id,
        tags=children.child_tags("route_table", suffix),
        opts=children.child_opts("route_table"),
    )


def create_route_tables(
    children: ChildFactory,
    *,
    vpc_id: pulumi.Input[str],
    plan: SubnetPlan,
    subnets: Mapping[str, Sequence[aws.ec2.Subnet]],
    internet_gateway: aws.ec2.InternetGateway | None,
    nat_gateways: Sequence[aws.ec2.NatGateway],
) -> RouteTables:
    """Route tables, default routes and subnet associations of every enabled tier.

    Args:
        children: The VPC component's child factory.
        vpc_id: The VPC the tables belong to.
        plan: The subnet plan.
        subnets: The created subnets by tier, in plan order.
        internet_gateway: Target of the public default route, if any.
        nat_gateways: Targets of the private default routes (one per AZ, or a single one).
    """
    tables: dict[str, tuple[aws.ec2.RouteTable, ...]] = {}
    associations: list[aws.ec2.RouteTableAssociation] = []
    for tier in TIER_ORDER:
        planned = plan.by_tier(tier)
        if not planned:
            continue
        if tier == "private":
            tables[tier] = tuple(_table(children, vpc_id, p.name_suffix) for p in planned)
        else:
            tables[tier] = (_table(children, vpc_id, tier),)
        for subnet_plan, subnet in zip(planned, subnets[tier], strict=True):
            tier_tables = tables[tier]
            table = tier_tables[subnet_plan.az_index] if len(tier_tables) > 1 else tier_tables[0]
            associations.append(
                aws.ec2.RouteTableAssociation(
                    children.child_name("route_table_association", subnet_plan.name_suffix),
                    subnet_id=subnet.id,
                    route_table_id=table.id,
                    opts=children.child_opts("route_table_association"),
                )
            )
    routes: list[aws.ec2.Route] = []
    if "public" in tables and internet_gateway is not None:
        routes.append(
            aws.ec2.Route(
                children.child_name("route", "public"),
                route_table_id=tables["public"][0].id,
                destination_cidr_block=NAT_DESTINATION,
                gateway_id=internet_gateway.id,
                opts=children.child_opts("route"),
            )
        )
    if "private" in tables and nat_gateways:
        for subnet_plan in plan.by_tier("private"):
            index = subnet_plan.az_index if len(nat_gateways) > 1 else 0
            routes.append(
                aws.ec2.Route(
                    children.child_name("route", subnet_plan.name_suffix),
                    route_table_id=tables["private"][subnet_plan.az_index].id,
                    destination_cidr_block=NAT_DESTINATION,
                    nat_gateway_id=nat_gateways[index].id,
                    opts=children.child_opts("route"),
                )
            )
    return RouteTables(tables=tables, routes=tuple(routes), associations=tuple(associations))
