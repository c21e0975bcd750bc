"""VPC endpoints: free S3/DynamoDB gateway endpoints and interface endpoints.

Gateway endpoints are attached to every route table of the VPC, so S3 and DynamoDB traffic
never crosses a NAT gateway or the internet. Interface endpoints sit in the given subnets (the
private ones, or the isolated ones when there is no private tier) with private DNS, behind one
security group that admits HTTPS from the VPC CIDR only and allows no egress.

The helpers take a [`ChildFactory`][iaccore.core.children.ChildFactory] and plain values and return
frozen records; they never see the component that calls them.

Examples:
    >>> endpoint_suffix("ecr.api")
    'ecr-api'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.environment import AwsEnvironment
from iaccore.core.children import ChildFactory

__all__ = [
    "HTTPS_PORT",
    "Endpoints",
    "create_gateway_endpoints",
    "create_interface_endpoints",
    "endpoint_suffix",
]

HTTPS_PORT = 443


def endpoint_suffix(service: str) -> str:
    """Child-name suffix of an endpoint service (dots become dashes)."""
    return service.replace(".", "-")


@dataclass(frozen=True)
class Endpoints:
    """VPC endpoints by service, and the security group of interface endpoints (if any).

    Examples:
        >>> Endpoints(endpoints={}).ids
        {}
    """

    endpoints: Mapping[str, aws.ec2.VpcEndpoint]
    security_group: aws.ec2.SecurityGroup | None = None

    @property
    def ids(self) -> dict[str, pulumi.Output[str]]:
        """Endpoint ids by service."""
        return {service: endpoint.id for service, endpoint in self.endpoints.items()}


def create_gateway_endpoints(
    children: ChildFactory,
    *,
    vpc_id: pulumi.Input[str],
    env: AwsEnvironment,
    services: Sequence[str],
    route_table_ids: Sequence[pulumi.Input[str]],
) -> Endpoints:
    """A gateway endpoint per service (``s3``, ``dynamodb``) on every given route table.

    Args:
        children: The VPC component's child factory.
        vpc_id: The VPC.
        env: Account and region; the service names are regional.
        services: Gateway services to create, in order.
        route_table_ids: Every route table of the VPC.
    """
    endpoints: dict[str, aws.ec2.VpcEndpoint] = {}
    for service in services:
        endpoints[service] = aws.ec2.VpcEndpoint(
            children.child_name("gateway_endpoint", service),
            vpc_id=vpc_id,
            service_name=env.service_name(service),
            vpc_endpoint_type="Gateway",
            route_table_ids=list(route_table_ids),
            tags=children.child_tags("gateway_endpoint", service),
            opts=children.child_opts("gateway_endpoint"),
        )
    return Endpoints(endpoints=endpoints)


def create_interface_endpoints(
    children: ChildFactory,
    *,
    vpc_id: pulumi.Input[str],
    vpc_cidr: str,
    env: AwsEnvironment,
    services: Sequence[str],
    subnet_ids: Sequence[pulumi.Input[str]],
) -> Endpoints:
    """Interface endpoints with private DNS in ``subnet_ids``, behind one HTTPS-only group.

    Args:
        children: The VPC component's child factory.
        vpc_id: The VPC.
        vpc_cidr: The VPC's CIDR, the only source the security group admits.
        env: Account and region; the service names are regional.
        services: Service short names (``ssm``, ``ecr.api``); none creates nothing.
        subnet_ids: Subnets the endpoints' network interfaces go in.
    """
    if not services:
        return Endpoints(endpoints={})
    group = aws.ec2.SecurityGroup(
        children.child_name("endpoint_security_group"),
        description=f"HTTPS from {vpc_cidr} to the interface endpoints of {children.name}",
        vpc_id=vpc_id,
        ingress=[
            aws.ec2.SecurityGroupIngressArgs(
                description="HTTPS from the VPC",
                protocol="tcp",
                from_port=HTTPS_PORT,
                to_port=HTTPS_PORT,
                cidr_blocks=[vpc_cidr],
            )
        ],
        egress=[],
        revoke_rules_on_delete=True,
        tags=children.child_tags("endpoint_security_group"),
        opts=children.child_opts("endpoint_security_group"),
    )
    endpoints: dict[str, aws.ec2.VpcEndpoint] = {}
    for service in services:
        suffix = endpoint_suffix(service)
        endpoints[service] = aws.ec2.VpcEndpoint(
            children.child_name("interface_endpoint", suffix),
            vpc_id=vpc_id,
            service_name=env.service_name(service),
            vpc_endpoint_type="Interface",
            private_dns_enabled=True,
            subnet_ids=list(subnet_ids),
            security_group_ids=[group.id],
            tags=children.child_tags("interface_endpoint", suffix),
            opts=children.child_opts("interface_endpoint"),
        )
    return Endpoints(endpoints=endpoints, security_group=group)
