"""Bounded reading of config files, and the loading policy's bounds for already parsed data.

``read_text_file`` reads a config file only when it is a regular file within the size limit
and valid UTF-8; ``check_data`` applies the depth, size and string-length bounds of
``YamlLimits`` to data that never went through the YAML
parser (the JSON the Pulumi runtime hands over, config given in code).

Examples:
    >>> check_data({"tags": {"team": "payments"}}, key_path="demo")
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from typing import Any

from iaccore.core.config.yamlpolicy import DEFAULT_LIMITS, YamlLimits, format_size
from iaccore.core.errors import ConfigurationError

__all__ = ["check_data", "read_text_file"]


def read_text_file(path: str | os.PathLike[str], *, limits: YamlLimits = DEFAULT_LIMITS) -> str:
    """Read a config file as UTF-8 text, refusing what no config file is.

    Refused, each with a [`ConfigurationError`][iaccore.ConfigurationError] naming the file: a path
    that is not a regular file (a directory, a FIFO, ``/dev/zero``), more than ``limits.max_bytes``
    bytes, bytes that are not UTF-8 (with the line and column of the first bad byte). A UTF-8 byte
    order mark is accepted.
    """
    file = str(path)
    try:
        # stat before open: opening a FIFO for reading would block until someone writes to it
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ConfigurationError(
                "config path is not a regular file", file=file, expected="a YAML file"
            )
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise _too_large(file, size, limits)
            raw = handle.read(limits.max_bytes + 1)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise ConfigurationError(f"cannot read config file: {reason}", file=file) from None
    if len(raw) > limits.max_bytes:  # grew while we looked
        raise _too_large(file, len(raw), limits)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        raise ConfigurationError(
            f"config file is not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
            file=file,
            line=line,
            column=column,
            expected="UTF-8 text",
        ) from None


def _too_large(file: str, size: int, limits: YamlLimits) -> ConfigurationError:
    return ConfigurationError(
        f"config file of {format_size(size)} is too large",
        file=file,
        expected=f"at most {format_size(limits.max_bytes)}",
    )


def check_data(
    value: Any,
    *,
    key_path: str | None = None,
    layer: str | None = None,
    source: str | None = None,
    limits: YamlLimits = DEFAULT_LIMITS,
) -> None:
    """Apply the depth, size and string-length bounds to already parsed data (iteratively).

    Used for the JSON the Pulumi runtime hands over and for config given in code, which never
    went through the YAML parser.

    Examples:
        >>> deep: list[object] = []
        >>> inner = deep
        >>> for _ in range(100):
        ...     inner.append([])
        ...     inner = inner[0]
        >>> check_data(deep, key_path="demo")
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: demo: config nested deeper than 64 levels ...
    """
    hint = f"set by environment variable {source}" if source else None

    def fail(message: str, expected: str) -> ConfigurationError:
        return ConfigurationError(
            message, key_path=key_path, layer=layer, expected=expected, hint=hint
        )

    count = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > limits.max_nodes:
            raise fail(
                f"config has more than {limits.max_nodes} values",
                f"at most {limits.max_nodes} values",
            )
        if depth > limits.max_depth:
            raise fail(
                f"config nested deeper than {limits.max_depth} levels",
                f"at most {limits.max_depth} levels of nesting",
            )
        if isinstance(item, str) and len(item) > limits.max_scalar_length:
            raise fail(
                f"config value of {len(item)} characters is too long",
                f"at most {limits.max_scalar_length} characters per value",
            )
        if isinstance(item, Mapping):
            for key, child in item.items():
                stack.append((key, depth + 1))
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, depth + 1) for child in item)
