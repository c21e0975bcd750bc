"""A wall-clock limit for one synthesis: a program that never returns is stopped.

When the limit passes, a watchdog thread interrupts the thread running the program (the one
driving the event loop, where the program's body and its ``apply`` callbacks run) with
``DeadlineExceeded``, wakes the loop, and keeps doing so until the run is over, so the run
ends even while the program loops forever. A program blocked in a system call of the main thread
(``time.sleep``) is woken with ``SIGINT`` when Python's default handler is installed. Mocks run
in the loop's executor threads, which are not interrupted (an idle worker would die of it): the
run still ends, but a mock that never returns keeps its thread busy.

The engine then raises ``SynthTimeoutError``; ``iaccore synth`` exits with
``TIMEOUT_EXIT_CODE``.

Examples:
    >>> resolve_timeout(None, {"IACCORE_SYNTH_TIMEOUT": "90"})
    90.0
    >>> resolve_timeout(5, {}) , resolve_timeout(None, {})
    (5.0, 600.0)
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import math
import signal
import threading
from collections.abc import Mapping
from types import TracebackType

from iaccore.core.errors import ConfigurationError, ProgramError

__all__ = [
    "DEFAULT_TIMEOUT",
    "TIMEOUT_ENV",
    "TIMEOUT_EXIT_CODE",
    "Deadline",
    "DeadlineExceeded",
    "SynthTimeoutError",
    "resolve_timeout",
]

#: Seconds a synthesis may take unless told otherwise: generous, a real program takes seconds.
DEFAULT_TIMEOUT = 600.0
#: Environment variable that sets the limit in seconds (``0`` or ``none``: no limit).
TIMEOUT_ENV = "IACCORE_SYNTH_TIMEOUT"
#: Exit code of ``iaccore synth`` when the limit passes (as ``timeout(1)`` uses).
TIMEOUT_EXIT_CODE = 124
_REPEAT_SECONDS = 0.2


class DeadlineExceeded(KeyboardInterrupt):
    """Raised inside the program's threads when the limit passes.

    A ``KeyboardInterrupt`` so that asyncio propagates it out of the task it hits at once
    (instead of failing that one task) and ``except Exception`` in user code does not swallow it.
    """


class SynthTimeoutError(ProgramError):
    """The program did not finish within the wall-clock limit.

    Examples:
        >>> str(SynthTimeoutError.after(1.5))
        'the program did not finish within 1.5 s (the synth time limit; set it with --timeout \
or IACCORE_SYNTH_TIMEOUT)'
    """

    @classmethod
    def after(cls, seconds: float) -> SynthTimeoutError:
        """The error for a limit of ``seconds``."""
        return cls(
            f"the program did not finish within {seconds:g} s (the synth time limit; set it "
            f"with --timeout or {TIMEOUT_ENV})",
            file=None,
            line=None,
            timeout=seconds,
        )


def resolve_timeout(value: float | None, environ: Mapping[str, str]) -> float | None:
    """The limit in seconds: ``value`` if given, else ``IACCORE_SYNTH_TIMEOUT``, else
    ``DEFAULT_TIMEOUT``; ``0`` (or ``none`` in the variable) means no limit (None).

    Raises:
        ConfigurationError: the variable is neither a positive number, ``0`` nor ``none``.
    """
    if value is None:
        text = environ.get(TIMEOUT_ENV, "").strip().lower()
        if not text:
            return DEFAULT_TIMEOUT
        if text in ("none", "off"):
            return None
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not math.isfinite(value) or value < 0:
            raise ConfigurationError(
                f"invalid synth time limit {text[:20]!r}",
                key_path=TIMEOUT_ENV,
                layer="environment",
                expected="a number of seconds, 0 or none for no limit",
            )
    return None if value <= 0 else float(value)


def _interrupt(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(DeadlineExceeded)
    )


def _clear(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


class Deadline:
    """Interrupt the run on ``loop`` (driven from the current thread) after ``seconds``.

    Use as a context manager around ``loop.run_until_complete(...)``; ``expired`` tells
    afterwards whether the limit passed. ``seconds=None`` never interrupts.

    Examples:
        >>> loop = asyncio.new_event_loop()
        >>> with Deadline(0.2, loop) as deadline:
        ...     try:
        ...         loop.run_until_complete(asyncio.sleep(30))
        ...     except DeadlineExceeded:
        ...         pass
        >>> deadline.expired
        True
        >>> from iaccore.synth.guards import drain
        >>> _ = drain(loop); loop.close()
    """

    def __init__(self, seconds: float | None, loop: asyncio.AbstractEventLoop) -> None:
        self.seconds = seconds
        self.loop = loop
        self.expired = False
        self._thread_id = threading.get_ident()
        self._main = threading.current_thread() is threading.main_thread()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._watchdog: threading.Thread | None = None
        self._struck: set[int] = set()

    def __enter__(self) -> Deadline:
        if self.seconds is not None:
            self._watchdog = threading.Thread(
                target=self._watch, name="iaccore-synth-deadline", daemon=True
            )
            self._watchdog.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Stop first, outside the lock: even if taking the lock below is interrupted by a strike
        # already under way, the watchdog sees the flag and strikes no more.
        self._stop.set()
        with self._lock:
            for thread_id in self._struck:
                _clear(thread_id)  # an interrupt sent but not yet raised: drop it
        if self._watchdog is not None:
            self._watchdog.join()

    def _watch(self) -> None:
        if self._stop.wait(self.seconds):
            return
        while True:
            with self._lock:
                if self._stop.is_set():
                    return
                self.expired = True
                self._strike()
            if self._stop.wait(_REPEAT_SECONDS):
                return

    def _strike(self) -> None:
        _interrupt(self._thread_id)
        self._struck.add(self._thread_id)
        if not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                self.loop.call_soon_threadsafe(lambda: None)  # wake a loop waiting for I/O
        if self._main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.pthread_kill(self._thread_id, signal.SIGINT)  # wake a blocking system call
