"""The ``iaccore:azure`` section: provider settings plus each component family's config.

This module only assembles the section; the component configs live beside their components
(``iaccore.azure.network.config``, ``aks.config``, ``storage.config``, ``compute.config``,
``rbac.config``). No ``pulumi_azure_native`` import. Credentials are never config: the provider
reads them from ``ARM_*``/``AZURE_*`` variables or the ambient chain (Azure CLI, managed
identity), so a key such as ``client_secret`` is refused as unknown.

Examples:
    >>> section = AzureSection(enabled=True, location="West Europe")
    >>> section.location, section.resource_group
    ('westeurope', 'per_component')
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from iaccore.azure.aks.config import AksClusterConfig, AksSection
from iaccore.azure.compute.config import LinuxVmConfig
from iaccore.azure.network.config import VnetConfig
from iaccore.azure.rbac.config import RoleAssignmentConfig
from iaccore.azure.storage.config import StorageAccountConfig
from iaccore.azure.types import Location, Uuid
from iaccore.core.config.base import Field, ProviderSection, ProviderSettings

__all__ = [
    "AksClusterConfig",
    "AksSection",
    "AzureProviderSettings",
    "AzureSection",
    "LinuxVmConfig",
    "RoleAssignmentConfig",
    "StorageAccountConfig",
    "VnetConfig",
]

ResourceGroupMode = Literal["per_component", "shared"]


class AzureProviderSettings(ProviderSettings):
    """One Azure provider: location, subscription and tenant. Never credentials.

    Examples:
        >>> AzureProviderSettings(location="swedencentral").location
        'swedencentral'
    """

    location: Location | None = Field(
        None, description="Default location of the provider's resources; unset: the section's."
    )
    subscription_id: Uuid | None = Field(
        None, description="Subscription to act in; unset: the section's, then the ambient one."
    )
    tenant_id: Uuid | None = Field(
        None, description="Entra ID tenant; unset: the section's, then the ambient one."
    )


class AzureSection(ProviderSection):
    """The ``iaccore:azure`` section: providers, tags, resource groups and component config
    (``azure.vnet``, ``azure.aks.clusters.<name>``, ``azure.storage_accounts.<name>`` ...).

    Examples:
        >>> azure = AzureSection.model_validate(
        ...     {"location": "westeurope", "providers": {"dr": {"location": "northeurope"}}})
        >>> azure.providers["dr"].location
        'northeurope'
    """

    location: Location | None = Field(
        None,
        description="Location of the default provider and of every component that names none; "
        "unset uses `azure-native:location`.",
    )
    subscription_id: Uuid | None = Field(
        None, description="Subscription of the default provider; unset: the ambient one."
    )
    tenant_id: Uuid | None = Field(
        None, description="Entra ID tenant of the default provider; unset: the ambient one."
    )
    providers: dict[str, AzureProviderSettings] = Field(  # type: ignore[assignment]
        default_factory=dict,
        description="Named extra providers (another location or subscription), beside the "
        "`default` one; unset fields inherit the section's.",
    )
    resource_group: ResourceGroupMode = Field(
        "per_component",
        description="`per_component`: each component creates `rg-<project>-<environment>-"
        "<component>`; `shared`: components share `rg-<project>-<environment>` (one per "
        "provider). A component's `resource_group_name` (an existing group) wins over both.",
    )
    retain_data_on_delete: bool = Field(
        True,
        description="Keep storage accounts (with their blob settings), Log Analytics workspaces "
        "and the resource groups components created for them when Pulumi deletes them "
        "(`retain_on_delete`); default true. Set false for throw-away stacks; a role's "
        "`resource_options.<role>.retain_on_delete` still wins.",
    )
    vnet: VnetConfig | None = Field(
        None, description='The virtual network (`SecureVnet("core", stack.azure.vnet)`).'
    )
    vnets: dict[str, VnetConfig] = Field(
        default_factory=dict, description="More virtual networks by name."
    )
    aks: AksSection = Field(default_factory=AksSection, description="AKS clusters by name.")
    storage_accounts: dict[str, StorageAccountConfig] = Field(
        default_factory=dict, description="Storage accounts by logical name."
    )
    virtual_machines: dict[str, LinuxVmConfig] = Field(
        default_factory=dict, description="Linux virtual machines by logical name."
    )
    role_assignments: dict[str, RoleAssignmentConfig] = Field(
        default_factory=dict, description="Role assignments by logical name."
    )

    def check_in_stack(self, stack: Any) -> None:
        """Cross-section checks against the whole stack; see ``iaccore.azure.validation``."""
        from iaccore.azure.validation import check_azure_stack

        check_azure_stack(self, stack)

    @model_validator(mode="after")
    def _check_references(self) -> AzureSection:
        known = ("default", *sorted(self.providers))
        users: list[tuple[str, str | None]] = [("vnet", self.vnet.provider if self.vnet else None)]
        users += [(f"vnets.{n}", v.provider) for n, v in self.vnets.items()]
        users += [(f"aks.clusters.{n}", c.provider) for n, c in self.aks.clusters.items()]
        users += [(f"storage_accounts.{n}", s.provider) for n, s in self.storage_accounts.items()]
        users += [(f"virtual_machines.{n}", v.provider) for n, v in self.virtual_machines.items()]
        users += [(f"role_assignments.{n}", r.provider) for n, r in self.role_assignments.items()]
        for where, provider in users:
            if provider is not None and provider not in known:
                raise ValueError(
                    f"{where}.provider names unknown provider {provider!r}; "
                    f"known: {', '.join(known)}"
                )
        return self
