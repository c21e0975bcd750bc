"""Documentation helpers: Markdown config tables and the config reference, from the models.

Pages embed generated blocks between markers; a test regenerates them and compares, so a field
added to a model without updating its page fails the build:

- ``<!-- config-table: package.module:ClassName -->`` ... ``<!-- /config-table -->``: the table
  of one model (a component page's "Configuration" section);
- ``<!-- config-reference -->`` ... ``<!-- /config-reference -->``: one section per
  ``iaccore:<name>`` section of the stack config (docs/reference/config.md), built from the
  stack model of the installed provider modules.

Regenerate with ``python -m iaccore._docs docs/reference/config.md docs/components/*.md``.

Tables list required keys first and the keys every component inherits (``tags``,
``resource_options``) last; long defaults are summarised; key names break only between words.

Examples:
    >>> model = find_model("iaccore.core.config.models:LoggingConfig")
    >>> print(config_table(model).splitlines()[0])
    | Key | Type | Default | Description |
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from iaccore.core.config.base import ComponentConfig, ResourceOptionsConfig
from iaccore.core.modules import load_object

__all__ = [
    "KEY_CODE",
    "REFERENCE_MARKER",
    "TABLE_MARKER",
    "config_reference",
    "config_table",
    "find_model",
    "main",
    "model_pages",
    "render_tables",
    "type_name",
]

#: Defaults longer than this (as JSON) are summarised instead of shown whole.
MAX_DEFAULT = 80

#: The config reference page, relative to the docs directory.
REFERENCE_PAGE = "reference/config.md"
#: Anchor of the resource options table on the reference page.
RESOURCE_OPTIONS_ANCHOR = "resource-options"


def type_name(annotation: Any) -> str:
    """A short, readable name for a field annotation (``list[str]``, ``"a" | "b"``).

    Examples:
        >>> type_name(dict[str, int])
        'dict[str, int]'
    """
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


def _required(field: FieldInfo) -> bool:
    return field.default is PydanticUndefined and field.default_factory is None


def _default(field: FieldInfo) -> str:
    if _required(field):
        return "required"
    factory: Any = field.default_factory
    value = factory() if factory is not None else field.default
    if isinstance(value, BaseModel):
        return "see below"
    try:
        text = json.dumps(_plain(value))
    except TypeError:
        return f"`{value}`"
    if len(text) <= MAX_DEFAULT:
        return f"`{text}`"
    return _summary(_plain(value))


def _summary(value: Any) -> str:
    """A long default in a few words: the keys of a mapping, the names of a list's items."""
    if isinstance(value, dict):
        keys = ", ".join(f"`{key}`" for key in value)
        return f"{len(value)} entries: {keys}"
    if isinstance(value, list):
        names = [item.get("id") or item.get("name") for item in value if isinstance(item, dict)]
        if names and all(names):
            listed = ", ".join(f"`{name}`" for name in names)
            return f"{len(value)} item{'s' if len(value) != 1 else ''}: {listed}"
        return f"{len(value)} items"
    text = json.dumps(value)
    return f"`{text[: MAX_DEFAULT - 3]}...`"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


#: Opening tag of a key cell: the theme lets inline code break anywhere (``word-break:
#: break-word``), which splits key names mid-word in narrow columns; ``normal`` lets them break
#: only at the ``<wbr>`` after each dot and underscore.
KEY_CODE = '<code style="word-break: normal">'


def _key(key: str) -> str:
    """A key cell that breaks only between words, after a dot or an underscore.

    Examples:
        >>> _key("api_access.cidrs").removeprefix(KEY_CODE)
        'api_<wbr>access.<wbr>cidrs</code>'
    """
    parts = [html.escape(part, quote=False) for part in key.split(".")]
    return KEY_CODE + ".<wbr>".join(part.replace("_", "_<wbr>") for part in parts) + "</code>"


def config_table(
    model: type[BaseModel],
    *,
    prefix: str = "",
    links: Mapping[type[BaseModel], str] | None = None,
) -> str:
    """A Markdown table of ``model``'s fields, nested models flattened with dotted keys.

    Args:
        model: The config model.
        prefix: Prepended to every key (``aws.``).
        links: Models documented on a page of their own, by model: a field of such a type
            gets one row linking there instead of its flattened fields.
            ``ResourceOptionsConfig`` gets one row naming its keys; its link, when given,
            goes to their table.

    Examples:
        >>> print(config_table(ResourceOptionsConfig).splitlines()[2].split(" | ")[0])
        | <code style="word-break: normal">ignore_<wbr>changes</code>
    """
    rows = ["| Key | Type | Default | Description |", "|---|---|---|---|"]
    rows.extend(_rows(model, prefix, dict(links or {}), top=model is not ResourceOptionsConfig))
    return "\n".join(rows) + "\n"


def _ordered(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """Required fields first, then the model's own, then those every component inherits."""
    inherited = set(ComponentConfig.model_fields) if issubclass(model, ComponentConfig) else set()
    items = list(model.model_fields.items())
    return sorted(
        items, key=lambda item: (not _required(item[1]), item[0] in inherited)
    )  # sorted is stable: declaration order within each group


def _rows(
    model: type[BaseModel], prefix: str, links: dict[type[BaseModel], str], *, top: bool
) -> list[str]:
    rows: list[str] = []
    for name, field in _ordered(model):
        key = f"{prefix}{name}"
        description = (field.description or "").replace("\n", " ")
        nested = _nested_model(field.annotation)
        if nested is ResourceOptionsConfig and top:
            keys = ", ".join(f"`{k}`" for k in ResourceOptionsConfig.model_fields)
            description += f" Keys of each role: {keys}"
            link = links.get(ResourceOptionsConfig)
            description += f" ([resource options]({link}))." if link else "."
            nested = None
        elif nested is not None and nested in links:
            description += f" See [{nested.__name__}]({links[nested]})."
            nested = None
        description = description.replace("|", "\\|")
        rows.append(
            f"| {_key(key)} | {type_name(field.annotation)} | {_default(field)} | {description} |"
        )
        if nested is not None:
            origin = typing.get_origin(field.annotation)
            if origin is dict:
                rows.extend(_rows(nested, f"{key}.<name>.", links, top=top))
            elif origin in (tuple, list):
                rows.extend(_rows(nested, f"{key}[].", links, top=top))
            else:
                rows.extend(_rows(nested, f"{key}.", links, top=top))
    return rows


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


#: A generated table: the opening marker names the model ``package.module:ClassName`` (any other
#: name fails in `find_model` rather than leaving the table unchecked).
TABLE_MARKER = re.compile(
    r"(<!-- config-table: (?P<model>\S+) -->\n)"
    r"(?P<body>.*?)(<!-- /config-table -->)",
    re.S,
)

#: The generated stack config reference (one section per ``iaccore:<name>`` section).
REFERENCE_MARKER = re.compile(
    r"(<!-- config-reference -->\n)(?P<body>.*?)(<!-- /config-reference -->)", re.S
)


def find_model(marker: str) -> type[BaseModel]:
    """The config model a table marker names: ``"package.module:ClassName"``.

    Raises:
        LookupError: The marker is not qualified, its module or class does not exist, or the
            class is not a pydantic model; the message names the marker.

    Examples:
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


def docs_root(page: Path) -> Path | None:
    """The docs directory ``page`` lies in (the nearest parent named ``docs``), if any.

    Examples:
        >>> docs_root(Path("/repo/docs/components/secure-vpc.md"))
        PosixPath('/repo/docs')
    """
    for parent in page.resolve().parents:
        if parent.name == "docs":
            return parent
    return None


def _relative(target: Path, page: Path) -> str:
    return Path(os.path.relpath(target, page.resolve().parent)).as_posix()


def model_pages(docs: Path) -> dict[type[BaseModel], Path]:
    """The page documenting each model with a config table, other than the reference page.

    Examples:
        >>> docs = Path(__file__).resolve().parents[2] / "docs"
        >>> pages = model_pages(docs) if docs.is_dir() else {}
        >>> all(page.suffix == ".md" for page in pages.values())
        True
    """
    pages: dict[type[BaseModel], Path] = {}
    for page in sorted(docs.rglob("*.md")):
        if page == docs / REFERENCE_PAGE:
            continue
        for match in TABLE_MARKER.finditer(page.read_text("utf-8")):
            pages.setdefault(find_model(match.group("model")), page)
    return pages


def _links(page: Path | None) -> dict[type[BaseModel], str]:
    docs = docs_root(page) if page is not None else None
    if page is None or docs is None:
        return {}
    links = {
        model: f"{_relative(target, page)}#configuration"
        for model, target in model_pages(docs).items()
        if target.resolve() != page.resolve()
    }
    if page.resolve() != (docs / REFERENCE_PAGE).resolve():
        links[ResourceOptionsConfig] = (
            f"{_relative(docs / REFERENCE_PAGE, page)}#{RESOURCE_OPTIONS_ANCHOR}"
        )
    return links


def config_reference(
    stack_model: type[BaseModel] | None = None,
    links: Mapping[type[BaseModel], str] | None = None,
) -> str:
    """Markdown sections for every ``iaccore:<name>`` section of the stack config.

    Args:
        stack_model: The stack config model; the one of the installed provider modules when
            None.
        links: Models documented on pages of their own (see `config_table`).

    Examples:
        >>> text = config_reference()
        >>> text.splitlines()[0]
        '## `iaccore:project`'
    """
    if stack_model is None:
        from iaccore.core.config.stack import build_stack_model
        from iaccore.core.modules import discover_modules

        stack_model = build_stack_model(discover_modules())
    parts: list[str] = []
    for name, field in stack_model.model_fields.items():
        parts.append(f"## `iaccore:{name}`\n")
        if field.description:
            parts.append(f"{field.description}\n")
        nested = _nested_model(field.annotation)
        if nested is None:
            parts.append(
                "| Type | Default |\n|---|---|\n"
                f"| {type_name(field.annotation)} | {_default(field)} |\n"
            )
            continue
        required = [key for key, info in nested.model_fields.items() if _required(info)]
        listed = ", ".join(f"`{key}`" for key in required) or "none"
        parts.append(f"Required keys: {listed}.\n")
        parts.append(config_table(nested, links=links))
    return "\n".join(parts)


def render_tables(text: str, page: Path | None = None) -> str:
    """``text`` with every generated block regenerated from its model.

    Args:
        text: A Markdown page.
        page: Where the page lives; links to other pages (component configs, the resource
            options table) are made relative to it. Without it, tables carry no links.
    """
    links = _links(page)

    def table(match: re.Match[str]) -> str:
        body = config_table(find_model(match.group("model")), links=links)
        return f"{match.group(1)}{body}{match.group(4)}"

    def reference(match: re.Match[str]) -> str:
        return f"{match.group(1)}{config_reference(links=links)}{match.group(3)}"

    return REFERENCE_MARKER.sub(reference, TABLE_MARKER.sub(table, text))


def main(argv: list[str] | None = None) -> int:
    """Regenerate the generated blocks of the given Markdown files.

    ``python -m iaccore._docs docs/reference/config.md docs/components/*.md``
    """
    paths = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        updated = render_tables(text, path)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated {path}")  # noqa: T201 - a developer tool's report
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
