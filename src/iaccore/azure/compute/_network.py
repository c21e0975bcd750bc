"""The network side of a Linux VM: its NSG, an optional public IP and the NIC.

A helper of [`LinuxVirtualMachine`][iaccore.azure.LinuxVirtualMachine]: it takes a
``ChildFactory`` and plain values and returns a frozen result; it never reads the component.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import network

from iaccore.azure.compute.config import InboundRule, PublicIpConfig
from iaccore.core.children import ChildFactory

__all__ = ["VmNetwork", "create_vm_network", "security_rule_args"]


@dataclass(frozen=True)
class VmNetwork:
    """What ``create_vm_network`` made: the NSG, the public IP (or None) and the NIC."""

    security_group: network.NetworkSecurityGroup
    public_ip: network.PublicIPAddress | None
    nic: network.NetworkInterface


def security_rule_args(rule: InboundRule) -> network.SecurityRuleArgs:
    """One inbound allow rule (single values where Azure wants them: a service tag alone)."""
    sources = list(rule.source_address_prefixes)
    ports = list(rule.ports)
    source: dict[str, Any] = (
        {"source_address_prefix": sources[0]}
        if len(sources) == 1
        else {"source_address_prefixes": sources}
    )
    port: dict[str, Any] = (
        {"destination_port_range": ports[0]}
        if len(ports) == 1
        else {"destination_port_ranges": ports}
    )
    return network.SecurityRuleArgs(
        name=rule.name,
        priority=rule.priority,
        direction="Inbound",
        access="Allow",
        protocol=rule.protocol,
        source_port_range="*",
        destination_address_prefix="*",
        description=rule.description,
        **source,
        **port,
    )


def create_vm_network(
    factory: ChildFactory,
    *,
    resource_group_name: pulumi.Input[str],
    location: str,
    subnet_id: pulumi.Input[str],
    inbound_rules: Sequence[InboundRule],
    public_ip: PublicIpConfig,
    zone: str | None,
) -> VmNetwork:
    """The NSG (only the given allow rules above Azure's defaults, which deny the internet), a
    Standard static public IP when ``public_ip.enabled``, and a NIC in ``subnet_id`` with the
    NSG attached (roles ``nsg``, ``public_ip``, ``nic``)."""
    nsg = network.NetworkSecurityGroup(
        factory.child_name("nsg"),
        resource_group_name=resource_group_name,
        location=location,
        security_rules=[security_rule_args(rule) for rule in inbound_rules],
        tags=factory.child_tags("nsg"),
        opts=factory.child_opts("nsg"),
    )
    address: network.PublicIPAddress | None = None
    if public_ip.enabled:
        address = network.PublicIPAddress(
            factory.child_name("public_ip"),
            resource_group_name=resource_group_name,
            location=location,
            sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
            public_ip_allocation_method="Static",
            public_ip_address_version="IPv4",
            zones=[zone] if zone else None,
            dns_settings=network.PublicIPAddressDnsSettingsArgs(
                domain_name_label=public_ip.dns_label
            )
            if public_ip.dns_label
            else None,
            tags=factory.child_tags("public_ip"),
            opts=factory.child_opts("public_ip"),
        )
    nic = network.NetworkInterface(
        factory.child_name("nic"),
        resource_group_name=resource_group_name,
        location=location,
        ip_configurations=[
            network.NetworkInterfaceIPConfigurationArgs(
                name="primary",
                primary=True,
                private_ip_allocation_method="Dynamic",
                subnet=network.SubnetArgs(id=subnet_id),
                public_ip_address=network.PublicIPAddressArgs(id=address.id)
                if address is not None
                else None,
            )
        ],
        network_security_group=network.NetworkSecurityGroupArgs(id=nsg.id),
        tags=factory.child_tags("nic"),
        opts=factory.child_opts("nic"),
    )
    return VmNetwork(nsg, address, nic)
