"""What the embedded engine guards while a program runs: secrets, stray futures, the end of a run.

* ``watch_outputs`` registers every value the Pulumi SDK holds as a secret with
  ``iaccore.core.redaction`` *as soon as it resolves*, before any ``apply`` can put it in an
  exception message or a log record (``Output.secret``, ``Config.require_secret``, applies on
  secrets and everything derived from them); and it remembers where in the user's code an
  ``apply`` callback raised (``origin_frames``), which the SDK's re-raising loses.
* ``quiet_loop`` absorbs asyncio's own reports ("Future exception was never retrieved",
  "Task was destroyed but it is pending!"): one failing ``apply`` would otherwise print its
  traceback once per resource depending on it, possibly in the next test's captured log.
* ``drain`` cancels and awaits whatever is still pending when a run ends.
* ``worker_loops`` gives each executor thread of a run an event loop the engine closes at the
  end (the SDK's mock monitor otherwise creates one per thread that only the garbage collector
  finalizes, sometimes after its self-pipe is gone).

Examples:
    >>> import asyncio, pulumi
    >>> from iaccore.core import redaction
    >>> loop = asyncio.new_event_loop()
    >>> with redaction.scope("doc"), watch_outputs():
    ...     async def main() -> None:
    ...         await pulumi.Output.secret("guarded-s3cr3t").future()
    ...     loop.run_until_complete(main())
    ...     print(redaction.redact("it was guarded-s3cr3t"))
    it was [secret]
    >>> _ = drain(loop); loop.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from pulumi import output as _output

from iaccore.core import redaction
from iaccore.core.logging import redacted_logger

__all__ = [
    "DRAIN_SECONDS",
    "drain",
    "origin_frames",
    "quiet_loop",
    "register_plain",
    "watch_outputs",
    "worker_loops",
]

#: How long ``drain`` waits for cancelled tasks to finish.
DRAIN_SECONDS = 2.0

_LOG = redacted_logger("iaccore.engine")
_ORIGIN = "_iaccore_origin"


def origin_frames(err: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the ``apply`` callback that raised ``err`` (empty when none did)."""
    frames = getattr(err, _ORIGIN, None)
    return list(frames) if isinstance(frames, list) else []


def _remember_origin(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(func)
    def call(value: Any) -> Any:
        try:
            return func(value)
        except BaseException as err:
            if not hasattr(err, _ORIGIN):
                with contextlib.suppress(AttributeError, TypeError):
                    setattr(err, _ORIGIN, traceback.extract_tb(err.__traceback__))
            raise

    return call


def register_plain(value: Any, *, deep: bool) -> None:
    """Register a secret's plaintext: strings and numbers; with ``deep``, those inside
    mappings and lists too (an ``Output.secret({...})``)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        redaction.register(value)
    elif isinstance(value, int | float):
        redaction.register(str(value))
    elif deep and isinstance(value, Mapping):
        for item in value.values():
            register_plain(item, deep=True)
    elif deep and isinstance(value, list | tuple):
        for item in value:
            register_plain(item, deep=True)


@contextmanager
def watch_outputs() -> Iterator[None]:
    """Register secret values as the SDK resolves them, and remember where ``apply``
    callbacks raise, for the duration of the block.

    Scalars of every secret ``Output`` are registered (a derived string that embeds a secret
    is itself secret); the leaves of containers only when the container was given to
    ``Output.secret`` itself, since ``Output.all(secret, "eu-west-1")`` is secret as a whole
    and registering its every element would redact harmless words everywhere.
    """
    data_cls: Any = _output._OutputData
    output_cls: Any = _output.Output
    original_post_init: Callable[[Any], None] = data_cls.__post_init__
    original_secret: Any = output_cls.__dict__["secret"]
    original_apply: Any = output_cls.__dict__["apply"]

    def post_init(self: Any) -> None:
        original_post_init(self)
        if self.is_secret and self.is_known:
            register_plain(self.value, deep=False)

    def secret(val: Any) -> Any:
        result = original_secret.__func__(val)
        future = getattr(result, "_data", None)
        if isinstance(future, asyncio.Future):
            future.add_done_callback(_register_container)
        return result

    def apply(self: Any, func: Callable[[Any], Any], run_with_unknowns: bool = False) -> Any:
        return original_apply(self, _remember_origin(func), run_with_unknowns)

    data_cls.__post_init__ = post_init
    output_cls.secret = staticmethod(secret)
    output_cls.apply = apply
    try:
        yield
    finally:
        data_cls.__post_init__ = original_post_init
        output_cls.secret = original_secret
        output_cls.apply = original_apply


def _register_container(future: asyncio.Future[Any]) -> None:
    if future.cancelled() or future.exception() is not None:
        return
    data = future.result()
    if getattr(data, "is_known", False):
        register_plain(getattr(data, "value", None), deep=True)


def quiet_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Send the loop's unhandled-exception reports to the ``iaccore.engine`` debug log.

    The run's outcome is reported once, as the run's own error; these reports repeat it (one
    per future that saw the failure), with the plaintext of whatever the failing code printed.
    They are kept at DEBUG, reduced to their kind and the exception's type.
    """

    def handle(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # Only the kind of report and the exception's type: these reports may come from the
        # garbage collector long after the run (and its secrets' scope) ended.
        error = context.get("exception")
        kind = type(error).__name__ if error is not None else "no exception"
        _LOG.debug("%s (%s)", str(context.get("message", "asyncio report"))[:80], kind)

    loop.set_exception_handler(handle)


def drain(loop: asyncio.AbstractEventLoop, seconds: float = DRAIN_SECONDS) -> int:
    """Cancel the tasks still pending on ``loop`` and wait (at most ``seconds``) for them.

    Their exceptions are retrieved, so none is reported later by the garbage collector. Returns
    how many tasks were cancelled.
    """
    if loop.is_closed():
        return 0
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:

        async def settle() -> None:
            await asyncio.wait(pending, timeout=seconds)

        loop.run_until_complete(settle())
    for task in pending:
        if task.done() and not task.cancelled():
            task.exception()  # retrieved: never "exception was never retrieved"
    return len(pending)


@contextmanager
def worker_loops(loop: asyncio.AbstractEventLoop, seconds: float = DRAIN_SECONDS) -> Iterator[None]:
    """Run ``loop``'s executor threads with event loops of their own, closed on exit.

    Pulumi's mock monitor calls ``asyncio.get_event_loop()`` in the executor threads that run
    resource registrations and invokes, and creates a loop there when none is set; nothing
    closes those. Here each worker thread starts with a loop the engine owns. On exit the
    executor is shut down and each thread given up to ``seconds`` to finish; the loop of every
    finished thread is closed (a thread stuck in a mock keeps its loop, and the run still ends).

    Examples:
        >>> loop = asyncio.new_event_loop()
        >>> with worker_loops(loop):
        ...     inner = loop.run_until_complete(
        ...         loop.run_in_executor(None, asyncio.get_event_loop))
        >>> inner.is_closed(), loop.is_closed()
        (True, False)
        >>> loop.close()
    """
    created: list[tuple[threading.Thread, asyncio.AbstractEventLoop]] = []
    lock = threading.Lock()

    def own_loop() -> None:
        worker = asyncio.new_event_loop()
        asyncio.set_event_loop(worker)
        with lock:
            created.append((threading.current_thread(), worker))

    executor = ThreadPoolExecutor(thread_name_prefix="iaccore-synth", initializer=own_loop)
    loop.set_default_executor(executor)
    try:
        yield
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + seconds
        with lock:
            workers = list(created)
        for thread, worker in workers:
            thread.join(max(0.0, deadline - time.monotonic()))
            if not thread.is_alive():
                worker.close()
