"""Config of [`SecureStorageAccount`][iaccore.azure.SecureStorageAccount] (plain data, no Pulumi
import).

Examples:
    >>> config = StorageAccountConfig()
    >>> config.sku, config.allow_shared_key_access, config.blob_soft_delete_days
    (None, False, 30)
    >>> StorageAccountConfig(allowed_ip_ranges=["203.0.113.7/32"]).allowed_ip_ranges
    ('203.0.113.7',)
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import field_validator

from iaccore.azure.naming import storage_name_error
from iaccore.azure.types import AzureComponentConfig, ResourceId
from iaccore.core.config.base import Field

__all__ = [
    "DIAGNOSTIC_SERVICES",
    "StorageAccountConfig",
    "StorageService",
    "ip_rule_error",
    "normalize_ip_rule",
    "subnet_id_error",
]

#: A storage service whose resource logs go to Log Analytics.
StorageService = Literal["blob", "file", "queue", "table"]
#: Services with a diagnostic setting by default: all four of a StorageV2 account.
DIAGNOSTIC_SERVICES: tuple[StorageService, ...] = ("blob", "file", "queue", "table")

_SUBNET_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w.()]+/providers/"
    r"Microsoft\.Network/virtualNetworks/[-\w.]+/subnets/[-\w.]+$",
    re.IGNORECASE,
)

#: RFC 1918, loopback and link-local ranges: Azure refuses them in storage IP rules.
_PRIVATE = tuple(
    ipaddress.IPv4Network(cidr)
    for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16")
)


def subnet_id_error(value: str) -> str | None:
    """Why ``value`` is not a subnet resource id, or None.

    Examples:
        >>> subnet_id_error("subnet-1")
        "'subnet-1' is not a subnet id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)"
    """  # noqa: E501
    if _SUBNET_ID.match(value):
        return None
    return (
        f"{value!r} is not a subnet id (/subscriptions/<id>/resourceGroups/<group>/providers/"
        "Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)"
    )


def ip_rule_error(value: str) -> str | None:
    """Why ``value`` cannot be a storage firewall IP rule, or None.

    Storage firewall rules take public IPv4 addresses and ranges only; ``/31`` and ``/32`` ranges
    must be given as single addresses (``normalize_ip_rule`` does that for ``/32``); private
    ranges are refused by Azure (use ``allowed_subnet_ids`` for traffic from a VNet).

    Examples:
        >>> ip_rule_error("0.0.0.0/0")
        "'0.0.0.0/0' opens the account to the whole internet; list the ranges that need access"
        >>> ip_rule_error("10.0.0.0/8")
        "'10.0.0.0/8' is or holds a private range; storage firewall rules take public IPv4 only (use allowed_subnet_ids for a VNet)"
        >>> ip_rule_error("203.0.113.0/24") is None
        True
    """  # noqa: E501
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        return f"{value!r} is not an IPv4 address or CIDR range without host bits"
    if not isinstance(network, ipaddress.IPv4Network):
        return f"{value!r} is IPv6; storage firewall rules take IPv4 only"
    if network.prefixlen == 0:
        return (
            f"{value!r} opens the account to the whole internet; list the ranges that need access"
        )
    if any(network.overlaps(private) for private in _PRIVATE):
        return (
            f"{value!r} is or holds a private range; storage firewall rules take public IPv4 only "
            "(use allowed_subnet_ids for a VNet)"
        )
    if network.prefixlen == 31:
        return f"{value!r}: Azure refuses /31 ranges; list its two addresses instead"
    return None


def normalize_ip_rule(value: str) -> str:
    """An IP rule as Azure stores it: ``/32`` ranges become the bare address.

    Examples:
        >>> normalize_ip_rule("203.0.113.7/32"), normalize_ip_rule("203.0.113.0/24")
        ('203.0.113.7', '203.0.113.0/24')
    """
    network = ipaddress.ip_network(value, strict=True)
    return str(network.network_address) if network.prefixlen == 32 else str(network)


class StorageAccountConfig(AzureComponentConfig):
    """A StorageV2 account: HTTPS and TLS 1.2 only, Entra ID auth only, no public access,
    infrastructure encryption, soft delete and versioning, firewall default deny.

    Secure transfer, TLS 1.2, infrastructure encryption, anonymous blob access off and
    cross-tenant replication off cannot be switched off. Shared-key access (account keys and the
    SAS they sign) is off unless ``allow_shared_key_access: true``.

    Examples:
        >>> StorageAccountConfig(name="stlogs01").name
        'stlogs01'
    """

    name: str | None = Field(
        None,
        description="Exact account name (3-24 lowercase letters and digits, unique in Azure); "
        "unset derives `st<project><environment><name><hash>` from the stack, the subscription "
        "and the resource group (`iaccore.azure.naming.storage_account_name`).",
    )
    sku: (
        Literal[
            "Standard_LRS",
            "Standard_ZRS",
            "Standard_GRS",
            "Standard_GZRS",
            "Standard_RAGRS",
            "Standard_RAGZRS",
        ]
        | None
    ) = Field(
        None,
        description="Redundancy. Unset: `Standard_ZRS` (three zones of the location) where the "
        "location has availability zones, else `Standard_LRS`. Or `Standard_LRS`, "
        "`Standard_GRS`, `Standard_GZRS`, `Standard_RAGRS`, `Standard_RAGZRS` (geo-redundant "
        "SKUs copy the data to the paired region); the zone-redundant ones need a location "
        "with zones.",
    )
    access_tier: Literal["Hot", "Cool", "Cold"] = Field(
        "Hot", description="Default access tier of blobs; default Hot."
    )
    allow_shared_key_access: bool = Field(
        False,
        description="Allow requests signed with the account keys (Shared Key, account and "
        "service SAS); off by default, so every request is authorized with Entra ID. When on, "
        "SAS expiry beyond `sas_expiration_period` is logged and a 90-day key rotation reminder "
        "is set.",
    )
    sas_expiration_period: str = Field(
        "0.01:00:00",
        pattern=r"^\d{1,3}\.\d{2}:\d{2}:\d{2}$",
        description="Longest SAS lifetime (`D.HH:MM:SS`) before Azure logs the SAS as out of "
        "policy; used only with `allow_shared_key_access`; default one hour.",
    )
    allowed_subnet_ids: tuple[str, ...] = Field(
        (),
        description="Subnet resource ids allowed through the firewall (virtual network rules; "
        "each subnet needs the `Microsoft.Storage` service endpoint). Any entry here or in "
        "`allowed_ip_ranges` enables public network access for the selected networks only.",
    )
    allowed_ip_ranges: tuple[str, ...] = Field(
        (),
        description="Public IPv4 addresses or CIDR ranges allowed through the firewall "
        "(`0.0.0.0/0`, private and IPv6 ranges are refused).",
    )
    blob_soft_delete_days: int = Field(
        30, ge=1, le=365, description="Days a deleted blob can be restored (1-365); default 30."
    )
    container_soft_delete_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Days a deleted container can be restored (1-365); default 30.",
    )
    versioning: bool = Field(True, description="Keep previous versions of every blob.")
    change_feed_retention_days: int | None = Field(
        90,
        ge=1,
        le=146000,
        description="Days the blob change feed (a log of every change) is kept; default 90; "
        "null keeps it forever.",
    )
    log_analytics_workspace_id: ResourceId | None = Field(
        None,
        description="Log Analytics workspace receiving the resource logs; unset creates one "
        "(90 days retention, local auth off).",
    )
    diagnostic_services: tuple[StorageService, ...] = Field(
        DIAGNOSTIC_SERVICES,
        description="Services whose logs (all categories) and transaction metrics go to the "
        "workspace; default all four (blob, file, queue, table).",
    )

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str | None) -> str | None:
        if value is not None:
            error = storage_name_error(value)
            if error is not None:
                raise ValueError(error)
        return value

    @field_validator("allowed_subnet_ids")
    @classmethod
    def _check_subnets(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            error = subnet_id_error(item)
            if error is not None:
                raise ValueError(error)
        return tuple(dict.fromkeys(value))

    @field_validator("allowed_ip_ranges")
    @classmethod
    def _check_ip_rules(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            error = ip_rule_error(item)
            if error is not None:
                raise ValueError(error)
        return tuple(dict.fromkeys(normalize_ip_rule(item) for item in value))

    @field_validator("diagnostic_services")
    @classmethod
    def _unique_services(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))
