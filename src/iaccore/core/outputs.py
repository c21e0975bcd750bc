"""Stack outputs iaccore adds to a program: metadata (versions, git, compliance).

Examples:
    >>> callable(export_metadata)
    True
"""

from __future__ import annotations

from typing import Any

import pulumi

from iaccore.core import context

__all__ = ["export_metadata"]


def export_metadata(name: str = "iaccore") -> dict[str, Any]:
    """Export the program's metadata as the stack output ``name`` and return it.

    The output holds the iaccore version, project, environment, owner, stack, git commit and
    compliance scope, so every deployment records what produced it.
    """
    data = context.current().metadata.as_outputs()
    pulumi.export(name, data)
    return data
