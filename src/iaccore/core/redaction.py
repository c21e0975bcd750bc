"""The one registry of secret values to keep out of anything iaccore prints.

Secrets enter it from the config loader (every [`Secret`][iaccore.Secret]), from
the embedded engine (secret config keys, ``Output.secret`` values as they resolve, secrets it
records) and from ``iaccore.core.logging.LogManager.register_secret``. Log records, program
errors, the command line's output and pytest reports pass through ``redact``.

Each registration has an *owner*. Explicit owners (the log manager) ``forget`` their own
values. Everything else goes to the *current scope*: the innermost ``scope`` block (one
pytest test, one ``iaccore`` command), else the scope of the current synthesis (each synthesis
outside any block forgets the previous one's secrets, see ``synthesis_scope``), else the
process. So a value that was secret in one test or one synthesis never redacts an unrelated
message of the next, and a value another owner holds stays secret until that owner forgets it.

Examples:
    >>> with scope("demo"):
    ...     register("hunter2-s3cr3t")
    ...     redact("login failed for hunter2-s3cr3t")
    'login failed for [secret]'
    >>> redact("hunter2-s3cr3t")
    'hunter2-s3cr3t'
"""

from __future__ import annotations

import io
import itertools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

__all__ = [
    "MIN_SECRET_LENGTH",
    "PROCESS",
    "REDACTED",
    "RedactingWriter",
    "current_owner",
    "forget",
    "forget_all",
    "redact",
    "redacted_streams",
    "register",
    "scope",
    "synthesis_scope",
    "using",
]

#: What every secret is replaced with.
REDACTED = "[secret]"
#: Shorter values are not registered: redacting "1" or "yes" everywhere would garble output.
MIN_SECRET_LENGTH = 4
#: Owner of registrations made outside any scope (a real ``pulumi up``: one process, one run).
PROCESS = "process"

_LOCK = threading.RLock()
_OWNERS: dict[str, set[str]] = {}  # secret -> owners that registered it
_ORDERED: tuple[str, ...] = ()  # longest first, so a secret containing another is replaced whole
# Active owners, innermost last. A global stack (not a context variable): the engine registers
# secrets from executor threads that do not inherit context.
_ACTIVE: list[str] = []
_SEQUENCE = itertools.count(1)
_LAST_SYNTHESIS: list[str] = []  # owner of the last synthesis run outside any scope


def _reorder() -> None:
    global _ORDERED  # noqa: PLW0603 - one registry per process, by design
    _ORDERED = tuple(sorted(_OWNERS, key=lambda s: (-len(s), s)))


def current_owner() -> str:
    """The owner new registrations go to: the innermost active scope, else ``PROCESS``.

    Examples:
        >>> with scope("outer"):
        ...     current_owner()
        'outer'
    """
    with _LOCK:
        return _ACTIVE[-1] if _ACTIVE else PROCESS


def register(value: str, *, owner: str | None = None) -> None:
    """Remember ``value`` as a secret of ``owner`` (default: ``current_owner``).

    Values shorter than ``MIN_SECRET_LENGTH`` are not registered.
    """
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        with _LOCK:
            known = value in _OWNERS
            _OWNERS.setdefault(value, set()).add(owner or current_owner())
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


@contextmanager
def using(owner: str) -> Iterator[str]:
    """Make ``owner`` the current owner inside the block, without forgetting anything after.

    Examples:
        >>> with using("kept"):
        ...     register("kept-s3cr3t")
        >>> redact("kept-s3cr3t"), forget("kept")
        ('[secret]', None)
    """
    with _LOCK:
        _ACTIVE.append(owner)
    try:
        yield owner
    finally:
        with _LOCK:
            if owner in _ACTIVE:
                del _ACTIVE[len(_ACTIVE) - 1 - _ACTIVE[::-1].index(owner)]


@contextmanager
def scope(owner: str | None = None) -> Iterator[str]:
    """A block whose registrations are forgotten when it ends (one test, one command).

    Examples:
        >>> with scope() as owner:
        ...     register("short-lived-s3cr3t")
        ...     owner.startswith("scope-"), redact("short-lived-s3cr3t")
        (True, '[secret]')
        >>> redact("short-lived-s3cr3t")
        'short-lived-s3cr3t'
    """
    name = owner or f"scope-{next(_SEQUENCE)}"
    try:
        with using(name):
            yield name
    finally:
        forget(name)


def synthesis_scope() -> str:
    """The owner of a synthesis that starts now.

    Inside a ``scope`` (a pytest test, a command) the synthesis' secrets belong to that
    scope and are forgotten with it. Outside any, each synthesis gets a fresh owner and the
    previous synthesis' secrets are forgotten: they stay redacted after a run (its graph may
    still be rendered) until the next one starts.
    """
    with _LOCK:
        if _ACTIVE:
            return _ACTIVE[-1]
        for previous in _LAST_SYNTHESIS:
            forget(previous)
        owner = f"synthesis-{next(_SEQUENCE)}"
        _LAST_SYNTHESIS[:] = [owner]
        return owner


class RedactingWriter(io.TextIOBase):
    """A text stream that redacts whole lines before passing them to ``target``.

    Text is held until a newline (or ``flush``), so a secret written in two pieces is still
    replaced. Everything else (``isatty``, ``fileno``, ``encoding``) is the target's.

    Examples:
        >>> out = io.StringIO()
        >>> with scope():
        ...     register("split-s3cr3t")
        ...     writer = RedactingWriter(out)
        ...     _ = writer.write("a split-"), writer.write("s3cr3t here\\n")
        >>> out.getvalue()
        'a [secret] here\\n'
    """

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        self._pending = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            cut = self._pending.rfind("\n") + 1
            if cut:
                ready, self._pending = self._pending[:cut], self._pending[cut:]
                self.target.write(redact(ready))
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self.target.write(redact(self._pending))
                self._pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.target, "encoding", None) or "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


@contextmanager
def redacted_streams() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through ``RedactingWriter`` in the block.

    Examples:
        >>> with redacted_streams():
        ...     isinstance(sys.stdout, RedactingWriter)
        True
    """
    saved = sys.stdout, sys.stderr
    out, err = RedactingWriter(saved[0]), RedactingWriter(saved[1])
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        for writer in (out, err):
            with suppress(OSError, ValueError):  # a closed pipe: nothing more can be written
                writer.flush()
        sys.stdout, sys.stderr = saved
