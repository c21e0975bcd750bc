"""``iaccore synth --format tfplan``: the AWS resources of a graph as Terraform plan JSON.

The ``aws`` module contributes the format through its ``renderers`` hook (``RENDERERS``), so
scanners that read Terraform plans (``checkov -f plan.json --framework terraform_plan``, trivy)
scan a Pulumi program offline. Importing this package imports no provider SDK; the SDK is read
only when a graph is rendered. What the mapping covers and leaves out: ``docs/reference/tfplan.md``.

Examples:
    >>> sorted(RENDERERS)
    ['tfplan']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from iaccore.aws.tfplan.render import build_plan, render_tfplan
from iaccore.aws.tfplan.types import TERRAFORM_TYPES, terraform_type

if TYPE_CHECKING:
    from iaccore.synth.graph import Graph

__all__ = ["RENDERERS", "TERRAFORM_TYPES", "build_plan", "render_tfplan", "terraform_type"]

#: The ``aws`` module's renderers (its ``renderers`` hook): ``--format`` name to function.
RENDERERS: Mapping[str, Callable[[Graph], str]] = {"tfplan": render_tfplan}
