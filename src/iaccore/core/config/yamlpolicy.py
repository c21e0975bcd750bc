"""The YAML loading policy of every config layer: bounded size, depth, expansion and tags.

Every YAML text iaccore reads (org, project and stack files, ``Pulumi.yaml``, ``IACCORE_*``
override values) goes through one parser that checks each event as the composer pulls it, so a
hostile document is refused before it costs time or memory:

* the file is at most ``YamlLimits.max_bytes`` bytes, a regular file, valid UTF-8;
* nesting is at most ``YamlLimits.max_depth`` levels, counting what aliases expand to;
* the document expands to at most ``YamlLimits.max_nodes`` values, aliases included, so a
  "billion laughs" of nested aliases is refused in linear time, before anything expands it;
* no scalar (key or value) is longer than ``YamlLimits.max_scalar_length`` characters;
* only the standard YAML tags (``!!str``, ``!!int`` ...) are accepted: ``!foo`` or
  ``!!python/object`` are refused the same way in ``iaccore validate`` and ``iaccore synth``.

Every refusal is a [`ConfigurationError`][iaccore.ConfigurationError] naming the file and line.
``iaccore.core.config.bounded`` reads files within the size limit and applies the same bounds
to data that arrives already parsed (JSON config of the Pulumi runtime, config passed in code).

Examples:
    >>> laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\\n"
    ...     for p, n in zip("abcdef", "bcdefg"))
    >>> try:
    ...     load_guarded(laughs, file="Pulumi.dev.yaml")
    ... except ConfigurationError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    Pulumi.dev.yaml:4:...: YAML expands to more than 10000 values (aliases included) ...
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

from ruamel.yaml import YAML, composer
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import Parser, RoundTripParser
from ruamel.yaml.resolver import implicit_resolvers

from iaccore.core.errors import ConfigurationError

__all__ = [
    "DEFAULT_LIMITS",
    "STANDARD_TAGS",
    "UnsupportedTagError",
    "YamlLimits",
    "format_size",
    "load_guarded",
]

#: Tags accepted besides none at all: the YAML core schema and timestamps.
STANDARD_TAGS: frozenset[str] = frozenset(
    {"!"}
    | {
        f"tag:yaml.org,2002:{name}"
        for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
    }
)


class UnsupportedTagError(ConfigurationError):
    """A YAML value carries a tag other than the standard ones (``!foo``, ``!!python/...``).

    Examples:
        >>> issubclass(UnsupportedTagError, ConfigurationError)
        True
    """


_CORE = "tag:yaml.org,2002:"
_REUSED_ANCHOR: type[Warning] = getattr(composer, "ReusedAnchorWarning", UserWarning)
#: Patterns a scalar with an explicit typed tag must match (YAML 1.2 core schema); a value that
#: does not fit its tag (``!!int ;``) would otherwise fail inside the constructor, unlocated.
_TYPED: dict[str, tuple[Any, ...]] = {}
for _versions, _tag, _pattern, _first in implicit_resolvers:
    if (1, 2) in _versions and _tag.removeprefix(_CORE) in ("bool", "int", "float", "null"):
        _TYPED[_tag] = (*_TYPED.get(_tag, ()), _pattern)
_TYPED[f"{_CORE}float"] = (*_TYPED[f"{_CORE}float"], *_TYPED[f"{_CORE}int"])
_TIMESTAMP = tuple(p for _v, t, p, _f in implicit_resolvers if t == f"{_CORE}timestamp")


@dataclass(frozen=True)
class YamlLimits:
    """Bounds every config document must stay within.

    The defaults are far above any real stack config (a large one has a few hundred values and
    a few kilobytes) and low enough that the slowest accepted document parses in well under a
    second.

    Examples:
        >>> YamlLimits().max_depth, YamlLimits(max_depth=8).max_depth
        (64, 8)
    """

    max_bytes: int = 256 * 1024
    max_depth: int = 64
    max_nodes: int = 10_000
    max_scalar_length: int = 64 * 1024


#: The limits used unless a caller passes others.
DEFAULT_LIMITS = YamlLimits()


def format_size(n: int) -> str:
    """``n`` bytes as ``256 KiB``, ``63.0 MiB`` or ``12 bytes``.

    Examples:
        >>> format_size(256 * 1024), format_size(63 * 1024 * 1024)
        ('256 KiB', '63.0 MiB')
    """
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} bytes"


@dataclass
class _Node:
    """An open collection while events stream: its expanded size and height so far."""

    anchor: str | None
    size: int = 1
    height: int = 1


@dataclass
class _Guard:
    """Checks events one by one; one guard per document."""

    limits: YamlLimits
    file: str | None
    source: str | None = None
    open: list[_Node] = field(default_factory=list)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)  # anchor -> size, height
    total: int = 0
    aliased: bool = False

    def error(
        self, event: Any, message: str, expected: str, kind: type[ConfigurationError] | None = None
    ) -> ConfigurationError:
        mark = getattr(event, "start_mark", None)
        hint = f"set by environment variable {self.source}" if self.source else None
        return (kind or ConfigurationError)(
            message,
            key_path=self.source,
            layer="environment" if self.source else None,
            file=self.file,
            line=int(mark.line) + 1 if mark is not None else None,
            column=int(mark.column) + 1 if mark is not None else None,
            expected=expected,
            hint=hint,
        )

    def check(self, event: Any) -> None:
        if isinstance(event, NodeEvent) and not isinstance(event, AliasEvent):
            tag = getattr(event, "tag", None)
            if tag is not None and str(tag) not in STANDARD_TAGS:
                # the tag's text is not shown: an unquoted value starting with `!` may be a secret
                raise self.error(
                    event,
                    "unsupported YAML tag (a value starting with `!`)",
                    "plain YAML values (only standard tags such as !!str or !!int); "
                    "quote a string that starts with `!`",
                    UnsupportedTagError,
                )
        if isinstance(event, ScalarEvent):
            self._check_typed(event)
            length = len(event.value)
            if length > self.limits.max_scalar_length:
                raise self.error(
                    event,
                    f"YAML value of {length} characters is too long",
                    f"at most {self.limits.max_scalar_length} characters per value",
                )
            self._add(event, 1, 0, event.anchor)
        elif isinstance(event, AliasEvent):
            self.aliased = True
            if any(node.anchor == event.anchor for node in self.open):
                raise self.error(
                    event,
                    f"recursive YAML alias *{event.anchor} inside its own anchor",
                    "aliases only to values defined before them",
                )
            size, height = self.anchors.get(str(event.anchor), (1, 0))
            self._add(event, size, height, None)
        elif isinstance(event, CollectionStartEvent):
            self._add(event, 1, 1, None, count_only=True)
            self.open.append(_Node(event.anchor))
        elif isinstance(event, CollectionEndEvent) and self.open:
            done = self.open.pop()
            if done.anchor is not None:
                self.anchors[str(done.anchor)] = (done.size, done.height)
            if self.open:
                parent = self.open[-1]
                parent.size += done.size
                parent.height = max(parent.height, done.height + 1)

    def _check_typed(self, event: Any) -> None:
        tag = str(event.tag) if event.tag is not None else None
        # timestamps are read as text anyway: refuse only what the constructor cannot read
        if tag == f"{_CORE}timestamp" and not any(r.match(event.value) for r in _TIMESTAMP):
            raise self._misfit(event, "!!timestamp")
        patterns = _TYPED.get(tag or "")
        if patterns is not None and not any(p.match(event.value) for p in patterns):
            raise self._misfit(event, "!!" + (tag or "").removeprefix(_CORE))

    def _misfit(self, event: Any, tag: str) -> ConfigurationError:
        return self.error(
            event, f"YAML value does not fit its tag {tag}", f"a value of type {tag}, or no tag"
        )

    def _add(
        self, event: Any, size: int, height: int, anchor: Any, *, count_only: bool = False
    ) -> None:
        self.total += size
        if self.total > self.limits.max_nodes:
            because = " (aliases included)" if self.aliased else ""
            raise self.error(
                event,
                f"YAML expands to more than {self.limits.max_nodes} values{because}",
                f"at most {self.limits.max_nodes} values; do not nest aliases of aliases",
            )
        depth = len(self.open) + height
        if depth > self.limits.max_depth:
            raise self.error(
                event,
                f"YAML nested deeper than {self.limits.max_depth} levels",
                f"at most {self.limits.max_depth} levels of nesting",
            )
        if count_only:
            return
        if anchor is not None:
            self.anchors[str(anchor)] = (size, height)
        if self.open:
            parent = self.open[-1]
            parent.size += size
            parent.height = max(parent.height, height + 1)


class _GuardMixin:
    """Check every event the composer takes (``get_event``) against the loader's guard."""

    loader: Any

    def get_event(self) -> Any:
        event = super().get_event()  # type: ignore[misc]
        guard = getattr(self.loader, "iaccore_guard", None)
        if guard is not None and event is not None:
            guard.check(event)
        return event


class _GuardedRoundTripParser(_GuardMixin, RoundTripParser):
    """Round-trip parser (keeps positions) with the policy checks."""


class _GuardedParser(_GuardMixin, Parser):
    """Pure-Python safe parser with the policy checks."""


def load_guarded(
    text: str,
    *,
    file: str | None = None,
    source: str | None = None,
    typ: Literal["rt", "safe"] = "rt",
    limits: YamlLimits = DEFAULT_LIMITS,
) -> Any:
    """Parse ``text`` with ruamel.yaml under the policy; return ruamel's data.

    Args:
        text: The YAML document.
        file: File name for error messages.
        source: Environment variable the text came from, for error messages.
        typ: ``rt`` keeps key positions (``CommentedMap``), ``safe`` gives plain data.
        limits: The bounds to apply.

    Raises:
        ConfigurationError: the text breaks a bound or has an unsupported tag.
        ruamel.yaml.error.YAMLError: the text is not valid YAML (callers turn it into a
            ConfigurationError with the position).
    """
    encoded = len(text.encode("utf-8", "surrogatepass"))
    if encoded > limits.max_bytes:
        guard = _Guard(limits, file, source)
        raise guard.error(
            None,
            f"YAML text of {format_size(encoded)} is too large",
            f"at most {format_size(limits.max_bytes)}",
        )
    yaml = YAML(typ=typ, pure=True)
    yaml.Parser = _GuardedRoundTripParser if typ == "rt" else _GuardedParser
    yaml.allow_duplicate_keys = False
    yaml.iaccore_guard = _Guard(limits, file, source)  # type: ignore[attr-defined]
    try:
        with warnings.catch_warnings():
            # a redefined anchor is valid YAML; ruamel's warning would quote the document
            warnings.simplefilter("ignore", _REUSED_ANCHOR)
            return yaml.load(text)
    except (ValueError, TypeError, IndexError, OverflowError, KeyError) as err:
        # a constructor failed on a value the guard let through: never show the value
        raise ConfigurationError(
            f"malformed YAML: a value cannot be read ({type(err).__name__})",
            key_path=source,
            file=file,
            expected="valid YAML",
        ) from None
