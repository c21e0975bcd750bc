"""The child-factory interface helpers build with, and what a parent hands a nested component.

Private helper modules (``_xxx.py`` of a component package) take a
[`ChildFactory`][iaccore.core.children.ChildFactory] and plain values, never the component that
calls them, so they cannot read or write a half-built component. Every
[`BaseComponent`][iaccore.BaseComponent] is a ``ChildFactory``.

Examples:
    >>> from iaccore.core.config.base import ResourceOptionsConfig
    >>> base = ResourceOptionsConfig(ignore_changes=["tags"])
    >>> own = ResourceOptionsConfig(ignore_changes=["description"], protect=True)
    >>> merged = merge_role_options(base, own)
    >>> merged.ignore_changes, merged.protect
    (('tags', 'description'), True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pulumi

from iaccore.core.config.base import ResourceOptionsConfig

if TYPE_CHECKING:
    from iaccore.core.component import BaseComponent

__all__ = ["ChildFactory", "ComponentT", "kebab", "merge_role_options", "retained_opts"]

ComponentT = TypeVar("ComponentT", bound="BaseComponent[Any]")


def kebab(part: str | int) -> str:
    """A child-name part in kebab-case: ``nat_gateway`` becomes ``nat-gateway``.

    Examples:
        >>> kebab("flow_log_group"), kebab(0)
        ('flow-log-group', '0')
    """
    return str(part).replace("_", "-")


def merge_role_options(
    inherited: ResourceOptionsConfig, own: ResourceOptionsConfig
) -> ResourceOptionsConfig:
    """Role options seen by a child: ``own`` over ``inherited``; ``ignore_changes`` combined.

    ``inherited`` comes from the parent component's role that created a nested component;
    ``own`` from the nested component's own ``resource_options``.
    """
    return ResourceOptionsConfig(
        ignore_changes=tuple(dict.fromkeys([*inherited.ignore_changes, *own.ignore_changes])),
        custom_timeouts=own.custom_timeouts or inherited.custom_timeouts,
        protect=own.protect if own.protect is not None else inherited.protect,
        retain_on_delete=own.retain_on_delete
        if own.retain_on_delete is not None
        else inherited.retain_on_delete,
        delete_before_replace=own.delete_before_replace
        if own.delete_before_replace is not None
        else inherited.delete_before_replace,
    )


class ChildFactory(Protocol):
    """What a helper needs to create children on behalf of a component.

    Names, options and tags come from the component, so the caller's tags, ``protect``,
    ``retain_on_delete``, provider and per-role ``resource_options`` reach what the helper creates;
    nested iaccore components are created through
    [`child_component`][iaccore.core.children.ChildFactory.child_component].
    """

    @property
    def name(self) -> str:
        """The component's logical name."""
        ...

    def child_name(self, role: str, *suffix: str | int) -> str:
        """Logical name of a child of ``role``: ``<name>-<role>[-<suffix>...]``, kebab-case."""
        ...

    def child_opts(
        self,
        role: str,
        *,
        depends_on: Sequence[pulumi.Resource] | None = None,
        delete_before_replace: bool | None = None,
        ignore_changes: Sequence[str] | None = None,
        additional_secret_outputs: Sequence[str] | None = None,
        replace_on_changes: Sequence[str] | None = None,
    ) -> pulumi.ResourceOptions:
        """Options of a child of ``role``."""
        ...

    def child_tags(self, role: str, *suffix: str | int, **extra: str) -> dict[str, str]:
        """Tags of a child named ``child_name(role, *suffix)``, with ``extra`` ones."""
        ...

    def child_component(
        self,
        cls: type[ComponentT],
        role: str,
        config: Any = None,
        *suffix: str | int,
        depends_on: Sequence[pulumi.Resource] | None = None,
        tags: Mapping[str, str] | None = None,
        **wiring: Any,
    ) -> ComponentT:
        """A nested iaccore component of ``role`` with this component's tags and options."""
        ...


def retained_opts(
    children: ChildFactory,
    role: str,
    *,
    retain: bool,
    depends_on: Sequence[pulumi.Resource] | None = None,
    ignore_changes: Sequence[str] | None = None,
) -> pulumi.ResourceOptions:
    """``children.child_opts(role, ...)`` with ``retain_on_delete`` defaulting to ``retain``.

    For children that hold data (a provider module passes its section's retention switch): an
    explicit ``retain_on_delete`` of the role's ``resource_options`` or of the component's
    ``opts`` wins.

    Examples:
        >>> # inside a component's _create:
        >>> # Store(self.child_name("store"), opts=retained_opts(self, "store", retain=True))
    """
    opts = children.child_opts(role, depends_on=depends_on, ignore_changes=ignore_changes)
    if opts.retain_on_delete is None:
        opts.retain_on_delete = retain
    return opts
