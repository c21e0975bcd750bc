"""Config layers and their deep merge, keeping where every final value came from.

Merge rules: mappings merge recursively; lists whose items are all mappings sharing a ``name``,
``id`` or ``key`` field merge item-wise by that field (a duplicate within one layer's list is an
error); any other value (scalars, other lists) from a higher layer replaces the lower one.

Examples:
    >>> low = Layer("org", {"demo": {"tags": {"a": "1"}, "subnets": [{"name": "x", "size": 1}]}})
    >>> high = Layer("stack", {"demo": {"tags": {"b": "2"}, "subnets": [{"name": "x", "size": 2}]}},
    ...              file="Pulumi.dev.yaml", positions={("demo", "tags", "b"): (4, 7)})
    >>> merged = merge_layers([low, high])
    >>> merged.data["demo"]["tags"], merged.data["demo"]["subnets"]
    ({'a': '1', 'b': '2'}, [{'name': 'x', 'size': 2}])
    >>> merged.provenance[("demo", "tags", "b")].location
    'Pulumi.dev.yaml:4:7'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from iaccore.core.config.positions import KeyPath, Position, dotted
from iaccore.core.errors import ConfigurationError

__all__ = [
    "LAYER_NAMES",
    "LIST_MERGE_KEYS",
    "Layer",
    "LayerName",
    "Merged",
    "Origin",
    "Provenance",
    "list_merge_key",
    "merge_layers",
    "origin_for",
]

LayerName = Literal["defaults", "org", "project", "stack", "environment", "code"]
#: Layer names, lowest precedence first.
LAYER_NAMES: tuple[LayerName, ...] = ("defaults", "org", "project", "stack", "environment", "code")
#: Fields that identify items of a list of mappings, tried in this order.
LIST_MERGE_KEYS: tuple[str, ...] = ("name", "id", "key")


@dataclass(frozen=True)
class Origin:
    """Where a value came from: layer, file and 1-based position, or an environment variable.

    Examples:
        >>> Origin("stack", "Pulumi.dev.yaml", 3, 5).location
        'Pulumi.dev.yaml:3:5'
    """

    layer: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    source: str | None = None

    @property
    def location(self) -> str | None:
        """``file:line:column`` as far as known."""
        if self.file is None:
            return None
        parts = [self.file] + [str(p) for p in (self.line, self.column) if p is not None]
        return ":".join(parts)


#: Key path -> origin of the value there (leaves and containers).
Provenance = dict[KeyPath, Origin]


@dataclass(frozen=True)
class Layer:
    """One source of config values, with the positions of its keys.

    ``data`` is keyed by section (``project``, ``demo`` ...); ``positions`` and ``secret_paths``
    use key paths from that root. ``source`` names an environment variable per key path for the
    environment layer.

    Examples:
        >>> Layer("project", {"project": {"owner": "me"}}, file="iaccore.yaml").name
        'project'
    """

    name: LayerName
    data: Mapping[str, Any]
    file: str | None = None
    positions: Mapping[KeyPath, Position] = field(default_factory=dict)
    secret_paths: frozenset[KeyPath] = frozenset()
    sources: Mapping[KeyPath, str] = field(default_factory=dict)

    def origin(self, path: KeyPath) -> Origin:
        """Origin of ``path`` in this layer (position of the nearest positioned ancestor)."""
        probe = path
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, column = self.positions.get(probe, (None, None)) if probe else (None, None)
        source = None
        for depth in range(len(path), 0, -1):
            source = self.sources.get(path[:depth])
            if source:
                break
        return Origin(self.name, self.file, line, column, source)


@dataclass(frozen=True)
class Merged:
    """Result of ``merge_layers``: plain data and the origin of every key path.

    Examples:
        >>> merge_layers([Layer("org", {"a": {"b": 1}})]).provenance[("a", "b")].layer
        'org'
    """

    data: dict[str, Any]
    provenance: Provenance


def origin_for(provenance: Mapping[KeyPath, Origin], path: KeyPath) -> Origin | None:
    """Origin of ``path`` or of its nearest ancestor present in ``provenance``."""
    probe = path
    while True:
        if probe in provenance:
            return provenance[probe]
        if not probe:
            return None
        probe = probe[:-1]


def list_merge_key(items: Sequence[Any]) -> str | None:
    """The identifying field shared by every item of a non-empty list of mappings, or None."""
    if not items or not all(isinstance(item, Mapping) for item in items):
        return None
    for key in LIST_MERGE_KEYS:
        if all(key in item and _hashable(item[key]) for item in items):
            return key
    return None


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


class _Node:
    """A value with its origin; containers hold child nodes."""

    __slots__ = ("origin", "value")

    def __init__(self, value: Any, origin: Origin) -> None:
        self.value = value
        self.origin = origin


def _annotate(value: Any, layer: Layer, path: KeyPath) -> _Node:
    origin = layer.origin(path)
    if isinstance(value, Mapping):
        return _Node(
            {str(k): _annotate(v, layer, (*path, str(k))) for k, v in value.items()}, origin
        )
    if isinstance(value, list | tuple):
        key = list_merge_key(value)
        if key is not None:
            seen: dict[Any, int] = {}
            for index, item in enumerate(value):
                ident = item[key]
                if ident in seen:
                    where = layer.origin((*path, index))
                    raise ConfigurationError(
                        f"duplicate list entry with {key}={ident!r} (first at index {seen[ident]})",
                        key_path=dotted((*path, index)),
                        layer=layer.name,
                        file=where.file,
                        line=where.line,
                        column=where.column,
                        expected=f"each `{key}` once per list",
                    )
                seen[ident] = index
        return _Node([_annotate(v, layer, (*path, i)) for i, v in enumerate(value)], origin)
    return _Node(value, origin)


def _plain(node: _Node) -> Any:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def _node_list_key(node: _Node) -> str | None:
    if not isinstance(node.value, list):
        return None
    return list_merge_key([_plain(item) for item in node.value])


def _merge(base: _Node | None, over: _Node) -> _Node:
    if base is None:
        return over
    if isinstance(base.value, dict) and isinstance(over.value, dict):
        result = dict(base.value)
        for key, child in over.value.items():
            result[key] = _merge(result.get(key), child)
        return _Node(result, over.origin)
    key = _node_list_key(over)
    if key is not None and _node_list_key(base) == key:
        items: list[_Node] = list(base.value)
        index = {_plain(item)[key]: i for i, item in enumerate(items)}
        for item in over.value:
            ident = _plain(item)[key]
            if ident in index:
                items[index[ident]] = _merge(items[index[ident]], item)
            else:
                index[ident] = len(items)
                items.append(item)
        return _Node(items, over.origin)
    return over


def _flatten(node: _Node, path: KeyPath, provenance: Provenance) -> Any:
    provenance[path] = node.origin
    if isinstance(node.value, dict):
        return {k: _flatten(v, (*path, k), provenance) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_flatten(v, (*path, i), provenance) for i, v in enumerate(node.value)]
    return node.value


def merge_layers(layers: Sequence[Layer]) -> Merged:
    """Deep-merge ``layers`` (lowest first) and record each key path's origin."""
    merged: _Node | None = None
    for layer in layers:
        node = _annotate(layer.data, layer, ())
        merged = _merge(merged, node)
    provenance: Provenance = {}
    if merged is None:
        return Merged({}, provenance)
    data = _flatten(merged, (), provenance)
    provenance.pop((), None)
    return Merged(data if isinstance(data, dict) else {}, provenance)
