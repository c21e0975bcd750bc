"""Tree rendering: resources under their parents, as a rich ``Tree``.

Each node reads ``name (type)``; custom resources add ``id=<id>`` and, when they use an explicit
provider, ``provider=<provider name>``. Providers are nodes like any other resource. Resources
whose parent is not in the graph hang under the root.

Examples:
    >>> from iaccore.synth.graph import Graph, Resource
    >>> stack = Resource(urn="urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
    ...                  type="pulumi:pulumi:Stack", name="p-dev", parent=None, custom=False)
    >>> bucket = Resource(urn="urn:pulumi:dev::p::demo:storage/bucket:Bucket::logs",
    ...                   type="demo:storage/bucket:Bucket", name="logs", parent=stack.urn,
    ...                   custom=True, id="logs-1")
    >>> print(render_tree(Graph([stack, bucket], outputs={})))
    p-dev (pulumi:pulumi:Stack)
    └── logs (demo:storage/bucket:Bucket) id=logs-1
"""

from __future__ import annotations

import contextlib
import io

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from iaccore.core.errors import IaccoreError
from iaccore.synth.graph import Graph, Resource

__all__ = ["build_tree", "label", "render_tree"]

_WIDTH = 10_000


def label(resource: Resource, graph: Graph | None = None, *, style: bool = False) -> Text:
    """The text of one tree node."""
    text = Text()
    text.append(resource.name, style="bold" if style else "")
    text.append(f" ({resource.type})", style="cyan" if style else "")
    if resource.custom and resource.id:
        text.append(f" id={resource.id}", style="dim" if style else "")
    provider = resource.provider_urn
    if resource.custom and provider:
        name = provider.rsplit("::", 1)[-1]
        if graph is not None:
            with contextlib.suppress(IaccoreError):  # not in the graph: keep the URN's name
                name = graph.get(provider).name
        text.append(f" provider={name}", style="magenta" if style else "")
    return text


def build_tree(graph: Graph, *, style: bool = False) -> Tree:
    """A rich ``Tree`` of ``graph`` (``style`` adds colours for a terminal)."""
    by_parent: dict[str | None, list[Resource]] = {}
    known = {res.urn for res in graph}
    stack = graph.stack
    for res in graph:
        if res is stack:
            continue
        parent = res.parent if res.parent in known else (stack.urn if stack else None)
        by_parent.setdefault(parent, []).append(res)
    root_label = label(stack, graph, style=style) if stack else Text("(no stack)")
    tree = Tree(root_label, guide_style="dim" if style else "")

    def add(node: Tree, parent_urn: str | None) -> None:
        for child in sorted(by_parent.get(parent_urn, []), key=_order):
            add(node.add(label(child, graph, style=style)), child.urn)

    add(tree, stack.urn if stack else None)
    return tree


def _order(resource: Resource) -> tuple[int, str, str, str]:
    """Providers first, then components, then custom resources; by type and name within."""
    rank = 0 if resource.is_provider else (1 if not resource.custom else 2)
    return (rank, resource.type, resource.name, resource.urn)


def render_tree(graph: Graph) -> str:
    """The tree of ``graph`` as plain text (no colour, no trailing spaces, final newline off)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=_WIDTH,
        color_system=None,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=True,
    )
    console.print(build_tree(graph))
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(lines)
