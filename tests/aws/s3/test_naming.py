"""Physical bucket names: S3-legal, within 63 characters, deterministic (pure, property-tested)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.aws.s3.naming import (
    S3_BUCKET_NAME_MAX_LENGTH,
    bucket_name,
    is_valid_bucket_name,
)

LEGAL = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


class TestBucketName:
    @pytest.mark.parametrize(
        ("prefix", "name", "expected"),
        [
            ("acme", "data", "acme-data"),
            ("Payments.Dev", "Logs_2024", "payments-dev-logs-2024"),
            ("acme--x", "--y--", "acme-x-y"),
            ("sthree-acme", "data", "b-sthree-acme-data"),
            ("amzn-s3-demo-x", "y", "b-amzn-s3-demo-x-y"),
        ],
    )
    def test_examples(self, prefix: str, name: str, expected: str) -> None:
        """Lowercased, invalid characters and dots replaced, reserved prefixes avoided."""
        assert bucket_name(name, prefix=prefix) == expected

    def test_long_name_shortened_with_hash(self) -> None:
        """A long name keeps its start and ends with 8 hex digits of the full name's hash."""
        first = bucket_name("a" * 70, prefix="acme")
        second = bucket_name("a" * 71, prefix="acme")
        assert len(first) == len(second) == S3_BUCKET_NAME_MAX_LENGTH
        assert first != second
        assert re.match(r"^acme-a+-[0-9a-f]{8}$", first)

    def test_reserved_suffix_avoided(self) -> None:
        """A name ending in a reserved suffix (-s3alias) gets a hash suffix instead."""
        name = bucket_name("x-s3alias", prefix="acme")
        assert not name.endswith("-s3alias")
        assert is_valid_bucket_name(name)

    def test_too_short_padded(self) -> None:
        """Names that sanitize to fewer than 3 characters are padded with a hash."""
        assert re.match(r"^[0-9a-f]{8}$", bucket_name("!", prefix="?"))
        assert re.match(r"^a-[0-9a-f]{8}$", bucket_name("", prefix="a"))

    def test_validity_check(self) -> None:
        """is_valid_bucket_name refuses uppercase, dots, short, reserved names."""
        for bad in ("Ab1", "a.b.c", "ab", "-abc", "abc-", "xn--abc", "abc-s3alias", "a" * 64):
            assert not is_valid_bucket_name(bad), bad


@given(st.text(max_size=120), st.text(max_size=60))
def test_always_legal(name: str, prefix: str) -> None:
    """Any input gives a legal S3 name of 3-63 characters."""
    result = bucket_name(name, prefix=prefix)
    assert LEGAL.match(result), result
    assert is_valid_bucket_name(result)


@given(st.text(max_size=120), st.text(max_size=60))
def test_deterministic(name: str, prefix: str) -> None:
    """The same input always gives the same name."""
    assert bucket_name(name, prefix=prefix) == bucket_name(name, prefix=prefix)


@given(
    st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True),
)
def test_short_legal_names_kept(name: str, prefix: str) -> None:
    """Already-legal short names are kept as `<prefix>-<name>`."""
    expected = f"{prefix}-{name}"
    if is_valid_bucket_name(expected):
        assert bucket_name(name, prefix=prefix) == expected
