"""Validate config data against a model, turning pydantic errors into one ConfigurationError.

Every problem names the dotted key path, the layer, the file position (from provenance), what
was expected and, for unknown keys, the closest field name. Inputs of secret fields are never
shown; other inputs only when short.

Examples:
    >>> from iaccore.core.config.base import IaccoreModel
    >>> class Network(IaccoreModel):
    ...     cidr: str = "10.0.0.0/16"
    ...     size: int = 3
    >>> try:
    ...     validate_model(Network, {"sise": 2}, key_path="demo")
    ... except ConfigurationError as err:
    ...     print(err.problems[0])
    demo.sise: unknown key `sise` (expected one of: cidr, size); did you mean 'size'? [layer: code]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from iaccore.core.config.base import Secret
from iaccore.core.config.layers import Origin, origin_for
from iaccore.core.config.positions import KeyPath, dotted
from iaccore.core.config.secrets import is_credential_key
from iaccore.core.config.typewalk import classify, field_names, is_section, types_at
from iaccore.core.errors import ConfigurationError

__all__ = ["MAX_SHOWN_INPUT", "check_null_sections", "validate_model"]

ModelT = TypeVar("ModelT", bound=BaseModel)

#: Longest ``repr`` of an input value shown in a message.
MAX_SHOWN_INPUT = 40

_EXPECTED: dict[str, str] = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "a boolean (true or false)",
    "bool_parsing": "a boolean (true or false)",
    "string_type": "a string",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "missing": "a value (this key is required)",
    "greater_than": "a number greater than {gt}",
    "greater_than_equal": "a number greater than or equal to {ge}",
    "less_than": "a number less than {lt}",
    "less_than_equal": "a number less than or equal to {le}",
    "string_too_short": "at least {min_length} characters",
    "string_too_long": "at most {max_length} characters",
    "too_short": "at least {min_length} items",
    "too_long": "at most {max_length} items",
    "string_pattern_mismatch": "a string matching {pattern}",
    "literal_error": "one of {expected}",
    "enum": "one of {expected}",
}


def _data_path(data: Any, loc: tuple[int | str, ...], missing: bool) -> KeyPath:
    """Map a pydantic ``loc`` onto keys that exist in ``data`` (drops union tags)."""
    path: list[str | int] = []
    current: Any = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, Mapping) and isinstance(part, str) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list | tuple) and isinstance(part, int):
            current = current[part] if 0 <= part < len(current) else None
            path.append(part)
        elif last and missing:
            path.append(part)
    return tuple(path)


# "key.path: message"; map keys (cluster names ...) may hold `-`
_FIELD_PREFIX = re.compile(r"^(?P<keys>[A-Za-z_]\w*(?:\.[A-Za-z0-9_][\w-]*)*): (?P<rest>.+)$", re.S)


def _located(model_cls: type[BaseModel], path: KeyPath, message: str) -> tuple[KeyPath, str]:
    """Move a cross-field validator's ``"<key>: ..."`` message prefix into the key path.

    Model validators see several fields at once and name the one at fault first
    (``"cidr: 10.0.0.0/26 is too small"``); the error then points at that key and its line.
    """
    text = message.removeprefix("Value error, ")
    match = _FIELD_PREFIX.match(text)
    if match is None:
        return path, message
    keys = tuple(match.group("keys").split("."))
    if keys[0] not in field_names(model_cls, path):
        return path, message
    return (*path, *keys), match.group("rest")


def _shown_input(value: Any, secret: bool) -> str | None:
    if secret or isinstance(value, Secret):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        text = repr(value)
        return text if len(text) <= MAX_SHOWN_INPUT else None
    return None


def _problem(
    model_cls: type[BaseModel],
    data: Any,
    error: Any,
    *,
    key_path: str,
    provenance: Mapping[KeyPath, Origin],
    layer: str,
) -> ConfigurationError:
    kind = str(error["type"])
    path = _data_path(data, tuple(error["loc"]), missing=kind == "missing")
    secret = classify(model_cls, path) == "secret" or bool(
        path and isinstance(path[-1], str) and is_credential_key(path[-1])
    )
    ctx = error.get("ctx") or {}
    expected_template = _EXPECTED.get(kind)
    expected: str | None = None
    if expected_template:
        try:
            expected = expected_template.format(**ctx)
        except (KeyError, IndexError):
            expected = None
    hint: str | None = None
    key = path[-1] if path else None
    if kind == "extra_forbidden":
        names = field_names(model_cls, path[:-1])
        message = f"unknown key `{key}`"
        expected = "one of: " + ", ".join(names) if names else "no further keys here"
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else None
    elif kind == "missing":
        message = "required key is missing"
    elif secret:
        message = "invalid secret value"
    else:
        message = str(error["msg"])
        if kind == "value_error":
            path, message = _located(model_cls, path, message)
        shown = _shown_input(error.get("input"), secret)
        if shown is not None:
            message += f", got {shown}"
    origin = origin_for(provenance, path)
    if origin is not None and origin.source:
        hint = f"set by environment variable {origin.source}" + (f"; {hint}" if hint else "")
    full = ".".join(part for part in (key_path, dotted(path)) if part)
    return ConfigurationError(
        message,
        key_path=full or None,
        layer=origin.layer if origin else layer,
        file=origin.file if origin else None,
        line=origin.line if origin else None,
        column=origin.column if origin else None,
        expected=expected,
        hint=hint,
    )


def validate_model(
    model_cls: type[ModelT],
    data: Any,
    *,
    key_path: str = "",
    provenance: Mapping[KeyPath, Origin] | None = None,
    layer: str = "code",
) -> ModelT:
    """Validate ``data`` as ``model_cls``; raise one ``ConfigurationError`` on failure.

    Args:
        model_cls: The pydantic model to build.
        data: A mapping (or an instance of ``model_cls``, returned as is).
        key_path: Dotted prefix of every reported key path, e.g. ``demo.network``.
        provenance: Origins of the keys of ``data`` (paths relative to ``data``).
        layer: Layer reported when provenance does not know a key (``code`` for dicts in code).

    The message shows the first problem; ``.problems`` holds all of them.
    """
    if isinstance(data, model_cls):
        return data
    try:
        return model_cls.model_validate(data)
    except ValidationError as err:
        problems = [
            _problem(
                model_cls,
                data,
                error,
                key_path=key_path,
                provenance=provenance or {},
                layer=layer,
            )
            for error in err.errors(include_url=False)
        ]
    first = problems[0]
    message = first.message
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    raise ConfigurationError(
        message,
        key_path=first.key_path,
        layer=first.layer,
        file=first.file,
        line=first.line,
        column=first.column,
        expected=first.expected,
        hint=first.hint,
        problems=problems,
    )


def check_null_sections(
    data: Any, model_cls: type[BaseModel], provenance: Mapping[KeyPath, Origin] | None = None
) -> None:
    """Raise for an explicit ``null`` where the model expects a section (a nested model).

    ``vpc:`` with nothing after it, or ``IACCORE_DEMO__VPC=null``, reads as null; taking it for
    "use the defaults" or "none" would hide a mistake, so it is refused: to leave a section
    unset, leave the key out.

    Examples:
        >>> from iaccore.core.config.base import IaccoreModel
        >>> class Vpc(IaccoreModel):
        ...     cidr: str = "10.0.0.0/16"
        >>> class Demo(IaccoreModel):
        ...     vpc: Vpc | None = None
        >>> _ = Demo.model_rebuild()
        >>> check_null_sections({"vpc": None}, Demo)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: vpc: `vpc` is null (an empty section) ...
    """
    stack: list[tuple[Any, KeyPath]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if value is None and path and any(is_section(tp) for tp in types_at(model_cls, path)):
            origin = origin_for(provenance or {}, path)
            name = dotted(path)
            raise ConfigurationError(
                f"`{name}` is null (an empty section)",
                key_path=name,
                layer=origin.layer if origin else "code",
                file=origin.file if origin else None,
                line=origin.line if origin else None,
                column=origin.column if origin else None,
                expected="a mapping; leave the key out to leave the section unset",
                hint=f"set by environment variable {origin.source}"
                if origin is not None and origin.source
                else None,
            )
        if isinstance(value, Mapping):
            stack.extend((child, (*path, str(key))) for key, child in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((child, (*path, index)) for index, child in enumerate(value))
