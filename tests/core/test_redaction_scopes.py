"""Redaction scopes: one test, one command, one synthesis; the redacting stream."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from iaccore.core import redaction


@pytest.fixture
def no_scope() -> Iterator[None]:
    """Run as if outside any scope (the plugin opens one per test): restore afterwards."""
    saved = list(redaction._ACTIVE)
    redaction._ACTIVE.clear()
    yield
    redaction._ACTIVE[:] = saved


class TestScopes:
    def test_scope_forgets_its_values(self) -> None:
        """Values registered inside a scope are redacted there and forgotten after it."""
        with redaction.scope() as owner:
            redaction.register("scoped-s3cr3t")
            assert redaction.current_owner() == owner
            assert redaction.redact("x scoped-s3cr3t") == "x [secret]"
        assert redaction.redact("x scoped-s3cr3t") == "x scoped-s3cr3t"

    def test_nested_scope_keeps_the_outer_ones(self) -> None:
        """An inner scope forgets only its own values."""
        with redaction.scope():
            redaction.register("outer-s3cr3t")
            with redaction.scope():
                redaction.register("inner-s3cr3t")
            assert redaction.redact("outer-s3cr3t inner-s3cr3t") == "[secret] inner-s3cr3t"

    def test_value_of_two_owners_stays_until_both_forget(self) -> None:
        """A value another owner holds stays secret after one scope ends."""
        redaction.register("shared-s3cr3t", owner="keeper")
        try:
            with redaction.scope():
                redaction.register("shared-s3cr3t")
            assert redaction.redact("shared-s3cr3t") == "[secret]"
        finally:
            redaction.forget("keeper")
        assert redaction.redact("shared-s3cr3t") == "shared-s3cr3t"

    def test_the_plugin_gives_each_test_a_scope(self) -> None:
        """Inside a test, the current owner is the test's scope (the iaccore pytest plugin)."""
        assert redaction.current_owner().startswith("pytest:")

    def test_synthesis_scope_inside_a_scope_is_that_scope(self) -> None:
        """A synthesis inside a scope registers into it."""
        with redaction.scope("outer") as owner:
            assert redaction.synthesis_scope() == owner

    def test_synthesis_scope_outside_forgets_the_previous_synthesis(self, no_scope: None) -> None:
        """Outside any scope, each synthesis forgets the previous one's values."""
        first = redaction.synthesis_scope()
        with redaction.using(first):
            redaction.register("first-run-s3cr3t")
        assert redaction.redact("first-run-s3cr3t") == "[secret]"
        second = redaction.synthesis_scope()
        assert second != first
        assert redaction.redact("first-run-s3cr3t") == "first-run-s3cr3t"
        redaction.forget(second)


class TestRedactingWriter:
    def test_secret_split_across_writes(self) -> None:
        """A secret written in pieces is still replaced: lines are redacted whole."""
        target = io.StringIO()
        with redaction.scope():
            redaction.register("piecewise-s3cr3t")
            writer = redaction.RedactingWriter(target)
            for piece in ("a piece", "wise-s3", "cr3t b\nnext ", "line"):
                writer.write(piece)
            assert target.getvalue() == "a [secret] b\n"
            writer.flush()
        assert target.getvalue() == "a [secret] b\nnext line"

    def test_streams_are_restored(self) -> None:
        """redacted_streams puts sys.stdout and sys.stderr back afterwards."""
        import sys

        before = sys.stdout, sys.stderr
        with redaction.redacted_streams():
            assert sys.stdout is not before[0]
        assert (sys.stdout, sys.stderr) == before
