"""Walk pydantic model annotations along a key path: which type a config key must hold.

Used to tell secret fields from plain ones (credential and secret-placement checks), to match
environment-override names to field names and to list field names for "did you mean" hints.

Examples:
    >>> from iaccore.core.config.base import IaccoreModel, Secret
    >>> class Db(IaccoreModel):
    ...     password: Secret | None = None
    ...     port: int = 5432
    >>> classify(Db, ("password",)), classify(Db, ("port",)), classify(Db, ("nope",))
    ('secret', 'plain', 'unknown')
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from iaccore.core.config.base import Secret
from iaccore.core.config.positions import KeyPath

__all__ = [
    "classify",
    "expects_string",
    "field_names",
    "is_section",
    "match_key",
    "normalize_key",
    "types_at",
]

_SEQUENCES = (list, tuple, set, frozenset, Sequence)
_MAPPINGS = (dict, Mapping)


def normalize_key(key: str) -> str:
    """Lower-case a key and treat ``-`` like ``_`` (for case-insensitive matching)."""
    return key.lower().replace("-", "_")


def _members(tp: Any) -> list[Any]:
    """Expand ``Annotated`` and unions into their member types."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _members(get_args(tp)[0])
    if origin is Union or origin is types.UnionType:
        found: list[Any] = []
        for arg in get_args(tp):
            found.extend(_members(arg))
        return found
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_fields(model: type[BaseModel]) -> dict[str, Any]:
    """Config key (alias or name) -> annotation."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        fields[name] = info.annotation
        if info.alias:
            fields[info.alias] = info.annotation
    return fields


def _step(tp: Any, segment: str | int) -> list[Any]:
    found: list[Any] = []
    for member in _members(tp):
        origin = get_origin(member)
        args = get_args(member)
        if _is_model(member) and isinstance(segment, str):
            fields = _model_fields(member)
            if segment in fields:
                found.append(fields[segment])
        elif origin in _MAPPINGS and isinstance(segment, str):
            found.append(args[1] if len(args) == 2 else Any)
        elif origin in _SEQUENCES and isinstance(segment, int):
            if origin is tuple and args and args[-1] is not Ellipsis:
                if 0 <= segment < len(args):
                    found.append(args[segment])
            else:
                found.append(args[0] if args else Any)
        elif member is Any:
            found.append(Any)
    return found


def is_section(tp: Any) -> bool:
    """Whether a config key of type ``tp`` holds a section: a model, optional or not.

    Examples:
        >>> from iaccore.core.config.base import IaccoreModel
        >>> class Vpc(IaccoreModel):
        ...     cidr: str = "10.0.0.0/16"
        >>> is_section(Vpc | None), is_section(str | None)
        (True, False)
    """
    return any(_is_model(member) for member in _members(tp))


def types_at(root: Any, path: KeyPath) -> list[Any]:
    """Possible annotations of the value at ``path`` under type ``root`` (empty: no such key)."""
    current: list[Any] = [root]
    for segment in path:
        current = [nxt for tp in current for nxt in _step(tp, segment)]
        if not current:
            return []
    return current


def _is_secret_type(tp: Any) -> bool:
    return any(member is Secret for member in _members(tp))


def classify(root: Any, path: KeyPath) -> Literal["secret", "plain", "unknown"]:
    """``secret`` when the key is typed [`Secret`][iaccore.Secret], ``plain`` when typed otherwise,
    ``unknown`` when the key is not declared (or typed ``Any``)."""
    found = types_at(root, path)
    if not found:
        return "unknown"
    if any(_is_secret_type(tp) for tp in found):
        return "secret"
    if any(member is Any for tp in found for member in _members(tp)):
        return "unknown"
    return "plain"


def field_names(root: Any, path: KeyPath) -> list[str]:
    """Names of the fields of the model(s) at ``path`` (empty when it is not a model)."""
    names: set[str] = set()
    for tp in types_at(root, path):
        for member in _members(tp):
            if _is_model(member):
                names.update(_model_fields(member))
    return sorted(names)


def match_key(root: Any, path: KeyPath, segment: str, existing: Any = None) -> str | int | None:
    """Match an environment-variable segment to a key at ``path``, case-insensitively.

    Model fields match by name or alias; free mapping keys match an ``existing`` key (a mapping
    already in the merged data) or become the lower-cased segment; list positions take a decimal
    index. Returns None when nothing at ``path`` accepts the segment.
    """
    wanted = normalize_key(segment)
    for tp in types_at(root, path):
        for member in _members(tp):
            origin = get_origin(member)
            if _is_model(member):
                for key in _model_fields(member):
                    if normalize_key(key) == wanted:
                        return key
            elif origin in _MAPPINGS or member is Any:
                if isinstance(existing, Mapping):
                    for key in existing:
                        if isinstance(key, str) and normalize_key(key) == wanted:
                            return key
                return segment.lower()
            elif origin in _SEQUENCES and segment.isdigit():
                return int(segment)
    return None


def expects_string(root: Any, path: KeyPath) -> bool:
    """Whether the key at ``path`` takes only strings (``str``, string literals, optional)."""
    found = [m for tp in types_at(root, path) for m in _members(tp) if m is not type(None)]
    if not found:
        return False
    for member in found:
        if get_origin(member) is Literal:
            if not all(isinstance(arg, str) for arg in get_args(member)):
                return False
        elif member is not str:
            return False
    return True
