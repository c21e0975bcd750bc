"""Run the hostile-input corpus through the real command line, bounded in time and memory.

Every case runs ``iaccore validate`` or ``iaccore synth`` in-process on its own project folder
and must end with its exit code and message, print no canary, keep stdout as the case says, and
finish in under 2 s with a Python heap peak under 200 MB (``tracemalloc``).
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from iaccore.cli import main

from .corpus import CANARY, CASES, PROGRAM, PULUMI_YAML, VALID_STACK, Case

MAX_SECONDS = 2.0
MAX_BYTES = 200 * 1024 * 1024


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Import the provider SDKs once, so that no case is charged for the first import."""
    import pulumi_aws  # noqa: F401

    import iaccore.aws  # noqa: F401
    from iaccore.synth import engine  # noqa: F401


def install(case: Case, root: Path) -> None:
    """Write the default project, then the case's files over it."""
    defaults = {"Pulumi.yaml": PULUMI_YAML, "__main__.py": PROGRAM, "Pulumi.dev.yaml": VALID_STACK}
    for name, content in {**defaults, **case.files}.items():
        path = root / name
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def argv(case: Case, root: Path) -> list[str]:
    if case.command == "validate":
        return ["validate", str(root / "Pulumi.dev.yaml"), *case.args]
    return ["synth", str(root), "--stack", "dev", *case.args]


def test_corpus_size() -> None:
    """The corpus covers at least the issue's cases plus twenty more."""
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The case ends with its exit code and message, in bounded time and memory."""
    root = tmp_path / "project"
    root.mkdir()
    install(case, root)
    for name in [n for n in os.environ if n.upper().startswith(("IACCORE", "IACORE", "PULUMI"))]:
        monkeypatch.delenv(name)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value.replace("{root}", str(root)))
    monkeypatch.chdir(tmp_path)

    start = time.perf_counter()
    code = main(argv(case, root))
    seconds = time.perf_counter() - start
    out, err = capsys.readouterr()

    assert code == case.code, err
    for text in case.says:
        assert text in err, err
    assert CANARY not in out + err
    assert "Traceback" not in err
    assert "was never retrieved" not in err
    assert "Task was destroyed" not in err
    if case.max_lines is not None:
        assert len(err.splitlines()) <= case.max_lines, err
    if case.stdout == "empty":
        assert out == ""
    elif case.stdout == "json":
        json.loads(out)
    assert seconds < MAX_SECONDS, f"{case.name} took {seconds:.2f}s"

    # again, tracing allocations (which slows the run several times: not timed)
    tracemalloc.start()
    try:
        again = main(argv(case, root))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    capsys.readouterr()
    assert again == code
    assert peak < MAX_BYTES, f"{case.name} peaked at {peak / 2**20:.0f} MiB"
