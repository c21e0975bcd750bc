"""checkov, run from an environment of its own that the test session creates and caches.

checkov cannot share an environment with current pulumi (it pins ``packaging<24``; pulumi needs
``packaging>=26``), so it is not in the ``test`` extra. The first scanner test of a session builds
a virtualenv from ``requirements/checkov.txt`` (the lock, refreshed with ``nox -s lock``) under
``$IACCORE_TOOLS_DIR`` (default ``~/.cache/iaccore/tools``), named by the lock's hash so a new lock
builds a new one, and later runs reuse it. ``IACCORE_CHECKOV_ENV=/path/to/venv`` uses a checkov
environment of your own instead.

When the environment cannot be had (no network, no disk), the scanner tests are skipped with one
line saying how to get it; with ``IACCORE_REQUIRE_SCANNERS=1`` (CI sets it) they fail instead, so
CI never passes without having run them.

Run ``python -m tests.scanners`` to build the environment ahead of the tests and print its path.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "checkov.txt"
HOW_TO_GET_IT = (
    "run `python -m tests.scanners` (builds checkov's own virtualenv from "
    "requirements/checkov.txt, needs PyPI) or set IACCORE_CHECKOV_ENV to a virtualenv with checkov"
)


class ScannerUnavailableError(RuntimeError):
    """checkov's environment could not be found or built."""


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


def _tools_dir() -> Path:
    configured = os.environ.get("IACCORE_TOOLS_DIR")
    if configured:
        return Path(configured)
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "iaccore" / "tools"


def cached_env() -> Path:
    """Where the environment built from the current lock lives."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]
    return _tools_dir() / f"checkov-{digest}"


def _build(target: Path) -> None:
    """Build checkov's virtualenv at ``target``: in a scratch folder first, then one rename, so
    an interrupted build or a second session building at the same time leaves no half env."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        python = str(_bin(scratch, "python"))
        uv = shutil.which("uv")
        if uv:
            steps = [
                [uv, "venv", "--quiet", "--python", sys.executable, str(scratch)],
                [uv, "pip", "install", "--quiet", "--python", python, "-r", str(LOCK)],
            ]
        else:
            steps = [
                [sys.executable, "-m", "venv", str(scratch)],
                [python, "-m", "pip", "install", "--quiet", "-r", str(LOCK)],
            ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False, timeout=900)
            if done.returncode != 0:
                last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:]
                raise ScannerUnavailableError(f"{' '.join(step[:3])} failed: {' '.join(last)}")
        # Only `python -m` is ever used: it keeps working after the rename (scripts would not).
        if not _works(scratch):
            raise ScannerUnavailableError("checkov does not import in the new environment")
        try:
            scratch.rename(target)
        except OSError:
            if not _works(target):  # another session won the race with a working env
                raise
        else:
            scratch = target
    finally:
        if scratch != target:
            shutil.rmtree(scratch, ignore_errors=True)


def _works(env: Path) -> bool:
    python = _bin(env, "python")
    if not python.exists():
        return False
    done = subprocess.run(
        [str(python), "-c", "import checkov.main"], capture_output=True, check=False, timeout=300
    )
    return done.returncode == 0


def checkov_python() -> Path:
    """The interpreter of checkov's environment, built on first use.

    Raises:
        ScannerUnavailableError: it is neither configured, cached nor buildable here.
    """
    found = _find_or_build()
    if isinstance(found, ScannerUnavailableError):
        raise found
    return found


@cache
def _find_or_build() -> Path | ScannerUnavailableError:
    """Once per session, success or failure: a failed build is not retried by every test."""
    try:
        configured = os.environ.get("IACCORE_CHECKOV_ENV")
        if configured:
            env = Path(configured)
            if not _works(env):
                raise ScannerUnavailableError(f"IACCORE_CHECKOV_ENV={configured} has no checkov")
            return _bin(env, "python")
        env = cached_env()
        if not _works(env):
            shutil.rmtree(env, ignore_errors=True)
            _build(env)
        return _bin(env, "python")
    except ScannerUnavailableError as err:
        return err
    except (OSError, subprocess.SubprocessError) as err:
        return ScannerUnavailableError(err)


def require_checkov() -> Path:
    """checkov's interpreter for a test; skips the test (fails it under
    ``IACCORE_REQUIRE_SCANNERS=1``) with one line saying how to get it."""
    try:
        return checkov_python()
    except ScannerUnavailableError as err:
        message = f"checkov is unavailable ({err}): {HOW_TO_GET_IT}"
        if os.environ.get("IACCORE_REQUIRE_SCANNERS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def checkov_report(
    args: list[str], *, cwd: Path | None = None, timeout: float = 300
) -> dict[str, Any]:
    """Run ``checkov ARGS -o json --skip-download`` in its own environment (its own process: it
    configures logging globally) and return its report (the first one, when it prints a list).

    checkov exits 0 when every check passed and 1 when some failed; anything else is an error.
    """
    done = subprocess.run(
        [str(require_checkov()), "-m", "checkov.main", *args, "-o", "json", "--skip-download"],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=timeout,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.strip(), done.stderr
    report = json.loads(done.stdout)
    first: dict[str, Any] = report[0] if isinstance(report, list) else report
    return first


def run_in_checkov(code: str) -> str:
    """Run Python ``code`` with checkov's interpreter and return its standard output."""
    done = subprocess.run(
        [str(require_checkov()), "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


if __name__ == "__main__":
    try:
        print(checkov_python().parent.parent)  # noqa: T201 - the command's answer
    except ScannerUnavailableError as err:
        sys.exit(f"checkov's environment could not be built: {err}")
