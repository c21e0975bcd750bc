"""``${section:key.path}`` references inside config strings, resolved against the merged data.

A string that is exactly one reference takes the referenced value with its type; references
embedded in longer strings are stringified (``true``/``false`` for booleans, empty for null).
``${pulumi:project}`` and ``${pulumi:stack}`` are built in. ``$${`` writes a literal ``${``.
Interpolating a secret makes the result a secret. Unknown references and cycles raise
[`ConfigurationError`][iaccore.ConfigurationError] naming the key that holds the reference.

Examples:
    >>> data = {"project": {"environment": "dev"}, "demo": {"zones": 3,
    ...         "tags": {"env": "${project:environment}", "n": "${demo:zones}", "lit": "$${x}"}}}
    >>> interpolate(data)["demo"]["tags"]
    {'env': 'dev', 'n': 3, 'lit': '${x}'}
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from iaccore.core.config.base import Secret
from iaccore.core.config.layers import Provenance, origin_for
from iaccore.core.config.positions import KeyPath, dotted
from iaccore.core.errors import ConfigurationError

__all__ = ["BUILTIN_SECTION", "REFERENCE", "interpolate"]

#: One reference (group 1: its body) or an escaped ``$${``.
REFERENCE = re.compile(r"\$\$\{|\$\{([^{}]*)\}")
_WHOLE = re.compile(r"\$\{([^{}]*)\}")
#: Section of the built-in references ``${pulumi:project}`` and ``${pulumi:stack}``.
BUILTIN_SECTION = "pulumi"

_MISSING = object()


def _lookup(data: Any, path: KeyPath) -> Any:
    current = data
    for part in path:
        in_mapping = isinstance(current, Mapping) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
        else:
            return _MISSING
    return current


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _paths(value: Any, path: KeyPath) -> Iterator[KeyPath]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield (*path, key)
            yield from _paths(child, (*path, key))


def _as_reference(path: KeyPath) -> str:
    section, *rest = path
    return f"{section}:{dotted(tuple(rest))}" if rest else f"{section}:"


class _Resolver:
    def __init__(
        self,
        data: Mapping[str, Any],
        builtins: Mapping[str, Any],
        provenance: Provenance,
        defaults: Mapping[str, Any],
    ) -> None:
        self.data = data
        self.builtins = builtins
        self.provenance = provenance
        self.defaults = defaults
        self.done: dict[KeyPath, Any] = {}
        self.stack: list[KeyPath] = []

    def error(self, message: str, holder: KeyPath, **extra: Any) -> ConfigurationError:
        origin = origin_for(self.provenance, holder)
        return ConfigurationError(
            message,
            key_path=dotted(holder),
            layer=origin.layer if origin else None,
            file=origin.file if origin else None,
            line=origin.line if origin else None,
            column=origin.column if origin else None,
            **extra,
        )

    def value_at(self, path: KeyPath) -> Any:
        if path in self.done:
            return self.done[path]
        if path in self.stack:
            cycle = [*self.stack[self.stack.index(path) :], path]
            chain = " -> ".join(dotted(p) for p in cycle)
            raise self.error(
                f"interpolation cycle: {chain}",
                cycle[0],
                expected="references that end in a value",
            )
        raw = _lookup(self.data, path)
        self.stack.append(path)
        try:
            result = self.resolve(raw, path)
        finally:
            self.stack.pop()
        self.done[path] = result
        return result

    def resolve(self, value: Any, path: KeyPath) -> Any:
        if isinstance(value, str):
            return self.resolve_string(value, path)
        if isinstance(value, Mapping):
            return {k: self.value_at((*path, k)) for k in value}
        if isinstance(value, list):
            return [self.value_at((*path, i)) for i in range(len(value))]
        return value

    def target(self, body: str, holder: KeyPath) -> Any:
        section, sep, rest = body.partition(":")
        section, rest = section.strip(), rest.strip()
        if not sep or not section or not rest:
            raise self.error(
                f"malformed reference ${{{body}}}",
                holder,
                expected="${section:key.path}, e.g. ${project:environment}",
            )
        if section == BUILTIN_SECTION:
            if rest in self.builtins:
                return self.builtins[rest]
            raise self.unknown(body, holder)
        path: KeyPath = (section,)
        for part in rest.split("."):
            current = _lookup(self.data, path)
            use_index = isinstance(current, list) and part.isdigit()
            path = (*path, int(part) if use_index else part)
        if _lookup(self.data, path) is not _MISSING:
            return self.value_at(path)
        fallback = _lookup(self.defaults, path)
        if fallback is not _MISSING:
            return _copy(fallback)
        raise self.unknown(body, holder)

    def unknown(self, body: str, holder: KeyPath) -> ConfigurationError:
        known = [f"{BUILTIN_SECTION}:{name}" for name in self.builtins]
        known += [_as_reference(p) for p in _paths(self.data, ())]
        known += [_as_reference(p) for p in _paths(self.defaults, ())]
        close = difflib.get_close_matches(body.strip(), sorted(set(known)), n=3, cutoff=0.6)
        hint = "did you mean " + " or ".join(f"'${{{c}}}'" for c in close) + "?" if close else None
        return self.error(
            f"unknown reference ${{{body}}}",
            holder,
            expected="a reference to an existing key, e.g. ${project:environment}",
            hint=hint,
        )

    def resolve_string(self, text: str, path: KeyPath) -> Any:
        if "${" not in text:
            return text
        whole = _WHOLE.fullmatch(text)
        if whole:
            return _copy(self.target(whole.group(1), path))
        pieces: list[str] = []
        secret = False
        position = 0
        for match in REFERENCE.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            if match.group(1) is None:
                pieces.append("${")
                continue
            value = self.target(match.group(1), path)
            if isinstance(value, Secret):
                secret = True
                pieces.append(value.reveal())
            elif isinstance(value, Mapping | list):
                kind = "mapping" if isinstance(value, Mapping) else "list"
                raise self.error(
                    f"${{{match.group(1)}}} is a {kind} and cannot be embedded in a string",
                    path,
                    expected="a scalar reference, or the reference as the whole value",
                )
            elif isinstance(value, bool) or value is None:
                pieces.append(json.dumps(value) if value is not None else "")
            else:
                pieces.append(str(value))
        pieces.append(text[position:])
        joined = "".join(pieces)
        return Secret(joined) if secret else joined


def interpolate(
    data: Mapping[str, Any],
    *,
    builtins: Mapping[str, Any] | None = None,
    provenance: Provenance | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Resolve every reference in ``data`` (a new tree is returned; ``data`` is not changed).

    Args:
        data: Merged config keyed by section.
        builtins: Values of ``${pulumi:<name>}`` (``project``, ``stack``).
        provenance: Origins used to place errors at the key holding the reference.
        defaults: Values looked up when a reference is not in ``data`` (model defaults).
    """
    resolver = _Resolver(data, dict(builtins or {}), provenance or {}, defaults or {})
    return {key: resolver.value_at((key,)) for key in data}
