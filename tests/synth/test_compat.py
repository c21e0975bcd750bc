"""The engine's pulumi version guard: an SDK without the call the engine needs gives one line."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from pulumi.runtime.mocks import MockMonitor

from iaccore.cli import main
from iaccore.core.errors import EngineVersionError
from iaccore.synth import synth
from iaccore.synth.compat import REQUIRED_PULUMI, check_engine

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = str(ROOT / "tests" / "fixtures" / "programs" / "aws_k8s_sample")


def _without_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the installed SDK look like pulumi < 3.256, whose mocks lack GetDeploymentInfo."""
    monkeypatch.delattr(MockMonitor, "GetDeploymentInfo")


class TestCheckEngine:
    def test_the_installed_sdk_passes(self) -> None:
        """The SDK the suite runs on has what the engine needs."""
        check_engine()

    def test_an_old_monitor_names_both_versions(self) -> None:
        """A monitor class without the call: the installed and the required version, one line."""
        with pytest.raises(EngineVersionError) as caught:
            check_engine(type("OldMonitor", (), {}), installed="3.223.0")
        assert str(caught.value) == (
            "iaccore's engine needs pulumi >= 3.256 (its mock monitor has no GetDeploymentInfo); "
            'pulumi 3.223.0 is installed: pip install "pulumi>=3.256"'
        )

    def test_the_floor_matches_pyproject(self) -> None:
        """REQUIRED_PULUMI is the lower bound pyproject.toml declares for pulumi."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        pulumi = [r for r in project["dependencies"] if Requirement(r).name == "pulumi"]
        assert [str(Requirement(r).specifier) for r in pulumi] == [f"<4,>={REQUIRED_PULUMI}"]


def test_synth_refuses_before_running(monkeypatch: pytest.MonkeyPatch) -> None:
    """synth() raises the guard's error instead of an AttributeError from inside the run."""
    _without_the_call(monkeypatch)
    ran: list[bool] = []
    with pytest.raises(EngineVersionError, match=r"pulumi >= 3\.256"):
        synth(lambda: ran.append(True))
    assert ran == []


def test_cli_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`iaccore synth` on such an SDK: exit code 1, one line on stderr, no traceback."""
    _without_the_call(monkeypatch)
    code = main(["synth", SAMPLE, "--stack", "dev"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"iaccore's engine needs pulumi >= {REQUIRED_PULUMI} (its mock monitor has no "
        f"GetDeploymentInfo); pulumi {metadata.version('pulumi')} is installed: "
        f'pip install "pulumi>={REQUIRED_PULUMI}"'
    ]
