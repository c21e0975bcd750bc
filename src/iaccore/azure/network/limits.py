"""Azure virtual network limits and fixed values ``SecureVnet`` validates against (pure, no Pulumi
import).

Each constant names its source: the Azure Virtual Network FAQ ("What address ranges can I use in
my VNets?", "Are there any restrictions on using IP addresses within these subnets?"), "Azure
subscription and service limits" (Networking limits) and the Azure Bastion and NSG docs.

Examples:
    >>> SUBNET_MAX_PREFIX, RESERVED_IPS_PER_SUBNET
    (29, 5)
"""

from __future__ import annotations

__all__ = [
    "BASTION_SUBNET_MAX_PREFIX",
    "BASTION_SUBNET_NAME",
    "FORBIDDEN_RANGES",
    "NAT_IDLE_TIMEOUT_MAX",
    "NAT_IDLE_TIMEOUT_MIN",
    "NAT_PUBLIC_IP_PREFIX_MAX",
    "NAT_PUBLIC_IP_PREFIX_MIN",
    "NSG_PRIORITY_MAX",
    "NSG_PRIORITY_MIN",
    "NSG_RULES_MAX",
    "NSG_RULE_NAME_MAX_LENGTH",
    "RESERVED_IPS_PER_SUBNET",
    "RFC1918_RANGES",
    "SERVICE_ENDPOINTS",
    "SHARED_ADDRESS_RANGE",
    "SUBNETS_PER_VNET_MAX",
    "SUBNET_MAX_PREFIX",
    "SUBNET_NAME_MAX_LENGTH",
    "VNET_MAX_PREFIX",
    "VNET_MIN_PREFIX",
    "VNET_NAME_MAX_LENGTH",
]

#: Largest address space iaccore plans a VNet over (``/8``, a whole RFC 1918 ``10.0.0.0/8``).
VNET_MIN_PREFIX = 8
#: Smallest address space (``/29``): it must hold at least one subnet.
VNET_MAX_PREFIX = 29
#: Smallest IPv4 subnet Azure accepts (``/29``: 8 addresses, 3 usable).
SUBNET_MAX_PREFIX = 29
#: Addresses Azure reserves in every subnet: network, default gateway, two for Azure DNS and the
#: broadcast address.
RESERVED_IPS_PER_SUBNET = 5
#: Subnets one VNet can have (Networking limits, Azure Resource Manager).
SUBNETS_PER_VNET_MAX = 3000

#: Ranges Azure refuses in a VNet address space: multicast, broadcast, loopback, link-local and the
#: platform's virtual public IP (DNS, DHCP, health probes).
FORBIDDEN_RANGES: tuple[str, ...] = (
    "224.0.0.0/4",
    "255.255.255.255/32",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "168.63.129.16/32",
)
#: The RFC 1918 private ranges Azure recommends; others are allowed with a warning.
RFC1918_RANGES: tuple[str, ...] = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
#: RFC 6598 shared address space, which Azure also treats as private (no warning).
SHARED_ADDRESS_RANGE = "100.64.0.0/10"

#: The name Azure Bastion requires for its subnet.
BASTION_SUBNET_NAME = "AzureBastionSubnet"
#: AzureBastionSubnet must be ``/26`` or larger.
BASTION_SUBNET_MAX_PREFIX = 26

#: Subnet names: 1-80 characters (letters, digits, ``_``, ``.``, ``-``).
SUBNET_NAME_MAX_LENGTH = 80
#: Virtual network names: 2-64 characters.
VNET_NAME_MAX_LENGTH = 64

#: Priorities a custom NSG rule may take (lower wins); the default rules sit at 65000+.
NSG_PRIORITY_MIN = 100
NSG_PRIORITY_MAX = 4096
#: Security rules per NSG (Networking limits).
NSG_RULES_MAX = 1000
#: NSG rule names: 1-80 characters.
NSG_RULE_NAME_MAX_LENGTH = 80

#: NAT gateway TCP idle timeout, in minutes.
NAT_IDLE_TIMEOUT_MIN = 4
NAT_IDLE_TIMEOUT_MAX = 120
#: Public IP prefix lengths a NAT gateway takes (``/28``, 16 addresses, to ``/31``, 2).
NAT_PUBLIC_IP_PREFIX_MIN = 28
NAT_PUBLIC_IP_PREFIX_MAX = 31

#: Services a subnet service endpoint can name ("Virtual network service endpoints").
SERVICE_ENDPOINTS: tuple[str, ...] = (
    "Microsoft.AzureActiveDirectory",
    "Microsoft.AzureCosmosDB",
    "Microsoft.CognitiveServices",
    "Microsoft.ContainerRegistry",
    "Microsoft.EventHub",
    "Microsoft.KeyVault",
    "Microsoft.ServiceBus",
    "Microsoft.Sql",
    "Microsoft.Storage",
    "Microsoft.Storage.Global",
    "Microsoft.Web",
)
