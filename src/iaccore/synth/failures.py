"""How a failed program is reported: one concise, redacted error at the user's line.

The Pulumi SDK re-raises an ``apply``'s exception wrapped in its own, once per resource that
needed the value, and loses the frame where it was raised; ``program_error`` finds the
innermost exception raised in the user's code (also through
``origin_frames``) and reports it once, with the SDK's first line as
context, every registered secret redacted and the text bounded.

Examples:
    >>> try:
    ...     raise ValueError("boom")
    ... except ValueError as err:
    ...     print(program_error(err, None).message.splitlines()[0].split(": ", 1)[1])
    ValueError: boom
"""

from __future__ import annotations

import linecache
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from iaccore.core import redaction
from iaccore.core.errors import ProgramError
from iaccore.synth.guards import origin_frames
from iaccore.synth.project import ProgramSpec

__all__ = ["MAX_SUMMARY_CHARS", "MAX_SUMMARY_LINES", "format_traceback", "program_error"]

_IACCORE_DIR = str(Path(__file__).resolve().parents[1])


def _is_user_frame(filename: str, spec: ProgramSpec | None) -> bool:
    if spec is not None:
        return filename.startswith(str(spec.root))
    if filename.startswith((_IACCORE_DIR, "<")):
        return False
    return "site-packages" not in filename and not filename.startswith(sys.base_prefix)


#: Longest error summary shown; a program's exception text can be thousands of lines long.
MAX_SUMMARY_CHARS = 2000
#: Most lines of an error summary shown.
MAX_SUMMARY_LINES = 20


def _chain(err: BaseException) -> list[BaseException]:
    """``err`` and its causes (explicit, else implicit), outermost first, without cycles."""
    chain: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in chain and len(chain) < 32:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _summary(err: BaseException) -> str:
    text = redaction.redact(f"{type(err).__name__}: {err}")
    lines = text.splitlines()
    if len(lines) > MAX_SUMMARY_LINES:
        text = "\n".join(
            [*lines[:MAX_SUMMARY_LINES], f"[... {len(lines) - MAX_SUMMARY_LINES} more lines]"]
        )
    if len(text) > MAX_SUMMARY_CHARS:
        text = text[:MAX_SUMMARY_CHARS] + " [...]"
    return text


def program_error(err: BaseException, spec: ProgramSpec | None) -> ProgramError:
    """One concise error: the innermost exception raised in the user's code, at its line.

    When the SDK wrapped it (an ``apply`` that failed while a resource was being registered),
    the wrapper's first line is added as context; nothing is repeated per resource.
    """
    chain = _chain(err)
    found: tuple[BaseException, list[traceback.FrameSummary]] | None = None
    for candidate in chain:
        frames = origin_frames(candidate) or traceback.extract_tb(candidate.__traceback__)
        user = [f for f in frames if _is_user_frame(f.filename, spec)]
        if user:
            found = (candidate, user)
            break
    cause = found[0] if found else chain[-1]
    if isinstance(cause, SystemExit):
        summary = f"the program called sys.exit({cause.code!r})"
    else:
        summary = _summary(cause)
    context = ""
    if cause is not err:
        outer = redaction.redact(str(err).splitlines()[0] if str(err) else type(err).__name__)
        context = f"\n    ({outer[:200]})"
    if found is None:
        return ProgramError(f"the program failed: {summary}{context}", file=None, line=None)
    frame = found[1][-1]
    shown = frame.filename
    if spec is not None:
        shown = os.path.relpath(frame.filename, spec.root)
    source = redaction.redact((linecache.getline(frame.filename, frame.lineno or 0) or "").strip())
    message = f"{shown}:{frame.lineno}: {summary}"
    if source:
        message += f"\n    {source[:200]}"
    message += context
    return ProgramError(message, file=shown, line=frame.lineno, error_type=type(cause).__name__)


def format_traceback(err: BaseException) -> str:
    """The full traceback of ``err`` (for ``--verbose`` output)."""
    tb: TracebackType | None = err.__traceback__
    return redaction.redact("".join(traceback.format_exception(type(err), err, tb)))
