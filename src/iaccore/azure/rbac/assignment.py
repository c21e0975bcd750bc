"""Azure role assignments: ``assign_role`` for components, ``RoleAssignment`` for config.

Every role assignment in the library comes from
[`assign_role`][iaccore.azure.rbac.assignment.assign_role]; other components call it to grant
their identities what they need::

    assign_role(
        factory,                 # the calling component (a ChildFactory), a Resource, or None
        "acr_pull",              # a role of factory.ROLES (or the logical name, without one)
        role="AcrPull",          # a built-in role name, any case
        scope=registry.id,       # str or Output[str]: the ARM id to grant at
        principal_id=kubelet_object_id,   # str or Output[str]: an object id (UUID)
        principal_type="ServicePrincipal",  # required: managed identities are ServicePrincipal
        suffix=("a",),           # optional: more parts of the child name
        description=None, condition=None, condition_version=None,
        allow_privileged=False, key_path=None, depends_on=None,
    ) -> RoleGrant               # .assignment, .name, .role_definition_id, .id

The child is named ``factory.child_name(name, *suffix)`` and gets ``factory.child_opts(name)``
(parent, provider, protect, role options). Its Azure name is a UUID v5 of scope, role and
principal, so a re-run never creates a duplicate. The role definition id is the built-in role's
GUID in the scope's subscription (the tenant-level id for a management group). Plain-string
scopes and principal ids are checked at once (``ConfigurationError``, nothing created);
``Output`` values are checked when they resolve.

Examples:
    >>> def program() -> None:
    ...     RoleAssignment("ci-reader", {
    ...         "role": "Reader",
    ...         "scope": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg",
    ...         "principal_id": "00000000-0000-0000-0000-0000000000aa",
    ...         "principal_type": "ServicePrincipal"})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import pulumi
from pulumi_azure_native import authorization

from iaccore.azure._base import AzureComponent
from iaccore.azure.rbac.config import RoleAssignmentConfig
from iaccore.azure.rbac.roles import (
    PRINCIPAL_TYPES,
    BuiltinRole,
    assignment_name,
    builtin_role,
    parse_scope,
    principal_id_error,
    privileged_scope_error,
    role_definition_id,
    role_error,
    scope_error,
)
from iaccore.core import context
from iaccore.core.children import ChildFactory
from iaccore.core.errors import ConfigurationError

__all__ = ["RoleAssignment", "RoleAssignmentConfig", "RoleGrant", "assign_role"]


@dataclass(frozen=True)
class RoleGrant:
    """What [`assign_role`][iaccore.azure.rbac.assignment.assign_role] created.

    Examples:
        >>> RoleGrant.__dataclass_fields__.keys() >= {"assignment", "role", "name"}
        True
    """

    #: The ``authorization.RoleAssignment`` resource.
    assignment: authorization.RoleAssignment
    #: The built-in role granted.
    role: BuiltinRole
    #: The assignment's Azure name (the UUID v5 of scope, role and principal).
    name: pulumi.Output[str]
    #: ``/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>``.
    role_definition_id: pulumi.Output[str]
    #: The assignment's ARM id.
    id: pulumi.Output[str]


def _checked(value: str, error: str | None) -> str:
    if error is not None:
        raise ValueError(error)
    return value


def _check_now(
    *,
    role: str,
    scope: pulumi.Input[str],
    principal_id: pulumi.Input[str],
    principal_type: str,
    condition: str | None,
    condition_version: str | None,
    allow_privileged: bool,
    key_path: str,
) -> BuiltinRole:
    problem: tuple[str, str, str | None] | None = None
    if role_error(role) is not None:
        problem = ("role", str(role_error(role)), "a built-in role name")
    elif principal_type not in PRINCIPAL_TYPES:
        problem = (
            "principal_type",
            f"principal_type {principal_type!r} is not a principal type",
            "one of " + ", ".join(PRINCIPAL_TYPES),
        )
    elif isinstance(scope, str) and scope_error(scope) is not None:
        problem = ("scope", str(scope_error(scope)), "an ARM id")
    elif isinstance(principal_id, str) and principal_id_error(principal_id) is not None:
        problem = ("principal_id", str(principal_id_error(principal_id)), "a UUID")
    elif condition_version is not None and (condition is None or condition_version != "2.0"):
        problem = ("condition_version", "condition_version must be 2.0, with a condition", "2.0")
    elif isinstance(scope, str) and not allow_privileged:
        error = privileged_scope_error(role, scope)
        if error is not None:
            problem = ("role", error, "a narrower scope, or allow_privileged: true")
    if problem is not None:
        key, message, expected = problem
        raise ConfigurationError(message, key_path=f"{key_path}.{key}", expected=expected)
    return builtin_role(role)


def _definition_id(scope: str, role: str, allow_privileged: bool) -> str:
    _checked(scope, scope_error(scope))
    if not allow_privileged:
        _checked(scope, privileged_scope_error(role, scope))
    return role_definition_id(parse_scope(scope).subscription_id, role)


def assign_role(
    factory: ChildFactory | pulumi.Resource | None,
    name: str,
    *,
    role: str,
    scope: pulumi.Input[str],
    principal_id: pulumi.Input[str],
    principal_type: str,
    suffix: Sequence[str | int] = (),
    description: str | None = None,
    condition: str | None = None,
    condition_version: str | None = None,
    allow_privileged: bool = False,
    key_path: str | None = None,
    depends_on: Sequence[pulumi.Resource] | None = None,
) -> RoleGrant:
    """Grant the built-in ``role`` at ``scope`` to ``principal_id`` (see the module doc).

    Args:
        factory: The calling component (its child names and options are used), a plain Pulumi
            resource to parent the assignment under, or None (a top-level resource).
        name: With a component, a role of its ``ROLES`` (``acr_pull``); else the logical name.
        role: Built-in role name (any case); unknown names are refused with suggestions.
        scope: ARM id to grant at (management group, subscription, resource group, resource).
        principal_id: Object id (UUID) of the principal.
        principal_type: ``User``, ``Group``, ``ServicePrincipal`` (managed identities too),
            ``ForeignGroup``, ``Device``, ``AgentUser`` or ``AgentServicePrincipal``.
        suffix: More parts of the child name (several grants of one role).
        description: Why the principal holds the role.
        condition: ABAC condition; ``condition_version`` defaults to ``2.0`` with one.
        condition_version: ``2.0``.
        allow_privileged: Allow privileged roles at subscription or management-group scope.
        key_path: Key path errors name (default: the factory's name and ``name``).
        depends_on: Extra dependencies of the assignment.

    Raises:
        ConfigurationError: a bad role, principal type, scope or principal id; nothing created.

    Examples:
        >>> def program() -> None:
        ...     assign_role(None, "ci-reader", role="Reader",
        ...                 scope="/subscriptions/00000000-0000-0000-0000-000000000001",
        ...                 principal_id="00000000-0000-0000-0000-0000000000aa",
        ...                 principal_type="ServicePrincipal")
    """
    is_factory = hasattr(factory, "child_opts") and hasattr(factory, "child_name")
    where = key_path or (f"{factory.name}.{name}" if is_factory else name)  # type: ignore[union-attr]
    found = _check_now(
        role=role,
        scope=scope,
        principal_id=principal_id,
        principal_type=principal_type,
        condition=condition,
        condition_version=condition_version,
        allow_privileged=allow_privileged,
        key_path=where,
    )
    if condition is not None and condition_version is None:
        condition_version = "2.0"
    if isinstance(scope, str) and isinstance(principal_id, str):
        guid: pulumi.Input[str] = assignment_name(scope, found.name, principal_id)
    else:
        guid = pulumi.Output.all(scope, principal_id).apply(
            lambda pair: assignment_name(
                _checked(str(pair[0]), scope_error(str(pair[0]))),
                found.name,
                _checked(str(pair[1]), principal_id_error(str(pair[1]))),
            )
        )
    if isinstance(scope, str):
        definition: pulumi.Input[str] = _definition_id(scope, found.name, allow_privileged)
    else:
        pending: pulumi.Input[str] = scope  # not narrowed: from_input takes any Input
        definition = pulumi.Output.from_input(pending).apply(
            lambda value: _definition_id(value, found.name, allow_privileged)
        )
    if is_factory:
        child: Any = factory
        logical = child.child_name(name, *suffix)
        opts = child.child_opts(name, depends_on=depends_on)
    else:
        logical = "-".join([name, *(str(part) for part in suffix)])
        opts = pulumi.ResourceOptions(
            parent=factory,  # type: ignore[arg-type]
            depends_on=list(depends_on) if depends_on else None,
        )
    assignment = authorization.RoleAssignment(
        logical,
        role_assignment_name=guid,
        role_definition_id=definition,
        principal_id=principal_id,
        principal_type=principal_type,
        scope=scope,
        description=description,
        condition=condition,
        condition_version=condition_version,
        opts=opts,
    )
    return RoleGrant(
        assignment=assignment,
        role=found,
        name=assignment.name,
        role_definition_id=pulumi.Output.from_input(definition),
        id=assignment.id,
    )


class RoleAssignment(AzureComponent[RoleAssignmentConfig]):
    """One role assignment from config: a built-in role, a scope, a principal of explicit type.

    Creates no resource group: an assignment lives on its scope.

    Args:
        name: Logical name; the child is ``<name>-role-assignment``.
        config: ``RoleAssignmentConfig`` or a mapping (``stack.azure.role_assignments[name]``).
        opts: Pulumi options (provider, protect ... reach the child).
        tags: Ignored by Azure (role assignments carry no tags); accepted like every component.

    Attributes:
        assignment: The ``authorization.RoleAssignment``.
        grant: The [`RoleGrant`][iaccore.azure.rbac.assignment.RoleGrant].

    Examples:
        >>> def program() -> None:
        ...     import iaccore
        ...     stack = iaccore.load_stack()
        ...     for name, config in stack.azure.role_assignments.items():
        ...         RoleAssignment(name, config)
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:azure:RoleAssignment"
    CONFIG_MODEL: ClassVar[type[RoleAssignmentConfig]] = RoleAssignmentConfig
    CONFIG_KEY: ClassVar[str] = "azure.role_assignments"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = ("role_assignment",)
    LOCATED: ClassVar[bool] = False

    assignment: authorization.RoleAssignment
    grant: RoleGrant

    @classmethod
    def config_key(cls, name: str) -> str:
        """``azure.role_assignments.<name>`` for an entry of that map, else
        ``RoleAssignment(<name>)`` (an assignment built in code names itself in errors)."""
        section = context.current().stack_config.section("azure")
        known: Mapping[str, Any] = getattr(section, "role_assignments", None) or {}
        if name in known:
            return f"{cls.CONFIG_KEY}.{name}"
        return f"RoleAssignment({name})"

    def _create(self) -> None:
        cfg = self.config
        self.grant = assign_role(
            self,
            "role_assignment",
            role=cfg.role,
            scope=cfg.scope,
            principal_id=cfg.principal_id,
            principal_type=cfg.principal_type,
            description=cfg.description,
            condition=cfg.condition,
            condition_version=cfg.condition_version,
            allow_privileged=cfg.allow_privileged,
            key_path=self.key_path,
        )
        self.assignment = self.grant.assignment
        self.register(
            id=self.grant.id,
            name=self.grant.name,
            role_definition_id=self.grant.role_definition_id,
            scope=cfg.scope,
            principal_id=cfg.principal_id,
        )
