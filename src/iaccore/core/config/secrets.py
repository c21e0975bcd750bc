"""Secrets in config: marking secret leaves, rejecting credentials, checking secret placement.

Secret leaves (Pulumi ``secure`` values, secret stack-config keys) become
[`Secret`][iaccore.Secret] before validation, so their plaintext never reaches a
message, log, ``repr`` or dump. Credentials are never accepted from iaccore config at all, unless
the model declares that very key as a ``Secret`` field.

Examples:
    >>> data = mark_secrets({"db": {"password": "pw", "port": 5}}, [("db", "password")])
    >>> data["db"]["password"], data["db"]["port"]
    (Secret('[secret]'), 5)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from iaccore.core import redaction
from iaccore.core.config.base import Secret
from iaccore.core.config.layers import Layer, Origin, Provenance, origin_for
from iaccore.core.config.positions import KeyPath, dotted
from iaccore.core.config.typewalk import classify, normalize_key
from iaccore.core.errors import ConfigurationError

__all__ = [
    "CREDENTIAL_KEYS",
    "CREDENTIAL_MESSAGE",
    "check_credentials",
    "check_secret_placement",
    "contains_secret",
    "is_credential_key",
    "mark_secrets",
    "to_secret",
]

#: Key names (normalized: lower case, ``-`` as ``_``) that hold credentials. A key equal to one
#: of these, or ending in ``_<name>``, is rejected unless the model types it ``Secret``.
CREDENTIAL_KEYS: frozenset[str] = frozenset(
    {
        "access_key",
        "access_key_id",
        "api_key",
        "client_secret",
        "connection_string",
        "credentials",
        "passphrase",
        "passwd",
        "password",
        "private_key",
        "secret",
        "secret_access_key",
        "secret_key",
        "session_token",
        "token",
    }
)

CREDENTIAL_MESSAGE = (
    "credentials come from the environment or the provider's ambient chain, "
    "never from iaccore config"
)


def is_credential_key(key: str) -> bool:
    """Whether a config key names a credential (``password``, ``demo_secret_access_key`` ...)."""
    name = normalize_key(key)
    return any(name == cred or name.endswith(f"_{cred}") for cred in CREDENTIAL_KEYS)


def to_secret(value: Any) -> Any:
    """Turn a value into secrets: strings and scalars become ``Secret``, containers recurse."""
    if isinstance(value, Secret) or value is None:
        return value
    if isinstance(value, Mapping):
        return {k: to_secret(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_secret(v) for v in value]
    if isinstance(value, bool):
        return Secret("true" if value else "false")
    return Secret(str(value))


def mark_secrets(data: Any, paths: Iterable[KeyPath]) -> Any:
    """Return a copy of ``data`` with the values at ``paths`` turned into secrets."""
    wanted = set(paths)
    if not wanted:
        return data

    def walk(value: Any, path: KeyPath) -> Any:
        if path in wanted:
            return to_secret(value)
        if isinstance(value, Mapping):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    return walk(data, ())


def contains_secret(value: Any) -> bool:
    """Whether ``value`` is or contains a [`Secret`][iaccore.Secret]."""
    if isinstance(value, Secret):
        return True
    if isinstance(value, Mapping):
        return any(contains_secret(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_secret(v) for v in value)
    return False


def register_secrets(value: Any) -> None:
    """Add every ``Secret`` inside ``value`` (a model, mapping or list) to the redactor."""
    if isinstance(value, Secret):
        redaction.register(value.reveal())
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            register_secrets(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            register_secrets(item)
    elif isinstance(value, list | tuple):
        for item in value:
            register_secrets(item)


def secret_typed_paths(data: Any, model: Any) -> list[KeyPath]:
    """Paths in ``data`` whose field the model types ``Secret`` (however they were set).

    Marking them before interpolation keeps a ``${...}`` reference to such a field secret, even
    when its value was written in plaintext in a file or an environment variable.
    """
    return [path for path in _walk_keys(data, ()) if classify(model, path) == "secret"]


def _walk_keys(value: Any, path: KeyPath) -> Iterator[KeyPath]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield (*path, key)
            yield from _walk_keys(child, (*path, key))
    elif isinstance(value, list | tuple):
        for index, child in enumerate(value):
            yield from _walk_keys(child, (*path, index))


def _error_at(
    message: str, path: KeyPath, origin: Origin | None, **extra: Any
) -> ConfigurationError:
    hint = extra.pop("hint", None)
    if origin is not None and origin.source:
        hint = f"set by environment variable {origin.source}" + (f"; {hint}" if hint else "")
    return ConfigurationError(
        message,
        key_path=dotted(path),
        layer=origin.layer if origin else None,
        file=origin.file if origin else None,
        line=origin.line if origin else None,
        column=origin.column if origin else None,
        hint=hint,
        **extra,
    )


def check_credentials(layers: Iterable[Layer], model: Any) -> None:
    """Raise ``ConfigurationError`` for the first credential-named key in any layer.

    Keys the ``model`` types as ``Secret`` are allowed. The value is never shown.
    """
    for layer in layers:
        for path in _walk_keys(layer.data, ()):
            key = path[-1]
            if not isinstance(key, str) or not is_credential_key(key):
                continue
            if classify(model, path) == "secret":
                continue
            raise _error_at(
                f"`{key}` looks like a credential: {CREDENTIAL_MESSAGE}",
                path,
                layer.origin(path),
                hint="remove it and use the provider's environment variables, profile or role",
            )


def check_secret_placement(data: Any, model: Any, provenance: Provenance) -> None:
    """Raise when a secret value sits in a key the ``model`` does not type as ``Secret``.

    Secrets under keys the model does not declare are left to validation (unknown key).
    """

    def walk(value: Any, path: KeyPath) -> None:
        if isinstance(value, Secret):
            if classify(model, path) == "plain":
                name = dotted(path)
                raise _error_at(
                    f"is stored as a secret but `{name}` is not a secret field",
                    path,
                    origin_for(provenance, path),
                    expected="a plain (non-secret) value",
                    hint="store it unencrypted, or use a field typed Secret",
                )
        elif isinstance(value, Mapping):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list | tuple):
            for index, child in enumerate(value):
                walk(child, (*path, index))

    walk(data, ())
