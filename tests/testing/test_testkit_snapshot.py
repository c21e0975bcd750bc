"""``assert_urns_match`` and the ``--iaccore-update-snapshots`` option."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pulumi_aws as aws
import pytest

from iaccore.testing import assert_urns_match, synth
from iaccore.testing import snapshot as snap


@pytest.fixture(autouse=True)
def _no_update_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("IACCORE_UPDATE_SNAPSHOTS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    before = snap.update_mode()
    snap.set_update_mode(False)
    yield
    snap.set_update_mode(before)


def one() -> None:
    aws.s3.Bucket("logs")


def two() -> None:
    aws.s3.Bucket("logs")
    aws.s3.Bucket("extra")


def renamed() -> None:
    aws.s3.Bucket("audit")


def test_first_run_writes_then_matches(tmp_path: Path) -> None:
    path = tmp_path / "snapshots" / "urns.json"
    assert_urns_match(synth(one), path)
    assert path.is_file()
    assert_urns_match(synth(one), path)


def test_missing_snapshot_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under CI a missing snapshot is a failure, not silently written."""
    monkeypatch.setenv("CI", "true")
    path = tmp_path / "urns.json"
    with pytest.raises(AssertionError, match="no URN snapshot"):
        assert_urns_match(synth(one), path)
    assert not path.exists()


def test_mismatch_fails_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "urns.json"
    assert_urns_match(synth(one), path)
    with pytest.raises(AssertionError) as exc:
        assert_urns_match(synth(renamed), path)
    message = str(exc.value)
    assert "- urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs" in message
    assert "--iaccore-update-snapshots" in message
    with pytest.raises(AssertionError, match="1 added"):
        assert_urns_match(synth(two), path)
    assert_urns_match(synth(two), path, allow_new=True)


def test_update_mode_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "urns.json"
    assert_urns_match(synth(one), path)
    monkeypatch.setenv("IACCORE_UPDATE_SNAPSHOTS", "1")
    assert_urns_match(synth(renamed), path)
    urns = [e["urn"] for e in json.loads(path.read_text())["resources"]]
    assert "urn:pulumi:dev::project::aws:s3/bucket:Bucket::audit" in urns


@pytest.mark.slow
def test_pytest_option_rewrites_snapshots(tmp_path: Path) -> None:
    """The installed plugin adds ``--iaccore-update-snapshots`` (run in a child pytest)."""
    path = tmp_path / "urns.json"
    path.write_text('{"resources": [], "version": 1}\n')
    test_file = tmp_path / "test_user_snapshot.py"
    test_file.write_text(
        textwrap.dedent(
            f"""
            import pulumi_aws as aws
            from iaccore.testing import assert_urns_match, synth

            def test_urns():
                assert_urns_match(synth(lambda: aws.s3.Bucket("logs")), {str(path)!r})
            """
        )
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)]
    failing = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert failing.returncode == 1, failing.stdout
    assert "--iaccore-update-snapshots" in failing.stdout
    updated = subprocess.run(
        [*command, "--iaccore-update-snapshots"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "aws:s3/bucket:Bucket::logs" in path.read_text()
