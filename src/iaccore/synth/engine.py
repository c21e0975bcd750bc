"""The embedded engine: run a Pulumi program in-process on the Pulumi mock engine.

Each synthesis gets a fresh event loop, fresh runtime settings, its own config and a fresh
iaccore program context, and waits until every registration and output has settled, so that
many runs in one process never leak into each other (pulumi/pulumi#6561, #6666).

Example:
    >>> import pulumi
    >>> graph = synth(lambda: pulumi.export("greeting", "hello"), stack="dev", project="demo")
    >>> graph.outputs["greeting"]
    'hello'
"""

from __future__ import annotations

import asyncio
import linecache
import logging
import os
import runpy
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from pulumi.runtime import config as _config
from pulumi.runtime import mocks as _mocks
from pulumi.runtime import settings as _settings
from pulumi.runtime import stack as _stack

from iaccore.core import context, redaction
from iaccore.core.errors import IaccoreError, ProgramError
from iaccore.synth.graph import Graph
from iaccore.synth.mocks import IaccoreMocks
from iaccore.synth.project import ProgramSpec, load_program, read_stack_config
from iaccore.synth.recorder import RecordingMonitor

__all__ = ["Program", "SynthRun", "synth"]

Program = Callable[[], Any] | str | os.PathLike[str]

_ENGINE_LOCK = threading.Lock()
_LOG = logging.getLogger("iaccore.engine")
_IACCORE_DIR = str(Path(__file__).resolve().parents[1])


class SynthRun:
    """What one synthesis produced: the graph plus how it was run.

    Example:
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
) -> Graph:
    """Run ``program`` on the embedded engine and return its resource graph.

    Args:
        program: A Pulumi project directory (with ``Pulumi.yaml``) or a zero-argument callable.
        stack: Stack name; for a directory, config comes from ``Pulumi.<stack>.yaml``.
        project: Project name for a callable (a directory's comes from ``Pulumi.yaml``).
        config: Extra config, ``{"namespace:key": value}``; non-strings are JSON-encoded, as the
            Pulumi CLI does. It overrides the stack file.
        secret_keys: Config keys to treat as secrets.
        mocks: Mocks to use; defaults to a fresh :class:`IaccoreMocks`. Either way the mocks
            get the run's config (:meth:`IaccoreMocks.use_config`), from which each provider
            module's mocks read their defaults (the region of the default provider ...).

    Raises:
        ProgramError: the program raised; the message starts with the user's ``file:line``.
        ConfigurationError: the program's config is invalid.
    """
    return synth_run(
        program, stack=stack, project=project, config=config, secret_keys=secret_keys, mocks=mocks
    ).graph


def synth_run(
    program: Program,
    *,
    stack: str = "dev",
    project: str | None = None,
    config: Mapping[str, Any] | None = None,
    secret_keys: tuple[str, ...] | list[str] = (),
    mocks: IaccoreMocks | None = None,
) -> SynthRun:
    """Like :func:`synth`, returning the :class:`SynthRun` (graph, mocks, timing)."""
    spec: ProgramSpec | None = None
    if callable(program):
        func: Callable[[], Any] = program
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
        func = _program_runner(spec)
    for key, value in (config or {}).items():
        flat[key] = value if isinstance(value, str) else _json(value)
    for key in secrets:
        if key in flat:
            redaction.register(flat[key])
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
        )
    graph = Graph(monitor.recorded(), outputs=monitor.recorded_outputs())
    return SynthRun(
        graph=graph,
        project=project_name,
        stack=stack,
        mocks=mocks,
        seconds=time.perf_counter() - start,
    )


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


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
) -> RecordingMonitor:
    loop = asyncio.new_event_loop()
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
    try:
        loop.run_until_complete(_stack.run_in_stack(func))
    except IaccoreError:
        raise
    except BaseException as err:
        raise _program_error(err, spec) from err
    finally:
        try:
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()
            asyncio.set_event_loop(previous_loop)
            _config.set_all_config({}, [])
            _settings.reset_options()
            context.reset()
    return monitor


def _current_loop() -> asyncio.AbstractEventLoop | None:
    # Only an already-set loop is restored afterwards; never create one here (it would leak).
    policy_loop = getattr(asyncio.get_event_loop_policy(), "_local", None)
    return getattr(policy_loop, "_loop", None)


def _is_user_frame(filename: str, spec: ProgramSpec | None) -> bool:
    if spec is not None:
        return filename.startswith(str(spec.root))
    if filename.startswith((_IACCORE_DIR, "<")):
        return False
    return "site-packages" not in filename and not filename.startswith(sys.base_prefix)


def _program_error(err: BaseException, spec: ProgramSpec | None) -> ProgramError:
    frames = traceback.extract_tb(err.__traceback__)
    cause: BaseException | None = err
    seen: set[int] = set()
    while cause is not None and not any(_is_user_frame(f.filename, spec) for f in frames):
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
        if cause is None or id(cause) in seen:
            break
        frames = traceback.extract_tb(cause.__traceback__)
    user = [f for f in frames if _is_user_frame(f.filename, spec)]
    summary = redaction.redact(f"{type(err).__name__}: {err}")
    if not user:
        return ProgramError(f"the program failed: {summary}", file=None, line=None)
    frame = user[-1]
    shown = frame.filename
    if spec is not None:
        shown = os.path.relpath(frame.filename, spec.root)
    source = redaction.redact((linecache.getline(frame.filename, frame.lineno or 0) or "").strip())
    message = f"{shown}:{frame.lineno}: {summary}"
    if source:
        message += f"\n    {source}"
    return ProgramError(message, file=shown, line=frame.lineno, error_type=type(err).__name__)


def format_traceback(err: BaseException) -> str:
    """The full traceback of ``err`` (for ``--verbose`` output)."""
    tb: TracebackType | None = err.__traceback__
    return redaction.redact("".join(traceback.format_exception(type(err), err, tb)))
