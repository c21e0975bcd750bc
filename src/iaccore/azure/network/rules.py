"""Pure network security group rules of a ``SecureVnet`` subnet (no Pulumi import).

Every subnet's NSG holds, besides Azure's default rules (which already allow VNet and load
balancer traffic and deny the rest at 65000+):

* the config's ``inbound_rules``, allow rules at priorities 100-4095, destination the subnet's
  own prefix unless the rule names one;
* for ``AzureBastionSubnet``, the rules Azure Bastion requires (Azure refuses to deploy Bastion
  behind an NSG without them): HTTPS in from the Internet, the gateway manager and the load
  balancer, host communication within the VNet, and SSH/RDP, Azure cloud, session and host
  communication out;
* ``deny-internet-inbound`` at priority 4096, the lowest a custom rule can take: whatever the
  config's rules do not allow, the Internet cannot reach.

Examples:
    >>> [r.name for r in nsg_rules("workload", "10.0.16.0/22", ())]
    ['deny-internet-inbound']
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from iaccore.azure.network.limits import NSG_PRIORITY_MAX
from iaccore.azure.network.planning import BASTION_TIER

__all__ = [
    "BASTION_RULES",
    "BASTION_RULE_NAMES",
    "BASTION_RULE_PRIORITIES",
    "DENY_RULE",
    "DENY_RULE_PRIORITY",
    "InboundRuleLike",
    "RuleSpec",
    "is_service_tag",
    "nsg_rules",
]

#: Name and priority of the rule denying inbound traffic from the Internet in every NSG.
DENY_RULE = "deny-internet-inbound"
DENY_RULE_PRIORITY = NSG_PRIORITY_MAX


@dataclass(frozen=True)
class RuleSpec:
    """One NSG security rule, as plain data (the component turns it into ``SecurityRuleArgs``).

    Examples:
        >>> RuleSpec("r", 100, "Inbound", "Allow", "Tcp", ("443",), ("10.0.0.0/8",), ("*",)).name
        'r'
    """

    name: str
    priority: int
    direction: str
    access: str
    protocol: str
    ports: tuple[str, ...]
    sources: tuple[str, ...]
    destinations: tuple[str, ...]
    description: str = ""


class InboundRuleLike(Protocol):
    """What ``nsg_rules`` reads of a configured inbound rule (``InboundRuleConfig``)."""

    @property
    def name(self) -> str:
        """Rule name."""

    @property
    def priority(self) -> int:
        """Rule priority."""

    @property
    def protocol(self) -> str:
        """Protocol."""

    @property
    def ports(self) -> tuple[str, ...]:
        """Destination ports."""

    @property
    def source_address_prefixes(self) -> tuple[str, ...]:
        """Sources."""

    @property
    def destination_address_prefixes(self) -> tuple[str, ...]:
        """Destinations; empty for the subnet's prefix."""

    @property
    def description(self) -> str | None:
        """Free text."""


#: The NSG rules Azure Bastion requires on AzureBastionSubnet ("Working with NSG access and
#: Azure Bastion").
BASTION_RULES: tuple[RuleSpec, ...] = (
    RuleSpec("AllowHttpsInbound", 120, "Inbound", "Allow", "Tcp", ("443",), ("Internet",), ("*",),
             "Azure Bastion: clients connect over HTTPS"),
    RuleSpec("AllowGatewayManagerInbound", 130, "Inbound", "Allow", "Tcp", ("443",),
             ("GatewayManager",), ("*",), "Azure Bastion: control plane"),
    RuleSpec("AllowAzureLoadBalancerInbound", 140, "Inbound", "Allow", "Tcp", ("443",),
             ("AzureLoadBalancer",), ("*",), "Azure Bastion: health probes"),
    RuleSpec("AllowBastionHostCommunication", 150, "Inbound", "Allow", "*", ("8080", "5701"),
             ("VirtualNetwork",), ("VirtualNetwork",), "Azure Bastion: host communication"),
    RuleSpec("AllowSshRdpOutbound", 100, "Outbound", "Allow", "*", ("22", "3389"), ("*",),
             ("VirtualNetwork",), "Azure Bastion: SSH and RDP to the VMs"),
    RuleSpec("AllowAzureCloudOutbound", 110, "Outbound", "Allow", "Tcp", ("443",), ("*",),
             ("AzureCloud",), "Azure Bastion: diagnostics and metering"),
    RuleSpec("AllowBastionCommunication", 120, "Outbound", "Allow", "*", ("8080", "5701"),
             ("VirtualNetwork",), ("VirtualNetwork",), "Azure Bastion: host communication"),
    RuleSpec("AllowHttpOutbound", 130, "Outbound", "Allow", "*", ("80",), ("*",), ("Internet",),
             "Azure Bastion: session information and certificate validation"),
)  # fmt: skip
#: Names of the Bastion rules; a configured rule of the bastion tier may not reuse one.
BASTION_RULE_NAMES: tuple[str, ...] = tuple(r.name for r in BASTION_RULES)
#: Inbound priorities of the Bastion rules; a configured rule of the bastion tier avoids them.
BASTION_RULE_PRIORITIES: frozenset[int] = frozenset(
    r.priority for r in BASTION_RULES if r.direction == "Inbound"
)


def is_service_tag(value: str) -> bool:
    """True for a service tag or ``*`` (anything that is not an IP address or CIDR).

    Examples:
        >>> is_service_tag("VirtualNetwork"), is_service_tag("10.0.0.0/8")
        (True, False)
    """
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return True
    return False


def nsg_rules(tier: str, cidr: str, inbound: Sequence[InboundRuleLike]) -> tuple[RuleSpec, ...]:
    """The NSG rules of the subnet of ``tier`` at ``cidr``: the configured allow rules, the
    Bastion rules for the bastion tier, and the deny-Internet rule, sorted by direction and
    priority.

    Examples:
        >>> [(r.name, r.priority) for r in nsg_rules("bastion", "10.0.0.0/26", ())][:2]
        [('AllowHttpsInbound', 120), ('AllowGatewayManagerInbound', 130)]
    """
    rules: list[RuleSpec] = [
        RuleSpec(
            name=rule.name,
            priority=rule.priority,
            direction="Inbound",
            access="Allow",
            protocol=rule.protocol,
            ports=tuple(rule.ports),
            sources=tuple(rule.source_address_prefixes),
            destinations=tuple(rule.destination_address_prefixes) or (cidr,),
            description=rule.description or "",
        )
        for rule in inbound
    ]
    if tier == BASTION_TIER:
        rules.extend(BASTION_RULES)
    rules.append(
        RuleSpec(
            name=DENY_RULE,
            priority=DENY_RULE_PRIORITY,
            direction="Inbound",
            access="Deny",
            protocol="*",
            ports=("*",),
            sources=("Internet",),
            destinations=("*",),
            description="iaccore: deny inbound traffic from the Internet unless a rule above "
            "allows it",
        )
    )
    return tuple(sorted(rules, key=lambda r: (r.direction != "Inbound", r.priority)))
