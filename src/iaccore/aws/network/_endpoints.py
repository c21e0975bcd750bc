"""VPC endpoints of a ``SecureVpc``: free S3/DynamoDB gateway endpoints and interface endpoints.

Gateway endpoints are attached to every route table of the VPC, so S3 and DynamoDB traffic
never crosses a NAT gateway or the internet. Interface endpoints sit in the private subnets
(isolated ones when there is no private tier) with private DNS, behind one security group that
admits HTTPS from the VPC CIDR only and allows no egress.

Example:
    >>> endpoint_suffix("ecr.api")
    'ecr-api'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

__all__ = [
    "HTTPS_PORT",
    "create_gateway_endpoints",
    "create_interface_endpoints",
    "endpoint_suffix",
]

HTTPS_PORT = 443


def endpoint_suffix(service: str) -> str:
    """Child-name suffix of an endpoint service (dots become dashes)."""
    return service.replace(".", "-")


def _environment(vpc: SecureVpc) -> str:
    env = vpc.environment
    if env is None:  # pragma: no cover - _prepare looks it up whenever endpoints are enabled
        raise RuntimeError("SecureVpc looked up no AWS environment")
    return env.region


def create_gateway_endpoints(vpc: SecureVpc) -> dict[str, pulumi.Output[str]]:
    """The S3 and DynamoDB gateway endpoints enabled in config, by service."""
    cfg = vpc.config.gateway_endpoints
    services = [name for name, on in (("s3", cfg.s3), ("dynamodb", cfg.dynamodb)) if on]
    if not services:
        return {}
    region = _environment(vpc)
    table_ids = [table.id for tables in vpc.route_tables.values() for table in tables]
    ids: dict[str, pulumi.Output[str]] = {}
    for service in services:
        endpoint = aws.ec2.VpcEndpoint(
            vpc.child_name("gateway_endpoint", service),
            vpc_id=vpc.vpc.id,
            service_name=f"com.amazonaws.{region}.{service}",
            vpc_endpoint_type="Gateway",
            route_table_ids=table_ids,
            tags=vpc.child_tags("gateway_endpoint", service),
            opts=vpc.child_opts("gateway_endpoint"),
        )
        ids[service] = endpoint.id
    return ids


def create_interface_endpoints(vpc: SecureVpc) -> dict[str, pulumi.Output[str]]:
    """The interface endpoints listed in config, by service, with their security group."""
    services = vpc.config.interface_endpoints
    if not services:
        return {}
    region = _environment(vpc)
    tier = "private" if "private" in vpc.subnets else "isolated"
    group = aws.ec2.SecurityGroup(
        vpc.child_name("endpoint_security_group"),
        description=f"HTTPS from {vpc.config.cidr} to the interface endpoints of {vpc.name}",
        vpc_id=vpc.vpc.id,
        ingress=[
            aws.ec2.SecurityGroupIngressArgs(
                description="HTTPS from the VPC",
                protocol="tcp",
                from_port=HTTPS_PORT,
                to_port=HTTPS_PORT,
                cidr_blocks=[vpc.config.cidr],
            )
        ],
        egress=[],
        revoke_rules_on_delete=True,
        tags=vpc.child_tags("endpoint_security_group"),
        opts=vpc.child_opts("endpoint_security_group"),
    )
    ids: dict[str, pulumi.Output[str]] = {}
    for service in services:
        suffix = endpoint_suffix(service)
        endpoint = aws.ec2.VpcEndpoint(
            vpc.child_name("interface_endpoint", suffix),
            vpc_id=vpc.vpc.id,
            service_name=f"com.amazonaws.{region}.{service}",
            vpc_endpoint_type="Interface",
            private_dns_enabled=True,
            subnet_ids=vpc.subnet_ids(tier),
            security_group_ids=[group.id],
            tags=vpc.child_tags("interface_endpoint", suffix),
            opts=vpc.child_opts("interface_endpoint"),
        )
        ids[service] = endpoint.id
    return ids
