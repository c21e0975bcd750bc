"""NAT gateways and route tables of a ``SecureVpc``.

Layout:

* public: one route table shared by the public subnets, default route to the internet gateway;
* private: one route table per AZ, default route to the NAT gateway of that AZ
  (``one_per_az``), to the single NAT gateway (``single``), or none (``none``);
* isolated: one route table shared by the isolated subnets, no default route.

Private route tables are per AZ whatever the NAT strategy, so switching strategy changes routes
but never replaces route tables or their associations.

Example:
    >>> NAT_DESTINATION
    '0.0.0.0/0'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi_aws as aws

from iaccore.aws.network.planning import TIER_ORDER, az_suffix

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

__all__ = ["NAT_DESTINATION", "RouteTables", "create_nat_gateways", "create_route_tables"]

#: Destination of default routes.
NAT_DESTINATION = "0.0.0.0/0"

RouteTables = dict[str, list[aws.ec2.RouteTable]]


def create_nat_gateways(vpc: SecureVpc) -> list[aws.ec2.NatGateway]:
    """An EIP and a NAT gateway in the public subnet of each AZ (or of the first AZ only)."""
    strategy = vpc.config.nat
    public = vpc.plan.by_tier("public")
    if strategy == "none" or not public:
        return []
    chosen = public if strategy == "one_per_az" else public[:1]
    subnets = vpc.subnets["public"]
    gateways: list[aws.ec2.NatGateway] = []
    for planned in chosen:
        suffix = az_suffix(planned.az)
        eip = aws.ec2.Eip(
            vpc.child_name("eip", suffix),
            domain="vpc",
            tags=vpc.child_tags("eip", suffix),
            opts=vpc.child_opts("eip"),
        )
        depends = [vpc.internet_gateway] if vpc.internet_gateway is not None else None
        gateways.append(
            aws.ec2.NatGateway(
                vpc.child_name("nat_gateway", suffix),
                allocation_id=eip.allocation_id,
                subnet_id=subnets[planned.az_index].id,
                connectivity_type="public",
                tags=vpc.child_tags("nat_gateway", suffix),
                opts=vpc.child_opts("nat_gateway", depends_on=depends),
            )
        )
    return gateways


def _table(vpc: SecureVpc, *suffix: str) -> aws.ec2.RouteTable:
    return aws.ec2.RouteTable(
        vpc.child_name("route_table", *suffix),
        vpc_id=vpc.vpc.id,
        tags=vpc.child_tags("route_table", *suffix),
        opts=vpc.child_opts("route_table"),
    )


def _associate(vpc: SecureVpc, tier: str, tables: list[aws.ec2.RouteTable]) -> None:
    for planned, subnet in zip(vpc.plan.by_tier(tier), vpc.subnets[tier], strict=True):
        table = tables[planned.az_index] if len(tables) > 1 else tables[0]
        aws.ec2.RouteTableAssociation(
            vpc.child_name("route_table_association", planned.name_suffix),
            subnet_id=subnet.id,
            route_table_id=table.id,
            opts=vpc.child_opts("route_table_association"),
        )


def create_route_tables(vpc: SecureVpc) -> RouteTables:
    """Route tables, default routes and subnet associations of every enabled tier."""
    tables: RouteTables = {}
    for tier in TIER_ORDER:
        planned = vpc.plan.by_tier(tier)
        if not planned:
            continue
        if tier == "private":
            tables[tier] = [_table(vpc, p.name_suffix) for p in planned]
        else:
            tables[tier] = [_table(vpc, tier)]
        _associate(vpc, tier, tables[tier])
    if "public" in tables and vpc.internet_gateway is not None:
        aws.ec2.Route(
            vpc.child_name("route", "public"),
            route_table_id=tables["public"][0].id,
            destination_cidr_block=NAT_DESTINATION,
            gateway_id=vpc.internet_gateway.id,
            opts=vpc.child_opts("route"),
        )
    if "private" in tables and vpc.nat_gateways:
        for subnet in vpc.plan.by_tier("private"):
            index = subnet.az_index if len(vpc.nat_gateways) > 1 else 0
            aws.ec2.Route(
                vpc.child_name("route", subnet.name_suffix),
                route_table_id=tables["private"][subnet.az_index].id,
                destination_cidr_block=NAT_DESTINATION,
                nat_gateway_id=vpc.nat_gateways[index].id,
                opts=vpc.child_opts("route"),
            )
    return tables
