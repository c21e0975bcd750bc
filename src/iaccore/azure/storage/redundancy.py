"""Which storage redundancy a location can have (pure logic, no Pulumi import).

Zone-redundant SKUs (``ZRS``, ``GZRS``, ``RAGZRS``, and ``Premium_ZRS``/``StandardSSD_ZRS``
managed disks) exist only in locations with availability zones; Azure refuses them elsewhere.

Examples:
    >>> storage_sku(None, "westeurope", key_path="sku"), storage_sku(None, "ukwest", key_path="sku")
    ('Standard_ZRS', 'Standard_LRS')
"""

from __future__ import annotations

from iaccore.azure.locations import ZONAL_LOCATIONS
from iaccore.core.errors import ConfigurationError

__all__ = ["check_zone_redundancy", "is_zone_redundant", "storage_sku"]


def is_zone_redundant(sku: str) -> bool:
    """Whether ``sku`` spreads copies over availability zones.

    Examples:
        >>> is_zone_redundant("Standard_RAGZRS"), is_zone_redundant("Standard_GRS")
        (True, False)
    """
    return sku.upper().endswith("ZRS")


def check_zone_redundancy(sku: str, location: str, *, key_path: str) -> str:
    """``sku``, unless it is zone-redundant and ``location`` has no zones.

    Raises:
        ConfigurationError: naming ``key_path`` and the SKUs the location accepts.
    """
    if is_zone_redundant(sku) and location not in ZONAL_LOCATIONS:
        raise ConfigurationError(
            f"{sku} needs availability zones, which {location} does not have",
            key_path=key_path,
            expected="a locally or geo-redundant SKU (LRS, GRS, RAGRS)",
        )
    return sku


def storage_sku(sku: str | None, location: str, *, key_path: str) -> str:
    """The storage account SKU: ``sku`` (checked), else ZRS where zones exist, else LRS."""
    if sku is None:
        return "Standard_ZRS" if location in ZONAL_LOCATIONS else "Standard_LRS"
    return check_zone_redundancy(sku, location, key_path=key_path)
