"""Render a synthesized :class:`~iaccore.synth.graph.Graph` as a tree, JSON, YAML or Markdown.

Every renderer is deterministic: the same graph always gives byte-identical text, so rendered
output diffs cleanly in review. Secrets are already masked in the graph (``[secret]``).

Example:
    >>> import pulumi
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: pulumi.export("x", 1), project="demo")
    >>> print(render_tree(graph))
    demo-dev (pulumi:pulumi:Stack)
    >>> render(graph, "json") == render_json(graph)
    True
"""

from __future__ import annotations

from collections.abc import Callable

from iaccore.synth.graph import Graph
from iaccore.synth.render.document import render_json
from iaccore.synth.render.manifests import is_manifest_resource, manifest, render_yaml
from iaccore.synth.render.markdown import render_markdown
from iaccore.synth.render.tree import build_tree, render_tree

__all__ = [
    "FORMATS",
    "build_tree",
    "is_manifest_resource",
    "manifest",
    "render",
    "render_json",
    "render_markdown",
    "render_tree",
    "render_yaml",
]

#: Renderer for each ``--format`` name.
FORMATS: dict[str, Callable[[Graph], str]] = {
    "tree": render_tree,
    "json": render_json,
    "yaml": render_yaml,
    "md": render_markdown,
}


def render(graph: Graph, fmt: str) -> str:
    """Render ``graph`` in format ``fmt`` (``tree``, ``json``, ``yaml`` or ``md``)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(graph)
