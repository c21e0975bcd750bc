"""Config overrides of a synthesis (``synth(config=...)``) applied over the stack file.

An override of an ``iaccore:`` key whose value is a mapping is merged into the stack file's
value key by key, like any higher config layer (``iaccore.core.config.layers.merge_layers``:
mappings recursively, lists of named items by ``name``/``id``/``key``, anything else replaced).
Any other override (another namespace, a string, a list) replaces the stack file's value, as
``pulumi config set`` does.

Examples:
    >>> flat = {"iaccore:demo": '{"region": "eu-west-1", "tags": {"a": "1"}}'}
    >>> merged = apply_overrides(flat, {"iaccore:demo": {"tags": {"b": "2"}}})
    >>> merged["iaccore:demo"]
    '{"region": "eu-west-1", "tags": {"a": "1", "b": "2"}}'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iaccore.core.config.layers import Layer, merge_layers

__all__ = ["MERGED_NAMESPACE", "apply_overrides"]

#: Namespace whose mapping values merge key by key; other namespaces are replaced whole.
MERGED_NAMESPACE = "iaccore"


def _encode(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _decoded_mapping(text: str | None) -> dict[str, Any] | None:
    if text is None or not text.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def apply_overrides(flat: Mapping[str, str], overrides: Mapping[str, Any] | None) -> dict[str, str]:
    """``flat`` (``namespace:key`` to text, as from the stack file) with ``overrides`` applied.

    Raises:
        ConfigurationError: a list in an override names one item twice (the layer merge's rule).

    Examples:
        >>> apply_overrides({"cloud:region": "west"}, {"cloud:region": "east"})
        {'cloud:region': 'east'}
    """
    result = dict(flat)
    for key, value in (overrides or {}).items():
        base = _decoded_mapping(result.get(key))
        namespace = key.partition(":")[0]
        if namespace == MERGED_NAMESPACE and isinstance(value, Mapping) and base is not None:
            merged = merge_layers([Layer("stack", {key: base}), Layer("code", {key: value})])
            result[key] = _encode(merged.data[key])
        else:
            result[key] = _encode(value)
    return result
