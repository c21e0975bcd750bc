"""Config of [`iaccore.azure.RoleAssignment`][iaccore.azure.RoleAssignment] (plain data, no Pulumi
import): ``iaccore:azure.role_assignments.<name>``.

Every check is pure, so ``iaccore validate`` refuses what ``pulumi up`` would: an unknown role
(with the nearest names), a scope that is not an ARM id, a principal id that is not a UUID, a
missing principal type, and a privileged role at subscription or management-group scope without
``allow_privileged: true``.

Examples:
    >>> cfg = RoleAssignmentConfig(
    ...     role="storage blob data reader",
    ...     scope="/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data",
    ...     principal_id="00000000-0000-0000-0000-0000000000aa", principal_type="Group")
    >>> cfg.role, cfg.condition_version
    ('Storage Blob Data Reader', None)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, model_validator

from iaccore.azure.rbac.roles import (
    PrincipalType,
    builtin_role,
    principal_id_error,
    privileged_scope_error,
    scope_error,
)
from iaccore.azure.types import provider_field
from iaccore.core.config.base import ComponentConfig, Field

__all__ = ["RoleAssignmentConfig", "RoleName", "RoleScope"]


def _role(value: str) -> str:
    return builtin_role(value).name


def _scope(value: str) -> str:
    error = scope_error(value)
    if error is not None:
        raise ValueError(error)
    return value


def _principal(value: str) -> str:
    error = principal_id_error(value)
    if error is not None:
        raise ValueError(error)
    return value.lower()


#: A built-in role name, any case; normalised to Microsoft's spelling (``acrpull`` → ``AcrPull``).
RoleName = Annotated[str, AfterValidator(_role)]
#: A role assignment scope: a management group, subscription, resource group or resource id.
RoleScope = Annotated[str, AfterValidator(_scope)]
#: An Entra ID object id (UUID), normalised to lowercase.
PrincipalId = Annotated[str, AfterValidator(_principal)]


class RoleAssignmentConfig(ComponentConfig):
    """One role assignment: a built-in role, at a scope, to one principal of an explicit type.

    Examples:
        >>> RoleAssignmentConfig(
        ...     role="Owner", scope="/subscriptions/00000000-0000-0000-0000-000000000001",
        ...     principal_id="00000000-0000-0000-0000-0000000000aa", principal_type="Group",
        ...     allow_privileged=True).allow_privileged
        True
    """

    role: RoleName = Field(
        description="Built-in role name, exactly as Microsoft spells it (any case), e.g. "
        "`Storage Blob Data Reader`, `AcrPull`, `Key Vault Secrets User`.",
    )
    scope: RoleScope = Field(
        description="ARM id the role is granted at: `/subscriptions/<id>`, "
        "`/subscriptions/<id>/resourceGroups/<name>`, a resource id, or "
        "`/providers/Microsoft.Management/managementGroups/<id>`. Keep it as narrow as the "
        "principal's job allows.",
    )
    principal_id: PrincipalId = Field(
        description="Object id (UUID) of the user, group, service principal or managed identity; "
        "not a name or e-mail.",
    )
    principal_type: PrincipalType = Field(
        description="Type of the principal, required: `User`, `Group`, `ServicePrincipal` "
        "(managed identities too), `ForeignGroup`, `Device`, `AgentUser` or "
        "`AgentServicePrincipal`. Azure would otherwise assume `User`; an explicit type also "
        "lets the assignment succeed before a new principal has replicated.",
    )
    description: str | None = Field(
        None, max_length=1024, description="Why the principal holds the role (shown in Azure)."
    )
    condition: str | None = Field(
        None,
        min_length=1,
        description="ABAC condition narrowing the assignment (storage blob roles), e.g. "
        "`@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] "
        "StringEquals 'logs'`; none by default.",
    )
    condition_version: Literal["2.0"] | None = Field(
        None,
        description="Version of `condition`; `2.0` (the only one) when a condition is set.",
    )
    allow_privileged: bool = Field(
        False,
        description="Allow Owner, Contributor, User Access Administrator or Role Based Access "
        "Control Administrator at subscription or management-group scope; refused by default.",
    )
    provider: str | None = provider_field()

    @model_validator(mode="after")
    def _check(self) -> RoleAssignmentConfig:
        if self.condition_version is not None and self.condition is None:
            raise ValueError("condition_version: set, but there is no condition")
        if self.condition is not None and self.condition_version is None:
            object.__setattr__(self, "condition_version", "2.0")
        if not self.allow_privileged:
            error = privileged_scope_error(self.role, self.scope)
            if error is not None:
                raise ValueError(f"role: {error}")
        return self
