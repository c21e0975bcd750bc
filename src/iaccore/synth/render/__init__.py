"""Render a synthesized [`Graph`][iaccore.synth.Graph] as a tree, JSON, Markdown and more.

The built-in formats are ``tree``, ``json`` and ``md``; provider modules add theirs through their
``renderers`` hook (a mapping of format name to function, loaded lazily), so ``formats``
lists what the installed modules offer. Every renderer is deterministic: the same graph always
gives byte-identical text, so rendered output diffs cleanly in review. Secrets are already
masked in the graph (``[secret]``).

Examples:
    >>> import pulumi
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: pulumi.export("x", 1), project="demo")
    >>> print(render_tree(graph))
    demo-dev (pulumi:pulumi:Stack)
    >>> render(graph, "json") == render_json(graph)
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType

from iaccore.synth.graph import Graph
from iaccore.synth.render.document import render_json
from iaccore.synth.render.markdown import render_markdown
from iaccore.synth.render.tree import build_tree, render_tree

__all__ = [
    "FORMATS",
    "Renderer",
    "build_tree",
    "formats",
    "render",
    "render_json",
    "render_markdown",
    "render_tree",
]

#: Renders a graph as text.
Renderer = Callable[[Graph], str]

#: The built-in renderer of each ``--format`` name.
FORMATS: Mapping[str, Renderer] = {
    "tree": render_tree,
    "json": render_json,
    "md": render_markdown,
}


@functools.cache
def formats() -> Mapping[str, Renderer]:
    """Every renderer by format name: the built-in ones, then the provider modules' ones.

    A module cannot replace a built-in format; when two modules offer the same name, the module
    whose name sorts first wins.

    Raises:
        TypeError: A module's ``renderers`` hook is not a mapping of names to functions.
    """
    from iaccore.core.modules import discover_modules, load_object

    found: dict[str, Renderer] = dict(FORMATS)
    for spec in discover_modules().values():
        if spec.renderers is None:
            continue
        contributed = load_object(spec.renderers)
        if not isinstance(contributed, Mapping) or not all(
            isinstance(name, str) and callable(function) for name, function in contributed.items()
        ):
            raise TypeError(
                f"{spec.renderers} (the renderers of the {spec.name!r} module) is not a mapping "
                "of format names to functions"
            )
        for name, function in contributed.items():
            found.setdefault(name, function)
    return MappingProxyType(found)


def render(graph: Graph, fmt: str) -> str:
    """Render ``graph`` in format ``fmt`` (one of ``formats``).

    Raises:
        ValueError: No renderer is called ``fmt`` (the message lists the known formats).
    """
    known = formats()
    try:
        renderer = known[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(known)}") from None
    return renderer(graph)
