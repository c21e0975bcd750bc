"""Annotated types and fields shared by the Azure config models (plain data, no Pulumi import).

Examples:
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(Location).validate_python("North Europe")
    'northeurope'
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints

from iaccore.azure.locations import location_error, normalize_location
from iaccore.core.config.base import ComponentConfig, Field

__all__ = [
    "AzureComponentConfig",
    "Location",
    "ResourceGroupName",
    "ResourceId",
    "Uuid",
    "provider_field",
]

_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def _location(value: str) -> str:
    error = location_error(value)
    if error is not None:
        raise ValueError(error)
    return normalize_location(value)


#: An Azure location, normalised (``West Europe`` → ``westeurope``) and checked against the table.
Location = Annotated[str, AfterValidator(_location)]
#: A subscription, tenant, object or client id.
Uuid = Annotated[str, StringConstraints(pattern=_UUID)]
#: A resource group name: 1-90 letters, digits, ``_``, ``-``, ``.``, ``(``, ``)``; no final ``.``.
ResourceGroupName = Annotated[
    str, StringConstraints(pattern=r"^[-\w.()]{0,89}[-\w()]$", max_length=90)
]
#: An ARM resource id (``/subscriptions/<id>/resourceGroups/<rg>/providers/...``).
ResourceId = Annotated[
    str, StringConstraints(pattern=r"^/subscriptions/[0-9a-fA-F-]{36}(/[^/\s]+)+$")
]


def provider_field() -> Any:
    """The ``provider`` field of every Azure component config: a named provider, or the default.

    Examples:
        >>> provider_field().default is None
        True
    """
    return Field(
        None,
        description="Name of a provider in `iaccore:azure.providers` (another location or "
        "subscription); unset uses `default`.",
    )


class AzureComponentConfig(ComponentConfig):
    """Fields every Azure component config has: provider, location and resource group.

    Examples:
        >>> AzureComponentConfig(location="West Europe").location
        'westeurope'
    """

    provider: str | None = provider_field()
    location: Location | None = Field(
        None,
        description="Azure location of the component's resources; unset uses the provider's "
        "(`iaccore:azure.location`, then `azure-native:location`).",
    )
    resource_group_name: ResourceGroupName | None = Field(
        None,
        description="An existing resource group to create the resources in; none is created. "
        "Unset: the component creates its own, or shares the stack's, as "
        "`iaccore:azure.resource_group` says.",
    )
