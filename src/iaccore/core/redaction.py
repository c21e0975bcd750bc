"""The process-wide set of secret values to keep out of anything iaccore prints.

Secrets enter it from the config loader (every :class:`~iaccore.core.config.base.Secret`), from
the embedded engine (secret config keys and ``Output.secret`` values it records) and from
:meth:`iaccore.core.logging.LogManager.register_secret`. Log records and program error
messages pass through :func:`redact` before anyone sees them.

Example:
    >>> register("hunter2-s3cr3t")
    >>> redact("login failed for hunter2-s3cr3t")
    'login failed for [secret]'
"""

from __future__ import annotations

import threading

__all__ = ["MIN_SECRET_LENGTH", "REDACTED", "forget_all", "redact", "register"]

REDACTED = "[secret]"
#: Shorter values are not registered: redacting "1" or "yes" everywhere would garble output.
MIN_SECRET_LENGTH = 4

_LOCK = threading.Lock()
_SECRETS: set[str] = set()


def register(value: str) -> None:
    """Remember ``value`` as a secret (values shorter than :data:`MIN_SECRET_LENGTH` are not)."""
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        with _LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``[secret]`` (longest first)."""
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def forget_all() -> None:
    """Forget every registered secret (tests)."""
    with _LOCK:
        _SECRETS.clear()
