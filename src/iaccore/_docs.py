"""Documentation helpers: Markdown config tables generated from the pydantic models.

The component pages in docs/ embed these tables, and a test regenerates them and compares, so
a field added to a model without updating its page fails the build.

Example:
    >>> from iaccore.core.config.models import LoggingConfig
    >>> print(config_table(LoggingConfig).splitlines()[0])
    | Key | Type | Default | Description |
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

__all__ = ["config_table", "type_name"]


def type_name(annotation: Any) -> str:
    """A short, readable name for a field annotation (``list[str]``, ``"a" | "b"``)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(json.dumps(arg) for arg in args)
    if origin in (typing.Union, types.UnionType):
        return " \\| ".join(type_name(arg) for arg in args)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is not None:
        base = getattr(origin, "__name__", str(origin))
        inner = ", ".join("..." if arg is Ellipsis else type_name(arg) for arg in args)
        return f"{base}[{inner}]"
    if annotation is type(None):
        return "null"
    return getattr(annotation, "__name__", str(annotation))


def _default(field: Any) -> str:
    if field.default is PydanticUndefined and field.default_factory is None:
        return "required"
    value = field.default_factory() if field.default_factory is not None else field.default
    if isinstance(value, BaseModel):
        return "see below" if value.model_fields_set or value.model_fields else "{}"
    try:
        return f"`{json.dumps(value, default=str)}`"
    except TypeError:
        return f"`{value}`"


def config_table(model: type[BaseModel], *, prefix: str = "") -> str:
    """A Markdown table of ``model``'s fields, nested models flattened with dotted keys."""
    rows = ["| Key | Type | Default | Description |", "|---|---|---|---|"]
    rows.extend(_rows(model, prefix))
    return "\n".join(rows) + "\n"


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows: list[str] = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(
            f"| `{key}` | {type_name(field.annotation)} | {_default(field)} | {description} |"
        )
        nested = _nested_model(field.annotation)
        if nested is not None:
            keyed = typing.get_origin(field.annotation) is dict
            rows.extend(_rows(nested, f"{key}.<name>." if keyed else f"{key}."))
    return rows


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
