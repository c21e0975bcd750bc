"""The installed ``iaccore`` console script (one subprocess test)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_console_script_help() -> None:
    script = shutil.which("iaccore") or str(Path(sys.executable).parent / "iaccore")
    done = subprocess.run(
        [script, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: iaccore")
    for command in ("synth", "snapshot", "validate", "schema", "version"):
        assert command in done.stdout
    assert done.stderr == ""
