"""The secret-canary matrix: a canary enters through every door and leaves through none.

Doors: a secret config key, ``Output.secret``, an exception raised in an ``apply``, a component's
log records at every level, a failing pytest test. Exits checked: stdout, stderr, log records,
exception messages, files written by ``iaccore synth --output``, the rendered graph and pytest's
report. Controls show that each capture does see a value that was never secret.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iaccore.cli import main
from iaccore.core import redaction
from iaccore.core.errors import ProgramError
from iaccore.core.logging import LogManager
from iaccore.synth import synth
from iaccore.synth.render import render

CANARY = "CANARY-m4tr1x-9f2b7c"
PLAIN = "PLAINTEXT-v1s1ble-0000"  # never marked secret: the controls must see it
LEVELS = ("debug", "info", "warning", "error", "critical", "exception")

PROGRAM = """\
import pulumi
import pulumi_aws as aws

from iaccore.core.logging import get_logger

config = pulumi.Config("app")
SOURCE = config.get("source") or "output"
FAIL = config.get_bool("fail") or False
LEVEL = config.get("level") or "info"
secret = (
    config.require_secret("password") if SOURCE == "config" else pulumi.Output.secret("{canary}")
)


class Noisy(pulumi.ComponentResource):
    def __init__(self, name, value):
        super().__init__("demo:index:Noisy", name)
        log = get_logger("Noisy", name)

        def shout(plain):
            if LEVEL == "exception":
                try:
                    raise RuntimeError(f"inner {{plain}}")
                except RuntimeError:
                    log.exception("failed with %s and {plain}", plain, extra={{"detail": plain}})
            else:
                getattr(log, LEVEL)("value %s and {plain}", plain, extra={{"detail": plain}})
            return plain

        shouted = value.apply(shout)
        options = pulumi.ResourceOptions(parent=self)
        aws.s3.Bucket(f"{{name}}-store", tags={{"note": shouted}}, opts=options)
        self.register_outputs({{}})


Noisy("noisy", secret)
pulumi.export("secret", secret)
pulumi.export("derived", secret.apply(lambda v: "prefix-" + v))
if FAIL:

    def boom(plain):
        raise ValueError(f"bad secret {{plain}}")

    aws.s3.Bucket("failing", tags={{"x": secret.apply(boom)}})
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Pulumi project holding :data:`PROGRAM`."""
    root = tmp_path_factory.mktemp("canary")
    (root / "Pulumi.yaml").write_text("name: canary\nruntime: python\n")
    (root / "__main__.py").write_text(PROGRAM.format(canary=CANARY, plain=PLAIN))
    return root


def run_library(
    project: Path, source: str, level: str, *, fail: bool = False
) -> tuple[str, list[str]]:
    """Synthesize through the library with the log manager writing to a buffer.

    Returns everything written (logs, error text, rendered graph in every format) and the
    messages of the records a pytest-style capture saw.
    """
    config = {"app:source": source, "app:level": level, "app:fail": str(fail).lower()}
    secret_keys = []
    if source == "config":
        config["app:password"] = CANARY
        secret_keys.append("app:password")
    stream = io.StringIO()
    seen: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(self.format(record))

    capture = Capture()
    logging.getLogger("iaccore").addHandler(capture)
    LogManager.configure(environ={"IACCORE_LOG_LEVEL": "debug"}, stream=stream)
    texts: list[str] = []
    try:
        with redaction.scope():
            try:
                graph = synth(project, config=config, secret_keys=secret_keys)
            except ProgramError as err:
                texts += [str(err), repr(err), repr(err.details)]
            else:
                texts += [render(graph, fmt) for fmt in ("tree", "json", "md")]
                texts.append(repr(graph.outputs))
    finally:
        LogManager.reset()
        logging.getLogger("iaccore").removeHandler(capture)
    return "\n".join([stream.getvalue(), *texts]), seen


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("source", ["config", "output"])
class TestLibrary:
    def test_component_logs_never_show_the_canary(
        self, project: Path, source: str, level: str
    ) -> None:
        """Logged at every level, with args and extra fields: the canary never shows."""
        written, seen = run_library(project, source, level)
        assert "[secret]" in written  # the record was written, redacted
        assert PLAIN in written  # control: the same record's plain text is visible
        assert CANARY not in written
        assert not [line for line in seen if CANARY in line]

    def test_apply_failure_never_shows_the_canary(
        self, project: Path, source: str, level: str
    ) -> None:
        """An apply raising with the secret in its message: one concise error, redacted."""
        written, seen = run_library(project, source, level, fail=True)
        assert "ValueError: bad secret [secret]" in written
        assert CANARY not in written
        assert not [line for line in seen if CANARY in line]


@pytest.mark.parametrize("fail", [False, True])
@pytest.mark.parametrize("level", ["debug", "critical", "exception"])
def test_command_line_never_shows_the_canary(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    level: str,
    fail: bool,
) -> None:
    """``iaccore synth`` at debug level, to stdout and to a file: no canary anywhere."""
    project = Path(shutil.copytree(project, tmp_path / "project"))
    stack = project / "Pulumi.dev.yaml"
    stack.write_text(f"config:\n  app:level: {level}\n  app:fail: {str(fail).lower()}\n")
    monkeypatch.setenv("IACCORE_LOG_LEVEL", "debug")
    target = tmp_path / "graph.json"
    code = main(["synth", str(project), "--format", "json", "--output", str(target)])
    code_stdout = main(["synth", str(project), "--format", "tree"])
    out, err = capsys.readouterr()
    written = target.read_text() if target.exists() else ""
    assert (code, code_stdout) == ((1, 1) if fail else (0, 0)), err
    assert PLAIN in err  # control: the component's records were printed
    assert CANARY not in out + err + written
    if fail:  # at debug level the SDK's own tracebacks are shown too, redacted
        assert re.search(r"__main__\.py:\d+: ValueError: bad secret \[secret\]", err)
    else:
        assert "[secret]" in written


def test_secrets_do_not_outlive_their_scope(project: Path) -> None:
    """A canary that was secret in one scope (a test, a command) redacts nothing in the next."""
    config = {"app:password": CANARY, "app:source": "config"}
    with redaction.scope():
        synth(project, config=config, secret_keys=["app:password"])
        assert redaction.redact(CANARY) == "[secret]"
    assert redaction.redact(CANARY) == CANARY


def test_a_synthesis_outside_any_scope_forgets_the_previous_one(project: Path) -> None:
    """Outside a scope, a synthesis' secrets stay redacted until the next synthesis starts."""
    config = {"app:password": CANARY, "app:source": "config"}
    saved = list(redaction._ACTIVE)
    redaction._ACTIVE.clear()
    try:
        synth(project, config=config, secret_keys=["app:password"])
        assert redaction.redact(CANARY) == "[secret]"  # still, after the run: graphs render
        synth(lambda: None)
        assert redaction.redact(CANARY) == CANARY
    finally:
        redaction._ACTIVE[:] = saved


FAILING_TEST = """\
import logging

import pulumi

from iaccore.synth import synth


def test_fails_with_the_canary():
    seen = []

    def program():
        pulumi.Output.secret("{canary}").apply(seen.append)

    synth(program)
    logging.getLogger("app").warning("captured %s", seen[0])
    print("printed", seen[0])
    assert seen[0] == "{plain}"


def test_later_test_is_not_affected():
    assert "{canary}" == "{canary}-not"
"""


def run_pytest(folder: Path, *options: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", *options, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=folder,
    )
    return result.returncode, result.stdout + result.stderr


def test_pytest_reports_never_show_the_canary(tmp_path: Path) -> None:
    """A failing test whose assertion, captured log and output hold the canary: redacted."""
    (tmp_path / "test_canary.py").write_text(FAILING_TEST.format(canary=CANARY, plain=PLAIN))
    code, output = run_pytest(tmp_path)
    assert code == 1, output
    first = output.split("test_later_test_is_not_affected")[0]
    assert "[secret]" in first
    assert PLAIN in first  # control: the assertion's other side is shown
    assert CANARY not in first, textwrap.shorten(first, 2000)
    # the second test's own text is not a secret there: its scope is a new one
    assert f"{CANARY}-not" in output

    # control: without the plugin, the same report does show it
    _, unguarded = run_pytest(tmp_path, "-p", "no:iaccore")
    assert CANARY in unguarded.split("test_later_test_is_not_affected")[0]
