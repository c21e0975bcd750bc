"""Turn the protobuf values the engine receives into plain, JSON-friendly Python data.

Secrets are replaced by ``REDACTED`` on the way, so no graph,
renderer or log ever holds a secret's plaintext; the paths of masked values are reported so tests
can assert what was secret.

Examples:
    >>> from google.protobuf import struct_pb2
    >>> s = struct_pb2.Struct()
    >>> s.update({"a": 1, "b": {SECRET_SIG: SECRET_VALUE, "value": "pw"}})
    >>> to_plain(s)
    ({'a': 1, 'b': '[secret]'}, (('b',),))
"""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2

from iaccore.core import redaction
from iaccore.core.redaction import REDACTED

__all__ = ["SECRET_SIG", "SECRET_VALUE", "UNKNOWN", "to_plain"]

SECRET_SIG = "4dabf18193072939515e22adb298388d"
SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270"
_ASSET_VALUES = {
    "c44067f5952c0a294b673a41bacd8c17": "asset",
    "0def7320c3a5731c473e5ecbe6d01bc7": "archive",
    "5cf8f73096256a8f31e491e813e4eb8e": "resource",
    "d0e6a833031e9bbcd3f4e8bde6ca49a4": "output",
}
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
UNKNOWN = "[unknown]"


def _convert(value: Any, path: tuple[str, ...], secrets: list[tuple[str, ...]]) -> Any:
    if isinstance(value, struct_pb2.Struct):
        value = {key: value.fields[key] for key in value.fields}
    if isinstance(value, struct_pb2.Value):
        kind = value.WhichOneof("kind")
        if kind == "struct_value":
            return _convert(value.struct_value, path, secrets)
        if kind == "list_value":
            return [
                _convert(item, (*path, str(index)), secrets)
                for index, item in enumerate(value.list_value.values)
            ]
        if kind == "number_value":
            number = value.number_value
            return int(number) if number.is_integer() else number
        if kind == "string_value":
            text = value.string_value
            return UNKNOWN if text == UNKNOWN_SENTINEL else text
        if kind == "bool_value":
            return value.bool_value
        return None
    if isinstance(value, dict):
        sig = value.get(SECRET_SIG)
        sig_text = sig.string_value if isinstance(sig, struct_pb2.Value) else sig
        if sig_text == SECRET_VALUE:
            secrets.append(path)
            _remember_plaintext(value.get("value"))
            return REDACTED
        if sig_text in _ASSET_VALUES:
            return _convert_special(_ASSET_VALUES[sig_text], value, path, secrets)
        return {
            key: _convert(value[key], (*path, key), secrets)
            for key in sorted(value)
            if key != SECRET_SIG
        }
    return value


def _remember_plaintext(value: Any) -> None:
    # The plaintext is kept only in the process-wide redactor, so that error messages and logs
    # that quote it (an apply that fails on a secret, say) print [secret] instead.
    plain, _ = to_plain(value) if value is not None else (None, ())
    if isinstance(plain, str):
        redaction.register(plain)
    elif isinstance(plain, (int, float)) and not isinstance(plain, bool):
        redaction.register(str(plain))


def _convert_special(
    kind: str, value: dict[str, Any], path: tuple[str, ...], secrets: list[tuple[str, ...]]
) -> Any:
    plain = {
        key: _convert(value[key], (*path, key), secrets)
        for key in sorted(value)
        if key != SECRET_SIG
    }
    if kind == "resource":
        return {"$ref": plain.get("urn"), "id": plain.get("id")}
    if kind == "output":
        if plain.get("secret"):
            secrets.append(path)
            return REDACTED
        return plain.get("value", UNKNOWN)
    return {"$" + kind: plain}


def to_plain(value: Any) -> tuple[Any, tuple[tuple[str, ...], ...]]:
    """Convert a protobuf Struct/Value (or plain data) and return it with its secret paths."""
    secrets: list[tuple[str, ...]] = []
    plain = _convert(value, (), secrets)
    return plain, tuple(sorted(secrets))
