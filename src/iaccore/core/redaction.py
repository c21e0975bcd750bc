"""The one process-wide registry of secret values to keep out of anything iaccore prints.

Secrets enter it from the config loader (every :class:`~iaccore.core.config.base.Secret`), from
the embedded engine (secret config keys and ``Output.secret`` values it records) and from
:meth:`iaccore.core.logging.LogManager.register_secret`. Log records and program error messages
pass through :func:`redact` before anyone sees them.

Each registration has an *owner* (:data:`PROCESS` unless given), so a part that registers values
for a while (the log manager, until it is reset) can :func:`forget` its own without forgetting a
value someone else registered too.

Example:
    >>> register("hunter2-s3cr3t")
    >>> redact("login failed for hunter2-s3cr3t")
    'login failed for [secret]'
    >>> register("temporary-s3cr3t", owner="demo")
    >>> forget("demo")
    >>> redact("temporary-s3cr3t")
    'temporary-s3cr3t'
"""

from __future__ import annotations

import threading

__all__ = ["MIN_SECRET_LENGTH", "PROCESS", "REDACTED", "forget", "forget_all", "redact", "register"]

#: What every secret is replaced with.
REDACTED = "[secret]"
#: Shorter values are not registered: redacting "1" or "yes" everywhere would garble output.
MIN_SECRET_LENGTH = 4
#: Owner of registrations that last as long as the process (config and engine secrets).
PROCESS = "process"

_LOCK = threading.Lock()
_OWNERS: dict[str, set[str]] = {}  # secret -> owners that registered it
_ORDERED: tuple[str, ...] = ()  # longest first, so a secret containing another is replaced whole


def _reorder() -> None:
    global _ORDERED  # noqa: PLW0603 - the registry is process-wide by design
    _ORDERED = tuple(sorted(_OWNERS, key=lambda s: (-len(s), s)))


def register(value: str, *, owner: str = PROCESS) -> None:
    """Remember ``value`` as a secret of ``owner`` (values shorter than
    :data:`MIN_SECRET_LENGTH` are not)."""
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        with _LOCK:
            known = value in _OWNERS
            _OWNERS.setdefault(value, set()).add(owner)
            if not known:
                _reorder()


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``[secret]`` (longest first)."""
    for secret in _ORDERED:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def forget(owner: str) -> None:
    """Forget ``owner``'s registrations; a value another owner registered too stays secret."""
    with _LOCK:
        for secret in [s for s, owners in _OWNERS.items() if owner in owners]:
            owners = _OWNERS[secret]
            owners.discard(owner)
            if not owners:
                del _OWNERS[secret]
        _reorder()


def forget_all() -> None:
    """Forget every registered secret, whoever registered it (tests)."""
    with _LOCK:
        _OWNERS.clear()
        _reorder()
