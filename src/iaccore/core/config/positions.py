"""Load YAML into plain Python data plus the 1-based line/column of every key.

ruamel.yaml's round-trip loader keeps positions; this module turns its ``CommentedMap`` /
``CommentedSeq`` tree into plain ``dict``/``list``/scalars and a position map keyed by key-path
tuples. Pulumi encrypted values (``{secure: <ciphertext>}``) become a placeholder
[`Secret`][iaccore.Secret] (the ciphertext is never kept in plain data) and their
key paths are recorded as secret paths.

Examples:
    >>> doc = load_yaml_text("config:\\n  iaccore:project: {name: pay}\\n", file="Pulumi.dev.yaml")
    >>> doc.data["config"]["iaccore:project"]["name"]
    'pay'
    >>> doc.positions[("config", "iaccore:project", "name")]
    (2, 21)
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from iaccore.core.config.base import Secret
from iaccore.core.config.bounded import read_text_file
from iaccore.core.config.yamlpolicy import DEFAULT_LIMITS, YamlLimits, load_guarded
from iaccore.core.errors import ConfigurationError

__all__ = [
    "ENCRYPTED_PLACEHOLDER",
    "KeyPath",
    "LoadedYaml",
    "Position",
    "dotted",
    "load_yaml_file",
    "load_yaml_text",
]

#: A path into nested config: mapping keys (str) and list indexes (int).
KeyPath = tuple[str | int, ...]
#: 1-based ``(line, column)``.
Position = tuple[int, int]

#: Plaintext of the Secret standing for a ``{secure: ...}`` value that cannot be decrypted offline.
ENCRYPTED_PLACEHOLDER = "[encrypted]"

_DUPLICATE = re.compile(r'found duplicate key "(?P<key>.*?)"')


def dotted(path: KeyPath) -> str:
    """Render a key path as ``a.b[0].c``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class LoadedYaml:
    """Plain data of one YAML document, with key positions and Pulumi secure paths.

    Examples:
        >>> LoadedYaml(data={"a": 1}).positions
        {}
    """

    data: Any
    file: str | None = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    secure_paths: frozenset[KeyPath] = frozenset()


def is_secure_mapping(value: Any) -> bool:
    """Whether ``value`` is a Pulumi encrypted value ``{secure: "<ciphertext>"}``."""
    return (
        isinstance(value, Mapping)
        and len(value) == 1
        and "secure" in value
        and isinstance(value["secure"], str)
    )


class _Converter:
    def __init__(self) -> None:
        self.positions: dict[KeyPath, Position] = {}
        self.secure: set[KeyPath] = set()

    def convert(self, node: Any, path: KeyPath) -> Any:
        if isinstance(node, CommentedMap | dict):
            if is_secure_mapping(node):
                self.secure.add(path)
                return Secret(ENCRYPTED_PLACEHOLDER)
            result: dict[str, Any] = {}
            for raw_key, value in node.items():
                key = self._key(raw_key)
                child = (*path, key)
                self._record(node, raw_key, child, path, is_key=True)
                result[key] = self.convert(value, child)
            return result
        if isinstance(node, CommentedSeq | list):
            items: list[Any] = []
            for index, value in enumerate(node):
                child = (*path, index)
                self._record(node, index, child, path, is_key=False)
                items.append(self.convert(value, child))
            return items
        return self._scalar(node)

    def _record(
        self, node: Any, ref: Any, child: KeyPath, parent: KeyPath, *, is_key: bool
    ) -> None:
        try:
            line, column = node.lc.key(ref) if is_key else node.lc.item(ref)
        except (AttributeError, KeyError, IndexError, TypeError):
            # merged (<<) keys have no position of their own: use the parent's
            if parent in self.positions:
                self.positions[child] = self.positions[parent]
            return
        self.positions[child] = (int(line) + 1, int(column) + 1)

    @staticmethod
    def _key(raw: Any) -> str:
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if raw is None:
            return "null"
        return str(raw)

    @staticmethod
    def _scalar(node: Any) -> Any:
        if node is None or isinstance(node, bool):
            return node
        for plain in (int, float, str):  # ruamel's ScalarInt, ScalarFloat, quoted strings
            if isinstance(node, plain):
                return plain(node)
        if isinstance(node, TaggedScalar):
            return str(node.value)
        if isinstance(node, _dt.date | _dt.datetime):
            return node.isoformat()
        return str(node)


def _yaml_error(err: YAMLError, file: str | None, text: str) -> ConfigurationError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = int(mark.line) + 1 if mark is not None else None
    column = int(mark.column) + 1 if mark is not None else None
    if isinstance(err, ReaderError):  # a character YAML does not allow (NUL, control codes)
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        code = ord(err.character) if isinstance(err.character, str) else int(err.character)
        return ConfigurationError(
            f"malformed YAML: character #x{code:04x} is not allowed",
            file=file,
            line=line,
            column=column,
            expected="printable text",
        )
    if isinstance(err, DuplicateKeyError):
        found = _DUPLICATE.search(str(err.problem or ""))
        key = found.group("key") if found else None
        # ruamel's own message repeats both values: never show them (they may be secrets)
        return ConfigurationError(
            f"duplicate key {key!r} in the same mapping" if key else "duplicate mapping key",
            key_path=key,
            file=file,
            line=line,
            column=column,
            expected="each key once per mapping",
        )
    problem = err.problem if isinstance(err, MarkedYAMLError) and err.problem else "invalid YAML"
    context = err.context if isinstance(err, MarkedYAMLError) and err.context else None
    message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    return ConfigurationError(message, file=file, line=line, column=column, expected="valid YAML")


def load_yaml_text(
    text: str,
    *,
    file: str | None = None,
    source: str | None = None,
    limits: YamlLimits = DEFAULT_LIMITS,
) -> LoadedYaml:
    """Parse one YAML document under the loading policy (``yamlpolicy``).

    Raises:
        ConfigurationError: with ``file:line:column`` for malformed YAML, duplicate keys, an
            unsupported tag or a document beyond the policy's bounds.
    """
    try:
        raw = load_guarded(text, file=file, source=source, limits=limits)
    except YAMLError as err:
        raise _yaml_error(err, file, text) from None
    converter = _Converter()
    data = converter.convert(raw, ())
    return LoadedYaml(
        data=data,
        file=file,
        positions=converter.positions,
        secure_paths=frozenset(converter.secure),
    )


def load_yaml_file(
    path: str | os.PathLike[str], *, limits: YamlLimits = DEFAULT_LIMITS
) -> LoadedYaml:
    """Read (bounded, UTF-8, regular files only) and parse a YAML file under the policy.

    Raises:
        ConfigurationError: the file cannot be read, is too large, not UTF-8, or its YAML is
            refused (see ``load_yaml_text``).
    """
    return load_yaml_text(read_text_file(path, limits=limits), file=str(path), limits=limits)
