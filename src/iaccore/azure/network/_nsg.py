"""The network security group of one ``SecureVnet`` subnet, built on a child factory.

Rules are inline (``security_rules``), never separate ``SecurityRule`` resources: mixing both on
one NSG makes each overwrite the other on every update.

Examples:
    >>> SubnetNsg.__dataclass_params__.frozen
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import network

from iaccore.azure.network.rules import RuleSpec
from iaccore.core.children import ChildFactory

__all__ = ["SubnetNsg", "create_nsg", "security_rule_args"]


@dataclass(frozen=True)
class SubnetNsg:
    """The created NSG of one tier and its id."""

    tier: str
    nsg: network.NetworkSecurityGroup
    id: pulumi.Output[str]


def _one_or_many(single: str, many: str, values: tuple[str, ...]) -> dict[str, Any]:
    return {single: values[0]} if len(values) == 1 else {many: list(values)}


def security_rule_args(rule: RuleSpec) -> network.SecurityRuleArgs:
    """``rule`` as the SDK's ``SecurityRuleArgs`` (one value, or a list of several)."""
    return network.SecurityRuleArgs(
        name=rule.name,
        priority=rule.priority,
        direction=rule.direction,
        access=rule.access,
        protocol=rule.protocol,
        source_port_range="*",
        description=rule.description or None,
        **_one_or_many("destination_port_range", "destination_port_ranges", rule.ports),
        **_one_or_many("source_address_prefix", "source_address_prefixes", rule.sources),
        **_one_or_many(
            "destination_address_prefix", "destination_address_prefixes", rule.destinations
        ),
    )


def create_nsg(
    factory: ChildFactory,
    tier: str,
    *,
    name: str,
    rules: Sequence[RuleSpec],
    resource_group_name: pulumi.Input[str],
    location: str,
) -> SubnetNsg:
    """The NSG ``name`` of ``tier`` with ``rules`` inline."""
    nsg = network.NetworkSecurityGroup(
        factory.child_name("nsg", tier),
        network_security_group_name=name,
        resource_group_name=resource_group_name,
        location=location,
        security_rules=[security_rule_args(rule) for rule in rules],
        tags=factory.child_tags("nsg", tier, **{"iaccore:tier": tier}),
        opts=factory.child_opts("nsg"),
    )
    return SubnetNsg(tier=tier, nsg=nsg, id=nsg.id)
