"""Markdown summary of a graph: totals, counts by type, provider package and component, outputs.

Examples:
    >>> from iaccore.synth.graph import Graph
    >>> print(render_markdown(Graph([], outputs={"env": "dev"})).splitlines()[0])
    # Synthesis summary
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from iaccore.synth.graph import STACK_TYPE, Graph, Resource

__all__ = ["render_markdown", "top_level_components"]


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, str], rows: list[tuple[str, Any]]) -> list[str]:
    lines = [f"| {header[0]} | {header[1]} |", "| --- | ---: |"]
    lines.extend(f"| {_cell(a)} | {_cell(b)} |" for a, b in rows)
    return lines


def top_level_components(graph: Graph) -> list[Resource]:
    """Components with no component among their ancestors."""
    return [
        res
        for res in graph
        if res.is_component and not any(a.is_component for a in graph.ancestors(res))
    ]


def render_markdown(graph: Graph) -> str:
    """A Markdown report of ``graph`` (deterministic, ends with a newline)."""
    custom = graph.custom_resources()
    providers = [r for r in graph if r.is_provider]
    components = [r for r in graph if r.is_component]
    stack = graph.stack
    title = f" of `{stack.name}`" if stack else ""
    lines = [
        "# Synthesis summary",
        "",
        f"{len(custom)} resources{title}: {len(components)} components, "
        f"{len(providers)} explicit providers.",
        "",
        "## Resources by type",
        "",
    ]
    by_type = [(f"`{t}`", n) for t, n in graph.counts_by_type().items() if t != STACK_TYPE]
    lines += _table(("Type", "Count"), by_type) if by_type else ["None."]
    lines += ["", "## Resources by provider package", ""]
    packages = Counter(r.package for r in custom)
    rows = [(f"`{p}`", n) for p, n in sorted(packages.items())]
    lines += _table(("Package", "Resources"), rows) if rows else ["None."]
    lines += ["", "## Resources by top-level component", ""]
    rows = [
        (
            f"{c.name} (`{c.type}`)",
            sum(1 for d in graph.descendants(c) if d.custom and not d.is_provider),
        )
        for c in top_level_components(graph)
    ]
    in_components = sum(n for _, n in rows)
    rows.append(("(outside components)", len(custom) - in_components))
    lines += _table(("Component", "Resources"), rows)
    lines += ["", "## Stack outputs", ""]
    if graph.outputs:
        lines += ["| Output | Value |", "| --- | --- |"]
        lines += [f"| `{_cell(k)}` | {_cell(v)} |" for k, v in graph.outputs.items()]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
