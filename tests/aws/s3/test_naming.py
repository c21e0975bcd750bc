"""Physical bucket names: S3-legal, within 63 characters, deterministic (pure, property-tested)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.aws.s3.naming import (
    ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS,
    S3_BUCKET_NAME_MAX_LENGTH,
    account_regional_parts,
    account_regional_suffix,
    bucket_name,
    is_valid_bucket_name,
    resolve_bucket_name,
)
from iaccore.core.errors import ConfigurationError

LEGAL = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
ACCOUNT = "123456789012"
REGIONS = ("eu-west-1", "us-east-1", "ap-southeast-4", "us-gov-west-1", "eusc-de-east-1")


def head(name: str, prefix: str, region: str = "eu-west-1") -> str:
    """The part of the account-regional name before `-<account>-<region>-an`."""
    full = bucket_name(name, prefix=prefix, account_id=ACCOUNT, region=region)
    return full.removesuffix(account_regional_suffix(ACCOUNT, region))


class TestHead:
    @pytest.mark.parametrize(
        ("prefix", "name", "expected"),
        [
            ("acme", "data", "acme-data"),
            ("Payments.Dev", "Logs_2024", "payments-dev-logs-2024"),
            ("acme--x", "--y--", "acme-x-y"),
            ("sthree-acme", "data", "b-sthree-acme-data"),
            ("amzn-s3-demo-x", "y", "b-amzn-s3-demo-x-y"),
            ("xn--acme", "y", "xn-acme-y"),
        ],
    )
    def test_examples(self, prefix: str, name: str, expected: str) -> None:
        """Lowercased, invalid characters and dots replaced, reserved prefixes avoided."""
        assert head(name, prefix) == expected

    def test_long_head_shortened_with_hash(self) -> None:
        """A long head keeps its start and ends with 8 hex digits of the full text's hash."""
        first, second = head("a" * 70, "acme"), head("a" * 71, "acme")
        assert (
            len(first)
            == len(second)
            == S3_BUCKET_NAME_MAX_LENGTH - len("-123456789012-eu-west-1-an")
        )
        assert first != second
        assert re.match(r"^acme-a+-[0-9a-f]{8}$", first)

    def test_too_short_padded(self) -> None:
        """Heads that sanitize to fewer than 3 characters are padded with a hash."""
        assert re.match(r"^[0-9a-f]{8}$", head("!", "?"))
        assert re.match(r"^a-[0-9a-f]{8}$", head("", "a"))


class TestBucketName:
    def test_account_regional_by_default(self) -> None:
        """`<prefix>-<name>-<account>-<region>-an` by default."""
        name = bucket_name("data", prefix="acme", account_id=ACCOUNT, region="eu-west-1")
        assert name == f"acme-data-{ACCOUNT}-eu-west-1-an"
        assert is_valid_bucket_name(name, "account-regional")
        assert account_regional_parts(name) == (ACCOUNT, "eu-west-1")

    def test_global(self) -> None:
        """namespace global: `<prefix>-<name>-<account>-<region>`, never ending in -an."""
        name = bucket_name(
            "an", prefix="acme", account_id=ACCOUNT, region="eu-west-1", namespace="global"
        )
        assert name == f"acme-an-{ACCOUNT}-eu-west-1"
        assert is_valid_bucket_name(name, "global")

    def test_long_name_keeps_the_whole_suffix(self) -> None:
        """Shortening hits the head only; the account and region suffix stays whole."""
        for region in REGIONS:
            name = bucket_name("x" * 80, prefix="acme", account_id=ACCOUNT, region=region)
            assert len(name) == S3_BUCKET_NAME_MAX_LENGTH
            assert name.endswith(account_regional_suffix(ACCOUNT, region))
            assert re.search(r"-[0-9a-f]{8}-\d{12}-", name)

    def test_validity_check(self) -> None:
        """is_valid_bucket_name refuses uppercase, dots, short, reserved names."""
        for bad in ("Ab1", "a.b.c", "ab", "-abc", "abc-", "xn--abc", "abc-s3alias", "a" * 64):
            assert not is_valid_bucket_name(bad), bad
        assert not is_valid_bucket_name("acme-data-an")
        assert not is_valid_bucket_name("acme-data", "account-regional")
        assert not is_valid_bucket_name(f"-{ACCOUNT}-eu-west-1-an", "account-regional")


class TestResolve:
    def test_derived(self) -> None:
        """Without an explicit name the derived one is used."""
        name = resolve_bucket_name(
            "data",
            explicit=None,
            prefix="acme",
            namespace="account-regional",
            account_id=ACCOUNT,
            region="eu-west-1",
            key_path="aws.buckets.data",
        )
        assert name == f"acme-data-{ACCOUNT}-eu-west-1-an"

    def test_explicit_global_name_as_is(self) -> None:
        """An explicit global name is used unchanged."""
        name = resolve_bucket_name(
            "data",
            explicit="legacy-data",
            prefix="acme",
            namespace="global",
            account_id=ACCOUNT,
            region="eu-west-1",
            key_path="aws.buckets.data",
        )
        assert name == "legacy-data"

    @pytest.mark.parametrize(
        "explicit", [f"x-{ACCOUNT}-eu-central-1-an", "x-210987654321-eu-west-1-an"]
    )
    def test_explicit_account_regional_name_of_another_account_or_region(
        self, explicit: str
    ) -> None:
        """An account-regional name must carry this provider's account and region."""
        with pytest.raises(ConfigurationError) as info:
            resolve_bucket_name(
                "data",
                explicit=explicit,
                prefix="acme",
                namespace="account-regional",
                account_id=ACCOUNT,
                region="eu-west-1",
                key_path="aws.buckets.data",
            )
        assert info.value.key_path == "aws.buckets.data.bucket_name"
        assert (
            info.value.expected == f"a name ending in -{ACCOUNT}-eu-west-1-an, or namespace: global"
        )

    @pytest.mark.parametrize("region", sorted(ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS))
    def test_no_account_regional_namespace_in_region(self, region: str) -> None:
        """Bahrain and UAE have no account regional namespace: an error names `namespace`."""
        with pytest.raises(ConfigurationError) as info:
            resolve_bucket_name(
                "data",
                explicit=None,
                prefix="acme",
                namespace="account-regional",
                account_id=ACCOUNT,
                region=region,
                key_path="aws.buckets.data",
            )
        assert info.value.key_path == "aws.buckets.data.namespace"
        assert "namespace: global" in str(info.value.expected)


@given(st.text(max_size=120), st.text(max_size=60), st.sampled_from(REGIONS), st.booleans())
def test_always_legal(name: str, prefix: str, region: str, regional: bool) -> None:
    """Any input gives a legal S3 name of at most 63 characters, valid in its namespace."""
    namespace = "account-regional" if regional else "global"
    result = bucket_name(
        name, prefix=prefix, account_id=ACCOUNT, region=region, namespace=namespace
    )
    assert LEGAL.match(result), result
    assert is_valid_bucket_name(result, namespace)


@given(st.text(max_size=120), st.text(max_size=60))
def test_deterministic(name: str, prefix: str) -> None:
    """The same input always gives the same name."""
    first = bucket_name(name, prefix=prefix, account_id=ACCOUNT, region="eu-west-1")
    assert first == bucket_name(name, prefix=prefix, account_id=ACCOUNT, region="eu-west-1")


@given(
    st.from_regex(r"[a-z0-9]{1,15}", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,15}", fullmatch=True),
)
def test_short_legal_names_kept(name: str, prefix: str) -> None:
    """Already-legal short names are kept as `<prefix>-<name>` before the suffix."""
    head = f"{prefix}-{name}"
    assert bucket_name(name, prefix=prefix, account_id=ACCOUNT, region="eu-west-1") == (
        f"{head}-{ACCOUNT}-eu-west-1-an"
    )
