"""The checkov environment helper: found, built or explained in one line, never an ImportError."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import scanners


@pytest.fixture
def fresh_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forget the session's lookup before and after, so the test sees its own environment."""
    monkeypatch.delenv("IACCORE_REQUIRE_SCANNERS", raising=False)
    scanners._find_or_build.cache_clear()
    yield
    scanners._find_or_build.cache_clear()


@pytest.mark.usefixtures("fresh_lookup")
class TestMissingCheckov:
    def test_skips_with_one_line_on_how_to_get_it(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A configured environment without checkov: the test is skipped, the reason one line."""
        monkeypatch.setenv("IACCORE_CHECKOV_ENV", str(tmp_path))
        with pytest.raises(pytest.skip.Exception) as skipped:
            scanners.require_checkov()
        reason = str(skipped.value)
        assert "\n" not in reason
        assert reason.startswith(f"checkov is unavailable (IACCORE_CHECKOV_ENV={tmp_path} has no")
        assert "python -m tests.scanners" in reason

    def test_fails_instead_when_scanners_are_required(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """CI sets IACCORE_REQUIRE_SCANNERS=1: the same situation fails the test."""
        monkeypatch.setenv("IACCORE_CHECKOV_ENV", str(tmp_path))
        monkeypatch.setenv("IACCORE_REQUIRE_SCANNERS", "1")
        with pytest.raises(pytest.fail.Exception, match="checkov is unavailable"):
            scanners.require_checkov()

    def test_a_failed_build_is_explained_and_not_retried(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A build that cannot install (here: a lock naming no real package) says why, once."""
        lock = tmp_path / "checkov.txt"
        lock.write_text("iaccore-no-such-package-for-tests==0.0.0\n")
        monkeypatch.setattr(scanners, "LOCK", lock)
        monkeypatch.setenv("IACCORE_TOOLS_DIR", str(tmp_path / "tools"))
        monkeypatch.delenv("IACCORE_CHECKOV_ENV", raising=False)
        builds: list[Path] = []
        real_build = scanners._build
        monkeypatch.setattr(scanners, "_build", lambda env: builds.append(env) or real_build(env))
        for _ in range(2):
            with pytest.raises(pytest.skip.Exception, match="checkov is unavailable"):
                scanners.require_checkov()
        assert len(builds) == 1
        assert list((tmp_path / "tools").iterdir()) == []  # no half-built environment left


def test_the_cached_environment_is_named_by_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new lock builds a new environment; the same lock reuses the cached one."""
    monkeypatch.setenv("IACCORE_TOOLS_DIR", "/cache")
    first = scanners.cached_env()
    assert first.parent == Path("/cache")
    assert first.name.startswith("checkov-")
    assert scanners.cached_env() == first
