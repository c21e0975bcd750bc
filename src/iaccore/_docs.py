"""Documentation helpers: Markdown config tables generated from the pydantic models.

The component pages in docs/ embed these tables between markers naming the model by its
qualified name, ``<!-- config-table: package.module:ClassName -->`` and ``<!-- /config-table -->``;
a test regenerates them and compares, so a field added to a model without updating its page fails
the build.

Example:
    >>> model = find_model("iaccore.core.config.models:LoggingConfig")
    >>> print(config_table(model).splitlines()[0])
    | Key | Type | Default | Description |
"""

from __future__ import annotations

import json
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from iaccore.core.modules import load_object

__all__ = ["TABLE_MARKER", "config_table", "find_model", "main", "render_tables", "type_name"]


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
        return "see below"
    try:
        return f"`{json.dumps(_plain(value))}`"
    except TypeError:
        return f"`{value}`"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


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
            origin = typing.get_origin(field.annotation)
            if origin is dict:
                rows.extend(_rows(nested, f"{key}.<name>."))
            elif origin in (tuple, list):
                rows.extend(_rows(nested, f"{key}[]."))
            else:
                rows.extend(_rows(nested, f"{key}."))
    return rows


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


#: A generated table: the opening marker names the model ``package.module:ClassName`` (any other
#: name fails in :func:`find_model` rather than leaving the table unchecked).
TABLE_MARKER = re.compile(
    r"(<!-- config-table: (?P<model>\S+) -->\n)"
    r"(?P<body>.*?)(<!-- /config-table -->)",
    re.S,
)


def find_model(marker: str) -> type[BaseModel]:
    """The config model a table marker names: ``"package.module:ClassName"``.

    Raises:
        LookupError: The marker is not qualified, its module or class does not exist, or the
            class is not a pydantic model; the message names the marker.

    Example:
        >>> find_model("iaccore.core.config.models:ProjectConfig").__name__
        'ProjectConfig'
    """
    module, colon, name = marker.partition(":")
    if not colon or not module or not name:
        raise LookupError(
            f"config-table marker {marker!r} is not a qualified name 'package.module:ClassName'"
        )
    try:
        found = load_object(marker)
    except (ImportError, AttributeError) as err:
        raise LookupError(f"config-table marker {marker!r} names nothing: {err}") from None
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise LookupError(f"config-table marker {marker!r} does not name a pydantic model")
    return found


def render_tables(text: str) -> str:
    """``text`` with every config-table block regenerated from its model."""

    def replace(match: re.Match[str]) -> str:
        table = config_table(find_model(match.group("model")))
        return f"{match.group(1)}{table}{match.group(4)}"

    return TABLE_MARKER.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the config tables in the given Markdown files: ``python -m iaccore._docs``."""
    paths = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        updated = render_tables(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated {path}")  # noqa: T201 - a developer tool's report
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
