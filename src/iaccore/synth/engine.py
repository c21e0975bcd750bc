"""The embedded engine: run a Pulumi program in-process on the Pulumi mock engine.

Each synthesis gets a fresh event loop, fresh runtime settings, its own config and a fresh
iaccore program context, and waits until every registration and output has settled, so that
many runs in one process never leak into each other (pulumi/pulumi#6561, #6666).

Examples:
    >>> import pulumi
    >>> graph = synth(lambda: pulumi.export("greeting", "hello"), stack="dev", project="demo")
    >>> graph.outputs["greeting"]
    'hello'
"""

from __future__ import annotations

import asyncio
import json
import os
import runpy
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pulumi.runtime import config as _config
from pulumi.runtime import mocks as _mocks
from pulumi.runtime import settings as _settings
from pulumi.runtime import stack as _stack

from iaccore.core import context, redaction
from iaccore.core.config.bounded import check_data
from iaccore.core.errors import IaccoreError, ProgramError
from iaccore.core.logging import redacted_logger
from iaccore.synth.compat import check_engine
from iaccore.synth.deadline import Deadline, SynthTimeoutError, resolve_timeout
from iaccore.synth.failures import format_traceback, program_error
from iaccore.synth.graph import Graph
from iaccore.synth.guards import drain, quiet_loop, register_plain, watch_outputs, worker_loops
from iaccore.synth.mocks import IaccoreMocks
from iaccore.synth.overrides import apply_overrides
from iaccore.synth.project import ProgramSpec, load_program, read_stack_config
from iaccore.synth.recorder import RecordingMonitor

__all__ = ["Program", "SynthRun", "format_traceback", "synth", "synth_run"]

Program = Callable[[], Any] | str | os.PathLike[str]

_ENGINE_LOCK = threading.Lock()
_LOG = redacted_logger("iaccore.engine")


class SynthRun:
    """What one synthesis produced: the graph plus how it was run.

    Examples:
        >>> run = SynthRun(graph=Graph([], outputs={}), project="p", stack="dev",
        ...                mocks=IaccoreMocks(), seconds=0.1)
        >>> run.stack
        'dev'
    """

    def __init__(
        self, *, graph: Graph, project: str, stack: str, mocks: IaccoreMocks, seconds: float
    ) -> None:
        self.graph = graph
        self.project = project
        self.stack = stack
        self.mocks = mocks
        self.seconds = seconds


def synth(
    program: Program,
    *,
    stack: str = "dev",
    project: str | None = None,
    config: Mapping[str, Any] | None = None,
    secret_keys: tuple[str, ...] | list[str] = (),
    mocks: IaccoreMocks | None = None,
    timeout: float | None = None,
) -> Graph:
    """Run ``program`` on the embedded engine and return its resource graph.

    Args:
        program: A Pulumi project directory (with ``Pulumi.yaml``) or a zero-argument callable.
        stack: Stack name; for a directory, config comes from ``Pulumi.<stack>.yaml``.
        project: Project name for a callable (a directory's comes from ``Pulumi.yaml``).
        config: Extra config, ``{"namespace:key": value}``; non-strings are JSON-encoded, as the
            Pulumi CLI does. It overrides the stack file: a mapping given for an ``iaccore:``
            key merges into the stack file's value key by key, like a higher config layer
            (``iaccore.synth.overrides.apply_overrides``); other values replace it.
        secret_keys: Config keys to treat as secrets.
        mocks: Mocks to use; defaults to a fresh [`IaccoreMocks`][iaccore.synth.IaccoreMocks].
            Either way the mocks get the run's config
            ([`IaccoreMocks.use_config`][iaccore.synth.IaccoreMocks.use_config]), from which each
            provider module's mocks read their defaults (the region of the default provider ...).
        timeout: Wall-clock limit in seconds; default ``IACCORE_SYNTH_TIMEOUT``, else
            ``DEFAULT_TIMEOUT``; ``0``: no limit.

    A program that ends with ``sys.exit(0)`` (or ``sys.exit()``) succeeds. Secret values
    (secret config keys, ``Output.secret`` values as they resolve) are redacted from every
    error and log record for as long as the run's redaction scope lasts
    (``iaccore.core.redaction.synthesis_scope``).

    Raises:
        ProgramError: the program raised, exited with a non-zero status or registered two
            resources with the same URN; the message starts with the user's ``file:line``.
        SynthTimeoutError: the program did not finish within ``timeout``.
        ConfigurationError: the program's config is invalid.
        EngineVersionError: the installed pulumi is older than the engine needs
            (``iaccore.synth.compat.REQUIRED_PULUMI``).
    """
    return synth_run(
        program,
        stack=stack,
        project=project,
        config=config,
        secret_keys=secret_keys,
        mocks=mocks,
        timeout=timeout,
    ).graph


def synth_run(
    program: Program,
    *,
    stack: str = "dev",
    project: str | None = None,
    config: Mapping[str, Any] | None = None,
    secret_keys: tuple[str, ...] | list[str] = (),
    mocks: IaccoreMocks | None = None,
    timeout: float | None = None,
) -> SynthRun:
    """Like ``synth``, returning the ``SynthRun`` (graph, mocks, timing)."""
    check_engine()
    limit = resolve_timeout(timeout, os.environ)
    with redaction.using(redaction.synthesis_scope()):
        return _synth_run(program, stack, project, config, list(secret_keys), mocks, limit)


def _synth_run(  # noqa: PLR0917 - private, called once with every argument in order
    program: Program,
    stack: str,
    project: str | None,
    config: Mapping[str, Any] | None,
    secret_keys: list[str],
    mocks: IaccoreMocks | None,
    timeout: float | None,
) -> SynthRun:
    spec: ProgramSpec | None = None
    if callable(program):
        func: Callable[[], Any] = _exit_zero_is_success(program)
        project_name = project or "project"
        flat: dict[str, str] = {}
        secrets = list(secret_keys)
        root = Path.cwd()
    else:
        spec = load_program(Path(program))
        project_name = spec.name
        flat, secrets = read_stack_config(spec, stack)
        secrets = sorted({*secrets, *secret_keys})
        root = spec.root
        func = _exit_zero_is_success(_program_runner(spec))
    for key, value in (config or {}).items():
        check_data(value, key_path=key, layer="code")  # bounded like every other layer
    flat = apply_overrides(flat, config)
    for key in secrets:
        if key in flat:
            redaction.register(flat[key])
            register_plain(_decoded(flat[key]), deep=True)  # the leaves of a secret object
    if mocks is None:
        mocks = IaccoreMocks()
    mocks.use_config(flat)
    start = time.perf_counter()
    with _ENGINE_LOCK:
        monitor = _run(
            func,
            project=project_name,
            stack=stack,
            root=root,
            config=flat,
            secret_keys=secrets,
            mocks=mocks,
            spec=spec,
            timeout=timeout,
        )
    graph = Graph(monitor.recorded(), outputs=monitor.recorded_outputs())
    return SynthRun(
        graph=graph,
        project=project_name,
        stack=stack,
        mocks=mocks,
        seconds=time.perf_counter() - start,
    )


def _decoded(text: str) -> Any:
    if not text.lstrip().startswith(("{", "[")):
        return text
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _exit_zero_is_success(func: Callable[[], Any]) -> Callable[[], Any]:
    """``sys.exit(0)`` / ``sys.exit()`` in the program's body ends it successfully: the run
    then completes (outputs registered, registrations awaited) as after a normal return."""

    def run() -> Any:
        try:
            return func()
        except SystemExit as done:
            if done.code in (None, 0):
                return None
            raise

    return run


def _program_runner(spec: ProgramSpec) -> Callable[[], None]:
    def run() -> None:
        main_dir = str(spec.main.parent)
        old_cwd = os.getcwd()
        old_path = list(sys.path)
        before = set(sys.modules)
        os.chdir(spec.root)
        sys.path.insert(0, main_dir)
        try:
            runpy.run_path(str(spec.main), run_name="__main__")
        finally:
            os.chdir(old_cwd)
            sys.path[:] = old_path
            for name in set(sys.modules) - before:
                module_file = getattr(sys.modules[name], "__file__", None) or ""
                if module_file.startswith(str(spec.root)):
                    del sys.modules[name]

    return run


def _run(
    func: Callable[[], Any],
    *,
    project: str,
    stack: str,
    root: Path,
    config: dict[str, str],
    secret_keys: list[str],
    mocks: IaccoreMocks,
    spec: ProgramSpec | None,
    timeout: float | None,
) -> RecordingMonitor:
    loop = asyncio.new_event_loop()
    quiet_loop(loop)
    previous_loop = _current_loop()
    asyncio.set_event_loop(loop)
    monitor = RecordingMonitor(mocks)
    context.reset()
    _settings.reset_options(project=project, stack=stack, root_directory=str(root), preview=False)
    _config.set_all_config(config, secret_keys)
    _settings.configure(
        _mocks.MockSettings(  # type: ignore[no-untyped-call]
            monitor=monitor,
            monitor_features=set(monitor.GetDeploymentInfo(None).supportedFeatures),  # type: ignore[no-untyped-call]
            engine=_mocks.MockEngine(_LOG),
            project=project,
            stack=stack,
            root_directory=str(root),
            dry_run=False,
            organization="organization",
            callbacks=None,
        )
    )
    failure: BaseException | None = None
    deadline = Deadline(timeout, loop)
    try:
        with worker_loops(loop), watch_outputs():
            try:
                with deadline:
                    loop.run_until_complete(_stack.run_in_stack(func))
            except BaseException as err:
                failure = err
            finally:
                drain(loop)  # pending outputs: cancelled and awaited, never left to the GC
    finally:
        try:
            loop.run_until_complete(_bounded(loop.shutdown_default_executor()))
        finally:
            loop.close()
            asyncio.set_event_loop(previous_loop)
            _config.set_all_config({}, [])
            _settings.reset_options()
            context.reset()
    _raise_failure(failure, monitor, spec, timeout if deadline.expired else None)
    return monitor


async def _bounded(step: Any, seconds: float = 5.0) -> None:
    # An executor thread stuck in C code cannot be interrupted: do not wait for it forever.
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        _LOG.debug("an executor thread did not stop within %s s; left behind", seconds)


def _raise_failure(
    failure: BaseException | None,
    monitor: RecordingMonitor,
    spec: ProgramSpec | None,
    expired: float | None,
) -> None:
    """Report how the run ended, most telling cause first: time limit, duplicate URN, error."""
    if expired is not None and failure is not None:
        raise SynthTimeoutError.after(expired) from None
    if monitor.duplicate_urns:
        urn = monitor.duplicate_urns[0]
        raise ProgramError(
            f"Duplicate resource URN '{urn}'; try giving it a unique name",
            file=None,
            line=None,
            urn=urn,
        ) from None
    if failure is None:
        return
    if isinstance(failure, IaccoreError):
        raise failure
    if isinstance(failure, KeyboardInterrupt):
        raise failure  # a real Ctrl-C: the command line reports it
    raise program_error(failure, spec) from failure


def _current_loop() -> asyncio.AbstractEventLoop | None:
    # Only an already-set loop is restored afterwards; never create one here (it would leak).
    policy_loop = getattr(asyncio.get_event_loop_policy(), "_local", None)
    return getattr(policy_loop, "_loop", None)
