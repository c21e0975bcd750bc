"""The NAT gateway of a ``SecureVnet``: Standard SKU with a zone-redundant public IP prefix (or
one public IP address), built on a child factory.

Examples:
    >>> NatGateway.__dataclass_params__.frozen
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import network

from iaccore.core.children import ChildFactory

__all__ = ["NatGateway", "create_nat_gateway"]


@dataclass(frozen=True)
class NatGateway:
    """The created NAT gateway, its outbound public IP prefix or address, and the gateway id."""

    gateway: network.NatGateway
    public_ip: Any
    id: pulumi.Output[str]


def create_nat_gateway(
    factory: ChildFactory,
    *,
    names: tuple[str, str],
    resource_group_name: pulumi.Input[str],
    location: str,
    zones: list[str] | None,
    prefix_length: int | None,
    idle_timeout_minutes: int,
) -> NatGateway:
    """A Standard NAT gateway (no zone pinned) with its outbound IPs.

    ``names`` are the physical names of the gateway and of its public IP prefix/address;
    ``zones`` (``["1", "2", "3"]`` where the location has zones) makes the IPs zone-redundant.
    ``prefix_length`` None creates one static Standard public IP address instead of a prefix.
    """
    gateway_name, ip_name = names
    role = "nat_public_ip"
    common: dict[str, Any] = {
        "resource_group_name": resource_group_name,
        "location": location,
        "tags": factory.child_tags(role),
        "opts": factory.child_opts(role),
    }
    if zones:
        common["zones"] = zones
    public_ip: Any
    nat_ips: dict[str, Any]
    if prefix_length is None:
        public_ip = network.PublicIPAddress(
            factory.child_name(role),
            public_ip_address_name=ip_name,
            sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
            public_ip_allocation_method="Static",
            public_ip_address_version="IPv4",
            **common,
        )
        nat_ips = {"public_ip_addresses": [network.SubResourceArgs(id=public_ip.id)]}
    else:
        public_ip = network.PublicIPPrefix(
            factory.child_name(role),
            public_ip_prefix_name=ip_name,
            sku=network.PublicIPPrefixSkuArgs(name="Standard", tier="Regional"),
            prefix_length=prefix_length,
            public_ip_address_version="IPv4",
            **common,
        )
        nat_ips = {"public_ip_prefixes": [network.SubResourceArgs(id=public_ip.id)]}
    gateway = network.NatGateway(
        factory.child_name("nat_gateway"),
        nat_gateway_name=gateway_name,
        resource_group_name=resource_group_name,
        location=location,
        sku=network.NatGatewaySkuArgs(name="Standard"),
        idle_timeout_in_minutes=idle_timeout_minutes,
        tags=factory.child_tags("nat_gateway"),
        opts=factory.child_opts("nat_gateway"),
        **nat_ips,
    )
    return NatGateway(gateway=gateway, public_ip=public_ip, id=gateway.id)
