"""Azure built-in roles, scopes and principal types: the pure checks behind role assignments.

No Pulumi import. Built-in role definitions have the same GUID in every subscription and tenant;
a role is looked up by its exact name, case-insensitively, and an unknown name is refused with
the nearest known names. A scope must be the ARM id of a management group, subscription,
resource group or resource; the roles that grant access to others (and Contributor) are refused
at subscription or management-group scope unless ``allow_privileged`` is set.

Examples:
    >>> builtin_role("storage blob data reader").name
    'Storage Blob Data Reader'
    >>> role_definition_id("00000000-0000-0000-0000-000000000001", "Reader")
    '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7'
    >>> parse_scope("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg").kind
    'resource_group'
"""

from __future__ import annotations

import difflib
import re
import uuid
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BUILTIN_ROLES",
    "PRINCIPAL_TYPES",
    "PRIVILEGED_ROLES",
    "BuiltinRole",
    "PrincipalType",
    "Scope",
    "ScopeKind",
    "assignment_name",
    "builtin_role",
    "parse_scope",
    "principal_id_error",
    "privileged_scope_error",
    "role_definition_id",
    "role_error",
    "scope_error",
]

# Names and GUIDs from Microsoft's "Azure built-in roles" reference
# (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles), checked against
# its source MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles.md at
# commit 00a583295ba737a5caf885472cb3bca3624e9cde (ms.date 04/09/2026). Every entry was compared
# with that table; note that AcrPull is 7f951dda-4ed3-4680-a7ca-43fe172d538d.
_ROLES: tuple[tuple[str, str], ...] = (
    # Privileged
    ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
    ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
    ("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
    # General
    ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    # Compute
    ("Virtual Machine Administrator Login", "1c0163c0-47e6-4577-8991-ea5c82e286e4"),
    ("Virtual Machine Contributor", "9980e02c-c2be-4d73-94e8-173b1dc7cf3c"),
    ("Virtual Machine User Login", "fb879df8-f326-4884-b1cf-06f3ad86be52"),
    # Networking
    ("DNS Zone Contributor", "befefa01-2a29-4197-83a8-272ff33ce314"),
    ("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
    ("Private DNS Zone Contributor", "b12aa53e-6015-4669-85d0-8515ebb3ae7f"),
    # Storage
    ("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab"),
    ("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
    ("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
    ("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
    ("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"),
    ("Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925"),
    ("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"),
    ("Storage Table Data Reader", "76199698-9eea-4c19-bc75-cec21354c6b6"),
    # Containers
    ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"),
    ("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec"),
    ("Azure Kubernetes Service Cluster Admin Role", "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"),
    ("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"),
    ("Azure Kubernetes Service Contributor Role", "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8"),
    ("Azure Kubernetes Service RBAC Admin", "3498e952-d568-435e-9b2c-8d77e338d7f7"),
    ("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
    ("Azure Kubernetes Service RBAC Reader", "7f6c6a51-bcf8-42ba-9220-52d62157d7db"),
    ("Azure Kubernetes Service RBAC Writer", "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"),
    # Identity
    ("Managed Identity Contributor", "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59"),
    ("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
    # Security
    ("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"),
    ("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba"),
    ("Key Vault Crypto Service Encryption User", "e147488a-f6f5-4113-8e2d-b22465e65bf6"),
    ("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"),
    ("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2"),
    ("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
    ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
    ("Security Reader", "39bc4728-0917-49c7-9d2c-d95423bc2eb4"),
    # Monitor
    ("Log Analytics Contributor", "92aaf0da-9dab-42b6-94a3-d43ce8d16293"),
    ("Log Analytics Reader", "73c42c96-874c-492b-b04d-ab87d138a893"),
    ("Monitoring Contributor", "749f88d5-cbae-40b8-bcfc-e573ddc772fa"),
    ("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"),
    ("Monitoring Reader", "43d0d8ad-25c7-4714-9337-8ba259a9fe05"),
)

#: The "Privileged" roles of Microsoft's list that iaccore knows: they grant full control
#: (Owner, Contributor) or the right to grant access (User Access Administrator, Role Based
#: Access Control Administrator). Refused at subscription or management-group scope unless
#: ``allow_privileged`` is set.
PRIVILEGED_ROLES: frozenset[str] = frozenset(
    {"Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"}
)

#: ``authorization.PrincipalType`` of azure-native 3.x (the ARM API's ``principalType`` enum).
PRINCIPAL_TYPES: tuple[str, ...] = (
    "User",
    "Group",
    "ServicePrincipal",
    "ForeignGroup",
    "Device",
    "AgentUser",
    "AgentServicePrincipal",
)
PrincipalType = Literal[
    "User", "Group", "ServicePrincipal", "ForeignGroup", "Device", "AgentUser",
    "AgentServicePrincipal",
]  # fmt: skip

ScopeKind = Literal["management_group", "subscription", "resource_group", "resource"]

# A fixed namespace of iaccore role assignment names (uuid5 of a URL naming the purpose).
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://iaccore.dev/azure/role-assignment")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SEGMENT = re.compile(r"^[^/\s]+$")
_MANAGEMENT_GROUP = re.compile(
    r"^/providers/Microsoft\.Management/managementGroups/(?P<id>[-\w().]{1,90})$", re.IGNORECASE
)
_PROVIDER_NAMESPACE = re.compile(r"^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$")
_RESOURCE_GROUP = re.compile(r"^[-\w.()]{0,89}[-\w()]$")


@dataclass(frozen=True)
class BuiltinRole:
    """A built-in role: its exact name and role definition GUID.

    Examples:
        >>> BuiltinRole("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7").privileged
        False
    """

    name: str
    guid: str

    @property
    def privileged(self) -> bool:
        """One of [`PRIVILEGED_ROLES`][iaccore.azure.rbac.roles.PRIVILEGED_ROLES]."""
        return self.name in PRIVILEGED_ROLES


#: Built-in roles by lowercase name.
BUILTIN_ROLES: dict[str, BuiltinRole] = {
    name.lower(): BuiltinRole(name, guid) for name, guid in _ROLES
}


def role_error(name: str) -> str | None:
    """Why ``name`` is not a built-in role iaccore knows (with the nearest names), or None.

    Examples:
        >>> role_error("Acr Pull")
        "unknown built-in role 'Acr Pull'; did you mean 'AcrPull' or 'AcrPush'?"
    """
    if name.strip().lower() in BUILTIN_ROLES:
        return None
    names = [role.name for role in BUILTIN_ROLES.values()]
    close = difflib.get_close_matches(name.strip(), names, n=3, cutoff=0.6)
    if not close:
        by_lower = {n.lower(): n for n in names}
        close = [by_lower[c] for c in difflib.get_close_matches(name.lower(), by_lower, n=3)]
    hint = (
        "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        if close
        else f"; known: {', '.join(sorted(names))}"
    )
    return f"unknown built-in role {name!r}{hint}"


def builtin_role(name: str) -> BuiltinRole:
    """The built-in role named ``name`` (exact name, any case).

    Raises:
        ValueError: an unknown name, with the nearest known names.

    Examples:
        >>> builtin_role("acrpull").guid
        '7f951dda-4ed3-4680-a7ca-43fe172d538d'
    """
    error = role_error(name)
    if error is not None:
        raise ValueError(error)
    return BUILTIN_ROLES[name.strip().lower()]


def role_definition_id(subscription_id: str | None, role: str) -> str:
    """The role definition id of the built-in ``role`` in ``subscription_id``.

    ``/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>``; with no
    subscription (a management-group scope) the tenant-level form
    ``/providers/Microsoft.Authorization/roleDefinitions/<guid>``.

    Examples:
        >>> role_definition_id(None, "Owner")
        '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635'
    """
    path = f"/providers/Microsoft.Authorization/roleDefinitions/{builtin_role(role).guid}"
    return f"/subscriptions/{subscription_id}{path}" if subscription_id else path


@dataclass(frozen=True)
class Scope:
    """A parsed role assignment scope.

    Examples:
        >>> parse_scope("/providers/Microsoft.Management/managementGroups/corp").subscription_id
    """

    id: str
    kind: ScopeKind
    subscription_id: str | None


def _resource_path_error(parts: list[str]) -> str | None:
    """``providers/<Namespace>/<type>/<name>[/<type>/<name>...]``, repeatable (extensions)."""
    if not parts:
        return "ends after `providers`"
    index = 0
    while index < len(parts):
        if parts[index].lower() != "providers":
            return f"has `{parts[index]}` where `providers` is expected"
        namespace_at = index + 1
        if namespace_at >= len(parts) or not _PROVIDER_NAMESPACE.match(parts[namespace_at]):
            return (
                "has no resource provider namespace (such as `Microsoft.Storage`) after `providers`"
            )
        pairs: list[str] = []
        index = namespace_at + 1
        while index < len(parts) and parts[index].lower() != "providers":
            pairs.append(parts[index])
            index += 1
        if not pairs or len(pairs) % 2:
            return f"has no `<type>/<name>` pairs after `{parts[namespace_at]}`"
    return None


def scope_error(scope: str) -> str | None:
    """Why ``scope`` is not an ARM id a role can be assigned at, or None when it is one.

    Accepted: ``/providers/Microsoft.Management/managementGroups/<id>``,
    ``/subscriptions/<uuid>``, ``/subscriptions/<uuid>/resourceGroups/<name>``, and resource
    ids under a subscription or resource group (``.../providers/<Namespace>/<type>/<name>``,
    child and extension resources included).

    Examples:
        >>> scope_error("/")
        "scope '/' is not a management group, subscription, resource group or resource id: the tenant root is not a scope iaccore assigns at"
        >>> scope_error("/subscriptions/00000000-0000-0000-0000-000000000001") is None
        True
    """  # noqa: E501
    base = f"scope {scope!r} is not a management group, subscription, resource group or resource id"
    if scope.strip() in ("", "/"):
        return f"{base}: the tenant root is not a scope iaccore assigns at"
    if not scope.startswith("/") or scope.endswith("/") or "//" in scope:
        return f"{base}: it must start with `/` and have no empty segments"
    parts = scope.split("/")[1:]
    if any(not _SEGMENT.match(part) for part in parts):
        return f"{base}: segments cannot contain spaces"
    if parts[0].lower() == "providers":
        if _MANAGEMENT_GROUP.match(scope):
            return None
        return (
            f"{base}: the only tenant-level scope is "
            "/providers/Microsoft.Management/managementGroups/<id>"
        )
    if parts[0].lower() != "subscriptions":
        return f"{base}: it must start with /subscriptions/<id> or /providers/Microsoft.Management"
    if len(parts) < 2 or not _UUID.match(parts[1]):
        return f"{base}: /subscriptions/ must be followed by a subscription id (a UUID)"
    rest = parts[2:]
    if rest and rest[0].lower() == "resourcegroups":
        if len(rest) < 2 or not _RESOURCE_GROUP.match(rest[1]):
            return f"{base}: /resourceGroups/ must be followed by a resource group name"
        rest = rest[2:]
    if rest:
        error = _resource_path_error(rest)
        if error is not None:
            return f"{base}: it {error}"
    return None


def parse_scope(scope: str) -> Scope:
    """``scope`` checked and classified.

    Raises:
        ValueError: not a scope (see [`scope_error`][iaccore.azure.rbac.roles.scope_error]).

    Examples:
        >>> parse_scope("/subscriptions/00000000-0000-0000-0000-000000000001").kind
        'subscription'
    """
    error = scope_error(scope)
    if error is not None:
        raise ValueError(error)
    parts = scope.split("/")[1:]
    if parts[0].lower() == "providers":
        return Scope(scope, "management_group", None)
    kind: ScopeKind = "subscription"
    if len(parts) > 2:
        is_group = parts[2].lower() == "resourcegroups" and len(parts) == 4
        kind = "resource_group" if is_group else "resource"
    return Scope(scope, kind, parts[1])


def privileged_scope_error(role: str, scope: str) -> str | None:
    """Why granting ``role`` at ``scope`` needs ``allow_privileged: true``, or None.

    Privileged roles ([`PRIVILEGED_ROLES`][iaccore.azure.rbac.roles.PRIVILEGED_ROLES]) at a
    subscription or management group reach everything below it, including the right to grant
    access to anyone else (CIS Microsoft Azure Foundations, Azure security benchmark PA-7).

    Examples:
        >>> privileged_scope_error("Owner", "/subscriptions/00000000-0000-0000-0000-000000000001")
        "role 'Owner' at subscription scope grants control of everything in it; assign it at a resource group or resource, or set allow_privileged: true"
        >>> privileged_scope_error("Reader", "/subscriptions/00000000-0000-0000-0000-000000000001")
    """  # noqa: E501
    found = builtin_role(role)
    kind = parse_scope(scope).kind
    if not found.privileged or kind not in ("subscription", "management_group"):
        return None
    where = kind.replace("_", "-")
    return (
        f"role {found.name!r} at {where} scope grants control of everything in it; assign it at "
        "a resource group or resource, or set allow_privileged: true"
    )


def principal_id_error(principal_id: str) -> str | None:
    """Why ``principal_id`` is not an object id (a UUID), or None.

    Examples:
        >>> principal_id_error("alice@example.com")
        "principal_id 'alice@example.com' must be an object id (a UUID), not a name or e-mail"
    """
    if _UUID.match(principal_id):
        return None
    return f"principal_id {principal_id!r} must be an object id (a UUID), not a name or e-mail"


def assignment_name(scope: str, role: str, principal_id: str) -> str:
    """The role assignment's name: a UUID v5 of scope, role and principal (case-insensitive).

    The same three always give the same name, so a re-run updates the assignment instead of
    creating a second one, and two assignments of the same grant collide in Azure (a
    ``RoleAssignmentExists`` error) instead of duplicating silently.

    Examples:
        >>> a = assignment_name("/subscriptions/S/resourceGroups/rg", "Reader", "P")
        >>> a == assignment_name("/subscriptions/s/resourcegroups/RG", "reader", "p")
        True
        >>> uuid.UUID(a).version
        5
    """
    guid = builtin_role(role).guid
    seed = "|".join((scope.strip().rstrip("/").lower(), guid, principal_id.strip().lower()))
    return str(uuid.uuid5(_NAMESPACE, seed))
