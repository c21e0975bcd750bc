"""The one secret registry: owners, minimum length, longest-first replacement."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iaccore.core import redaction


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    yield
    for owner in ("a", "b"):
        redaction.forget(owner)


def test_owners_forget_only_their_own() -> None:
    """forget(owner) drops that owner's values; a value another owner holds stays secret."""
    redaction.register("value-of-a", owner="a")
    redaction.register("value-of-both", owner="a")
    redaction.register("value-of-both", owner="b")
    redaction.forget("a")
    assert redaction.redact("value-of-a value-of-both") == "value-of-a [secret]"
    redaction.forget("b")
    assert redaction.redact("value-of-both") == "value-of-both"


def test_short_values_are_not_registered() -> None:
    """Values shorter than MIN_SECRET_LENGTH would garble output: they are ignored."""
    short = "x" * (redaction.MIN_SECRET_LENGTH - 1)
    redaction.register(short, owner="a")
    assert redaction.redact(short) == short


def test_longest_first() -> None:
    """A secret containing another is replaced whole."""
    redaction.register("abcd", owner="a")
    redaction.register("abcdefgh", owner="b")
    assert redaction.redact("abcdefgh abcd") == f"{redaction.REDACTED} {redaction.REDACTED}"
