"""JSON rendering of a graph (shape documented in ``docs/reference/graph-json.md``).

Examples:
    >>> from iaccore.synth.graph import Graph
    >>> print(render_json(Graph([], outputs={"a": 1})), end="")
    {
      "outputs": {
        "a": 1
      },
      "resources": [],
      "version": 1
    }
"""

from __future__ import annotations

import json

from iaccore.synth.graph import Graph

__all__ = ["render_json"]


def render_json(graph: Graph) -> str:
    """``graph.to_dict()`` as indented JSON with sorted keys and a final newline."""
    return json.dumps(graph.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
