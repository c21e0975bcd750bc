"""Network access to the EKS API endpoint: ingress rules on the cluster security group.

EKS creates the cluster security group (``vpc_config.cluster_security_group_id``) and attaches
it to the control-plane interfaces and to managed nodes; it admits only itself. Whatever else
must reach the private endpoint (the CI runner that runs Pulumi, a VPN) needs an ingress rule
on TCP 443: one ``aws.vpc.SecurityGroupIngressRule`` per configured CIDR or security group.

Examples:
    >>> API_PORT
    443
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.plan import source_slug
from iaccore.core.children import ChildFactory

__all__ = ["API_PORT", "ApiIngress", "create_api_ingress"]

#: Port of the Kubernetes API endpoint.
API_PORT = 443


@dataclass(frozen=True)
class ApiIngress:
    """What ``create_api_ingress`` built: CIDR rules, then security group rules.

    Examples:
        >>> ApiIngress(rules=()).rules
        ()
    """

    rules: tuple[aws.vpc.SecurityGroupIngressRule, ...]


def create_api_ingress(
    children: ChildFactory,
    *,
    security_group_id: pulumi.Input[str],
    cidrs: Sequence[str],
    security_group_ids: Sequence[str],
    physical_name: str,
) -> ApiIngress:
    """One ingress rule (role ``api_ingress``, suffix ``source_slug``) per allowed source.

    Args:
        children: The cluster component (names, options and tags come from it).
        security_group_id: The cluster security group EKS created.
        cidrs: IPv4 or IPv6 networks allowed on TCP 443.
        security_group_ids: Security groups allowed on TCP 443.
        physical_name: Physical cluster name, for descriptions.
    """
    rules: list[aws.vpc.SecurityGroupIngressRule] = []
    # (source, cidr_ipv4, cidr_ipv6, referenced_security_group_id): one of the three is set.
    sources: list[tuple[str, str | None, str | None, str | None]] = []
    for cidr in cidrs:
        is_v6 = ipaddress.ip_network(cidr).version == 6
        sources.append((cidr, None if is_v6 else cidr, cidr if is_v6 else None, None))
    sources += [(group, None, None, group) for group in security_group_ids]
    for source, ipv4, ipv6, group in sources:
        slug = source_slug(source)
        rules.append(
            aws.vpc.SecurityGroupIngressRule(
                children.child_name("api_ingress", slug),
                security_group_id=security_group_id,
                ip_protocol="tcp",
                from_port=API_PORT,
                to_port=API_PORT,
                cidr_ipv4=ipv4,
                cidr_ipv6=ipv6,
                referenced_security_group_id=group,
                description=f"Kubernetes API of EKS {physical_name} from {source}",
                tags=children.child_tags("api_ingress", slug),
                opts=children.child_opts("api_ingress"),
            )
        )
    return ApiIngress(rules=tuple(rules))
