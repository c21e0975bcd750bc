"""The security group of an instance: one group plus one resource per rule and CIDR.

Rules are separate ``aws.vpc.SecurityGroupIngressRule``/``SecurityGroupEgressRule`` resources
(not inline blocks): each has its own tags and id, and adding a rule never rewrites the others.
``create_security_group`` takes a [`ChildFactory`][iaccore.core.children.ChildFactory] and plain
values and returns a frozen ``SecurityGroupRules``.

Examples:
    >>> from iaccore.aws.ec2.config import IngressRule
    >>> [s.ip_protocol for s in ingress_specs([IngressRule(protocol="all",
    ...                                                    cidr_blocks=["10.0.0.0/8"])])]
    ['-1']
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.ec2.config import IngressRule
from iaccore.core.children import ChildFactory

__all__ = [
    "RuleSpec",
    "SecurityGroupRules",
    "create_security_group",
    "egress_specs",
    "ingress_specs",
]

_ANYWHERE_V4 = "0.0.0.0/0"
_ANYWHERE_V6 = "::/0"
_VPC = "vpc"


@dataclass(frozen=True)
class RuleSpec:
    """One security group rule for one CIDR (``cidr`` ``"vpc"`` stands for the VPC's CIDR).

    Examples:
        >>> RuleSpec("0", "tcp", 443, 443, "10.0.0.0/8").ipv6
        False
    """

    suffix: str
    ip_protocol: str
    from_port: int | None
    to_port: int | None
    cidr: str
    description: str | None = None

    @property
    def ipv6(self) -> bool:
        """Whether the CIDR is IPv6."""
        return self.cidr != _VPC and ipaddress.ip_network(self.cidr).version == 6


def ingress_specs(rules: Sequence[IngressRule]) -> list[RuleSpec]:
    """One spec per rule and CIDR, named ``<rule index>-<cidr index>``.

    ``all`` becomes protocol ``-1`` without ports; ``icmp`` from an IPv6 CIDR becomes ``icmpv6``.
    """
    specs: list[RuleSpec] = []
    for index, rule in enumerate(rules):
        for cidr_index, cidr in enumerate(rule.cidr_blocks):
            v6 = ipaddress.ip_network(cidr).version == 6
            if rule.protocol == "all":
                protocol, low, high = "-1", None, None
            elif rule.protocol == "icmp":
                protocol, low, high = ("icmpv6" if v6 else "icmp"), rule.from_port, rule.to_port
            else:
                protocol, low, high = rule.protocol, rule.from_port, rule.to_port
            specs.append(
                RuleSpec(f"{index}-{cidr_index}", protocol, low, high, cidr, rule.description)
            )
    return specs


def egress_specs(egress: str) -> list[RuleSpec]:
    """Egress rules of a policy: ``https_and_vpc``, ``vpc``, ``all`` or ``none``."""
    https = RuleSpec("https", "tcp", 443, 443, _ANYWHERE_V4, "HTTPS to anywhere")
    vpc = RuleSpec("vpc", "-1", None, None, _VPC, "All traffic within the VPC")
    table = {
        "https_and_vpc": [https, vpc],
        "vpc": [vpc],
        "all": [
            RuleSpec("all-ipv4", "-1", None, None, _ANYWHERE_V4, "All traffic (IPv4)"),
            RuleSpec("all-ipv6", "-1", None, None, _ANYWHERE_V6, "All traffic (IPv6)"),
        ],
        "none": [],
    }
    if egress not in table:
        raise ValueError(f"egress must be one of {', '.join(table)}, got {egress!r}")
    return table[egress]


@dataclass(frozen=True)
class SecurityGroupRules:
    """A security group and its rule resources, as ``create_security_group`` built them.

    Examples:
        >>> sorted(SecurityGroupRules.__dataclass_fields__)
        ['egress', 'group', 'ingress']
    """

    group: aws.ec2.SecurityGroup
    ingress: tuple[aws.vpc.SecurityGroupIngressRule, ...]
    egress: tuple[aws.vpc.SecurityGroupEgressRule, ...]


def create_security_group(
    children: ChildFactory,
    *,
    vpc_id: pulumi.Input[str],
    vpc_cidr: pulumi.Input[str] | None,
    ingress_rules: Sequence[IngressRule],
    egress: str,
    description: str,
) -> SecurityGroupRules:
    """A security group with one ingress/egress rule resource per rule and CIDR.

    Args:
        children: The owning component's child factory (roles ``security_group``,
            ``ingress``, ``egress``).
        vpc_id: VPC of the group.
        vpc_cidr: CIDR the ``vpc`` egress rule allows (needed by ``vpc``/``https_and_vpc``).
        ingress_rules: Inbound rules from config.
        egress: Egress policy: ``https_and_vpc``, ``vpc``, ``all`` or ``none``.
        description: The group's description.
    """
    group = aws.ec2.SecurityGroup(
        children.child_name("security_group"),
        vpc_id=vpc_id,
        description=description,
        revoke_rules_on_delete=True,
        tags=children.child_tags("security_group"),
        opts=children.child_opts("security_group"),
    )
    ingress = tuple(
        aws.vpc.SecurityGroupIngressRule(
            children.child_name("ingress", spec.suffix),
            security_group_id=group.id,
            ip_protocol=spec.ip_protocol,
            from_port=spec.from_port,
            to_port=spec.to_port,
            cidr_ipv4=None if spec.ipv6 else spec.cidr,
            cidr_ipv6=spec.cidr if spec.ipv6 else None,
            description=spec.description,
            tags=children.child_tags("ingress", spec.suffix),
            opts=children.child_opts("ingress"),
        )
        for spec in ingress_specs(ingress_rules)
    )
    egress_rules: list[aws.vpc.SecurityGroupEgressRule] = []
    for spec in egress_specs(egress):
        cidr: pulumi.Input[str] | None = vpc_cidr if spec.cidr == _VPC else spec.cidr
        egress_rules.append(
            aws.vpc.SecurityGroupEgressRule(
                children.child_name("egress", spec.suffix),
                security_group_id=group.id,
                ip_protocol=spec.ip_protocol,
                from_port=spec.from_port,
                to_port=spec.to_port,
                cidr_ipv4=None if spec.ipv6 else cidr,
                cidr_ipv6=cidr if spec.ipv6 else None,
                description=spec.description,
                tags=children.child_tags("egress", spec.suffix),
                opts=children.child_opts("egress"),
            )
        )
    return SecurityGroupRules(group=group, ingress=ingress, egress=tuple(egress_rules))
