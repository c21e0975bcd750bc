"""The ``iaccore`` command line: synth, snapshot, validate, schema and version.

Exit codes: 0 success, 1 program, config or snapshot error (the message goes to stderr, with a
traceback only under ``--verbose``), 2 bad usage, 124 the program did not finish within the
synth time limit (``--timeout``, ``IACCORE_SYNTH_TIMEOUT``, default 600 s), 130 interrupted.

Whatever a command prints (the rendered graph, errors, log records, the program's own output)
passes through ``iaccore.core.redaction.redact``: no value that was secret during the
command is printed or written in plaintext. While a program runs, its standard output goes to
stderr, so stdout holds only the rendered result (``--format json`` stays valid JSON). The
``iaccore`` loggers (components, the engine, ``pulumi.log``) write to stderr at the level of
``IACCORE_LOG_LEVEL``, else ``PULUMI_LOG_LEVEL``, else ``info``.

Examples:
    >>> main(["version"])  # doctest: +ELLIPSIS
    iaccore ...
    0
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from iaccore._version import __version__
from iaccore.core import redaction
from iaccore.core.errors import IaccoreError

if TYPE_CHECKING:
    from iaccore.synth.graph import Graph

__all__ = ["OTHER_SDKS", "build_parser", "main", "provider_sdks"]

#: Distributions ``iaccore version`` reports besides the provider modules' SDKs.
OTHER_SDKS = ("pulumi-policy",)

_DEFAULT_FORMAT = "tree"


class _FailureError(Exception):
    """A command failed with a message for stderr (exit code 1)."""


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _epilog(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``iaccore`` argument parser (exposed for documentation and tests)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="show the full traceback on errors"
    )
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="iaccore",
        description="Synthesize, check and inspect iaccore/Pulumi programs offline.",
        formatter_class=raw,
        epilog=_epilog(
            """
            examples:
              iaccore synth infra --stack dev
              iaccore synth infra --stack prod --format json --output graph.json
              iaccore validate infra/Pulumi.dev.yaml
            """
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    synth = sub.add_parser(
        "synth",
        parents=[common],
        formatter_class=raw,
        help="run a Pulumi program on the embedded mock engine and render its resources",
        description="Run a Pulumi program offline (no cloud, no Pulumi CLI) and render the "
        "resource graph as a tree, JSON, a Markdown summary or a format an installed provider "
        "module adds (such as manifests).",
        epilog=_epilog(
            """
            examples:
              iaccore synth infra --stack dev
              iaccore synth infra --stack dev --format json --output graph.json
            """
        ),
    )
    _program_args(synth)
    synth.add_argument(
        "-f",
        "--format",
        type=_format_name,
        default=_DEFAULT_FORMAT,
        metavar="FORMAT",
        help="tree (default), json, md, or a format an installed provider module adds "
        "(an unknown name lists them all)",
    )
    synth.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")

    snap = sub.add_parser(
        "snapshot",
        parents=[common],
        formatter_class=raw,
        help="write or check the URN snapshot of a program",
        description="Record the URNs a program creates (--update) or check that no URN "
        "disappeared without an alias (--check); a disappeared URN means Pulumi would "
        "replace the resource. FILE ending in .json is JSON, anything else plain text.",
        epilog=_epilog(
            """
            examples:
              iaccore snapshot infra --stack dev --update urns.json
              iaccore snapshot infra --stack dev --check urns.json
            """
        ),
    )
    _program_args(snap)
    mode = snap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--update", type=Path, metavar="FILE", help="write the snapshot to FILE")
    mode.add_argument("--check", type=Path, metavar="FILE", help="compare with the snapshot FILE")

    validate = sub.add_parser(
        "validate",
        parents=[common],
        formatter_class=raw,
        help="validate the iaccore config of a stack file",
        description="Load every config layer with STACKFILE as the stack layer and validate "
        "it; errors name the key, the file and the line.",
        epilog="example:\n  iaccore validate infra/Pulumi.dev.yaml",
    )
    validate.add_argument("stack_file", type=Path, metavar="STACKFILE", help="Pulumi.<stack>.yaml")

    schema = sub.add_parser(
        "schema",
        parents=[common],
        formatter_class=raw,
        help="print the JSON Schema of iaccore stack files",
        description="Print the JSON Schema of Pulumi.<stack>.yaml files with iaccore config "
        "(for editor completion and CI validation).",
        epilog="example:\n  iaccore schema --output .vscode/iaccore.schema.json",
    )
    schema.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")

    sub.add_parser(
        "version",
        parents=[common],
        formatter_class=raw,
        help="print iaccore, Pulumi SDK and provider SDK versions",
        description="Print the versions of iaccore, the Pulumi SDK and the provider SDKs.",
        epilog="example:\n  iaccore version",
    )
    return parser


def _format_name(name: str) -> str:
    """Check ``--format`` against the renderers (loaded only when the option is given)."""
    from iaccore.synth.render import formats

    known = formats()
    if name not in known:
        raise argparse.ArgumentTypeError(
            f"unknown format {name!r}; expected one of: {', '.join(known)}"
        )
    return name


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {text!r}")
    return value


def _program_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", type=Path, metavar="DIR", help="Pulumi project directory")
    parser.add_argument("-s", "--stack", default="dev", help="stack name (default: dev)")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="stop the program after SECONDS and exit with code 124 (default: "
        "IACCORE_SYNTH_TIMEOUT, else 600; 0: no limit)",
    )


@contextmanager
def _progress(message: str, stream: TextIO) -> Iterator[None]:
    """A spinner on ``stream`` while the block runs, only when ``stream`` is a terminal."""
    if not stream.isatty():
        yield
        return
    from rich.console import Console

    with Console(file=stream).status(message):
        yield


def _synthesize(args: argparse.Namespace) -> Graph:
    from iaccore.core.logging import LogManager
    from iaccore.synth.engine import synth_run

    # Own the thread's event loop and close it afterwards: otherwise asyncio creates one on
    # demand that is only finalized at interpreter exit, which can print a spurious error.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    LogManager.configure(stream=sys.stderr)
    try:
        with (
            _progress(f"Synthesizing {args.program} (stack {args.stack})...", sys.stderr),
            contextlib.redirect_stdout(sys.stderr),  # the program's prints: never on stdout
        ):
            run = synth_run(args.program, stack=args.stack, timeout=args.timeout)
    finally:
        LogManager.reset()
        asyncio.set_event_loop(None)
        loop.close()
    if args.verbose:
        _err(
            f"synthesized {len(run.graph)} resources of {run.project}/{run.stack} "
            f"in {run.seconds:.2f}s"
        )
    return run.graph


def _emit(text: str, output: Path | None) -> None:
    text = redaction.redact(text)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text if text.endswith("\n") or not text else text + "\n", encoding="utf-8")
    _err(f"wrote {output}")


def _cmd_synth(args: argparse.Namespace) -> int:
    from iaccore.synth.render import build_tree, render

    # A one-shot command allocates hundreds of thousands of long-lived objects (the provider
    # SDKs' classes) and frees little: collecting rarely, with what is already loaded frozen,
    # saves about a fifth of the run while memory stays bounded. Long-running users of the
    # engine (pytest) keep the default.
    gc.freeze()
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        graph = _synthesize(args)
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()
    if args.format == "tree" and args.output is None and sys.stdout.isatty():
        from rich.console import Console

        Console().print(build_tree(graph, style=True))
        return 0
    _emit(render(graph, args.format), args.output)
    return 0


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from iaccore.synth.snapshot import compare_snapshot, write_snapshot

    graph = _synthesize(args)
    if args.update is not None:
        write_snapshot(graph, args.update)
        _out(f"wrote {args.update} ({len(graph)} URNs)")
        return 0
    diff = compare_snapshot(graph, args.check)
    if diff.ok:
        _out(f"ok: {args.check}" + ("" if diff.unchanged else "\n" + diff.render()))
        return 0
    raise _FailureError(diff.render())


def _cmd_validate(args: argparse.Namespace) -> int:
    from iaccore.core.config import validate_stack_file

    stack = validate_stack_file(args.stack_file)
    sections = len(stack.model_fields_set)
    _out(f"ok: {args.stack_file} ({sections} sections)")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from iaccore.core.config import json_schema

    _emit(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", args.output)
    return 0


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def provider_sdks() -> list[str]:
    """Distribution names of the SDKs of every discovered provider module, sorted.

    An SDK that is not installed is named after its import name (``pulumi_demo`` becomes
    ``pulumi-demo``, as Pulumi publishes its SDKs).
    """
    from packaging.utils import canonicalize_name

    from iaccore.core.modules import discover_modules

    installed = metadata.packages_distributions()
    names: set[str] = set()
    for spec in discover_modules().values():
        dists = installed.get(spec.sdk_module)
        names.add(canonicalize_name(dists[0] if dists else spec.sdk_module))
    return sorted(names)


def _cmd_version(_args: argparse.Namespace) -> int:
    rows = [("iaccore", __version__), ("pulumi", _dist_version("pulumi"))]
    rows += [(name, _dist_version(name)) for name in [*provider_sdks(), *OTHER_SDKS]]
    width = max(len(name) for name, _ in rows)
    for name, version in rows:
        _out(f"{name.ljust(width)} {version}")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "synth": _cmd_synth,
    "snapshot": _cmd_snapshot,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "version": _cmd_version,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``iaccore`` command line with ``argv`` (default ``sys.argv[1:]``).

    Returns the exit code; the ``iaccore`` console script passes it to ``sys.exit``.
    Bad usage exits with code 2 (argparse raises ``SystemExit``).
    """
    args = build_parser().parse_args(argv)
    with redaction.scope("iaccore-command"), redaction.redacted_streams():
        return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    verbose = bool(getattr(args, "verbose", False))
    try:
        return _COMMANDS[args.command](args)
    except (IaccoreError, _FailureError, OSError) as err:
        if verbose:
            from iaccore.synth.engine import format_traceback

            cause = err.__cause__ or err
            sys.stderr.write(format_traceback(cause))
        _err(f"error: {err}" if isinstance(err, OSError) else str(err))
        return _exit_code(err)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


def _exit_code(err: BaseException) -> int:
    if type(err).__name__ == "SynthTimeoutError":  # not imported: validate loads no engine
        from iaccore.synth.deadline import TIMEOUT_EXIT_CODE, SynthTimeoutError

        if isinstance(err, SynthTimeoutError):
            return TIMEOUT_EXIT_CODE
    return 1


if __name__ == "__main__":  # pragma: no cover - python -m iaccore.cli
    sys.exit(main())
