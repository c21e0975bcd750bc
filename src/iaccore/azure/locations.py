"""Azure locations (public cloud) and the normalising check behind the ``Location`` type.

Pure logic (no Pulumi import). Names are the programmatic ones ARM uses (``westeurope``); display
names (``West Europe``) are accepted and normalised. A location missing from this table is refused
with the list's nearest names; a region Azure opens after this release is added to the table in
a minor release.

Examples:
    >>> normalize_location("West Europe")
    'westeurope'
    >>> "swedencentral" in AZURE_LOCATIONS
    True
"""

from __future__ import annotations

import difflib

__all__ = ["AZURE_LOCATIONS", "ZONAL_LOCATIONS", "location_error", "normalize_location"]

# Azure public-cloud regions ("az account list-locations --query [].name", physical regions
# only; logical "global"/geography entries such as "europe" or "unitedstates" are not locations
# resources can be created in).
AZURE_LOCATIONS: frozenset[str] = frozenset(
    {
        "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast",
        "austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral",
        "canadaeast", "centralindia", "centralus", "chilecentral", "eastasia", "eastus",
        "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
        "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest",
        "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "malaysiawest",
        "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast",
        "norwaywest", "polandcentral", "qatarcentral", "southafricanorth", "southafricawest",
        "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
        "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth",
        "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2",
        "westus3",
    }
)  # fmt: skip

# Regions with availability zones ("Azure regions with availability zone support").
ZONAL_LOCATIONS: frozenset[str] = frozenset(
    {
        "australiaeast", "austriaeast", "belgiumcentral", "brazilsouth", "canadacentral",
        "centralindia", "centralus", "chilecentral", "eastasia", "eastus", "eastus2",
        "francecentral", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth",
        "japaneast", "japanwest", "koreacentral", "malaysiawest", "mexicocentral",
        "newzealandnorth", "northeurope", "norwayeast", "polandcentral", "qatarcentral",
        "southafricanorth", "southcentralus", "southeastasia", "spaincentral", "swedencentral",
        "switzerlandnorth", "uaenorth", "uksouth", "westeurope", "westus2", "westus3",
    }
)  # fmt: skip


def normalize_location(value: str) -> str:
    """``value`` as ARM spells locations: lowercase, no spaces (``West Europe`` → ``westeurope``).

    Examples:
        >>> normalize_location(" UK South ")
        'uksouth'
    """
    return "".join(value.split()).lower()


def location_error(value: str, known: frozenset[str] = AZURE_LOCATIONS) -> str | None:
    """Why ``value`` is not a known location (with the nearest names), or None when it is.

    Examples:
        >>> location_error("westeurope") is None
        True
        >>> location_error("westeurop")
        "unknown Azure location 'westeurop'; did you mean westeurope?"
    """
    name = normalize_location(value)
    if name in known:
        return None
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(close)}?" if close else " (see az account list-locations)"
    return f"unknown Azure location {value!r}{hint}"
