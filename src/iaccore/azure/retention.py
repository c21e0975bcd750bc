"""Data that outlives a mistake: storage accounts and Log Analytics workspaces, with the resource
groups that hold them, are retained on delete by default.

As on AWS (``iaccore.aws.retention``), the children that hold data get Pulumi's
``retain_on_delete``: a ``pulumi destroy``, a removed component or a replacement leaves the Azure
resource in place and only forgets it. On Azure the resource group matters as much: deleting a
group deletes everything in it, so a component that holds data retains the group it created too
(the other children in it are still deleted one by one). The first setting that is set wins:

1. the role's ``resource_options.<role>.retain_on_delete``;
2. ``retain_on_delete`` of the component's ``opts``;
3. the section switch ``iaccore:azure.retain_data_on_delete`` (default ``true``; set ``false``
   for throw-away stacks).

A retained storage account keeps its name, so re-creating the stack after a destroy fails until
the old account is imported (``pulumi import``) or deleted by hand.

Examples:
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: None, config={"iaccore:azure": {"retain_data_on_delete": False}})
    >>> RETAIN_DATA_ON_DELETE
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from iaccore.core import context
from iaccore.core.children import ChildFactory, retained_opts

__all__ = ["RETAIN_DATA_ON_DELETE", "data_opts", "retain_data_on_delete"]

#: Default of ``iaccore:azure.retain_data_on_delete``.
RETAIN_DATA_ON_DELETE = True


def retain_data_on_delete() -> bool:
    """The ``iaccore:azure.retain_data_on_delete`` switch of the running program (default True).

    Examples:
        >>> from iaccore.synth import synth
        >>> seen = []
        >>> _ = synth(lambda: seen.append(retain_data_on_delete()))
        >>> seen
        [True]
    """
    section = context.current().stack_config.section("azure")
    return bool(getattr(section, "retain_data_on_delete", RETAIN_DATA_ON_DELETE))


def data_opts(
    children: ChildFactory,
    role: str,
    *,
    depends_on: Sequence[pulumi.Resource] | None = None,
    ignore_changes: Sequence[str] | None = None,
) -> pulumi.ResourceOptions:
    """``children.child_opts(role, ...)`` with ``retain_on_delete`` defaulting to the switch.

    Examples:
        >>> # storage.StorageAccount(self.child_name("account"), opts=data_opts(self, "account"))
    """
    return retained_opts(
        children,
        role,
        retain=retain_data_on_delete(),
        depends_on=depends_on,
        ignore_changes=ignore_changes,
    )
