"""Physical S3 bucket names: deterministic, S3-legal, unique to an account and region (pure).

A ``SecureBucket`` is named ``<prefix>-<name>-<account>-<region>-an`` in the bucket's *account
regional namespace* (S3 ``CreateBucket`` with ``x-amz-bucket-namespace: account-regional``, in
every region but Middle East (Bahrain) and (UAE)): only this account can create a name ending in
its own ``-<account>-<region>-an`` suffix, so the name can neither collide with another
account's bucket nor be squatted or re-created by anyone else after a delete. With
``namespace: global`` the name is ``<prefix>-<name>-<account>-<region>`` in the shared global
namespace: collisions are unlikely but another account could take the name first. The
``<prefix>-<name>`` part is made S3-legal and shortened with a hash so that the whole name fits
in 63 characters; the suffix is always kept whole.

Examples:
    >>> bucket_name("data", prefix="acme-payments", account_id="123456789012", region="eu-west-1")
    'acme-payments-data-123456789012-eu-west-1-an'
    >>> bucket_name("data", prefix="acme", account_id="123456789012", region="eu-west-1",
    ...             namespace="global")
    'acme-data-123456789012-eu-west-1'
    >>> len(bucket_name("x" * 80, prefix="acme", account_id="123456789012", region="eu-west-1"))
    63
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from iaccore.core.errors import ConfigurationError
from iaccore.core.metadata.tags import shorten_name

__all__ = [
    "ACCOUNT_REGIONAL",
    "ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS",
    "GLOBAL",
    "S3_BUCKET_NAME_MAX_LENGTH",
    "S3_BUCKET_NAME_MIN_LENGTH",
    "BucketNamespace",
    "account_regional_parts",
    "account_regional_suffix",
    "bucket_name",
    "is_valid_bucket_name",
    "resolve_bucket_name",
]

#: Longest bucket name S3 accepts.
S3_BUCKET_NAME_MAX_LENGTH = 63
#: Shortest bucket name S3 accepts.
S3_BUCKET_NAME_MIN_LENGTH = 3

#: The bucket namespaces of ``CreateBucket`` (``x-amz-bucket-namespace``).
BucketNamespace = Literal["account-regional", "global"]
ACCOUNT_REGIONAL: BucketNamespace = "account-regional"
GLOBAL: BucketNamespace = "global"
#: Regions without account regional namespaces (S3 user guide, "Namespaces for general purpose
#: buckets": every region but Middle East (Bahrain) and Middle East (UAE)).
ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS: frozenset[str] = frozenset({"me-south-1", "me-central-1"})

# Prefixes and suffixes S3 reserves (S3 user guide, "General purpose bucket naming rules"):
# `-an` ends only names of the account regional namespace.
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3", "-an")
_INVALID = re.compile(r"[^a-z0-9-]+")
_HYPHENS = re.compile(r"-{2,}")
_VALID = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_ACCOUNT_REGIONAL = re.compile(r"-(?P<account>\d{12})-(?P<region>[a-z]{2,4}(?:-[a-z]+)+-\d+)-an$")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def account_regional_suffix(account_id: str, region: str) -> str:
    """The suffix of every name in the account regional namespace of ``account_id``/``region``.

    Examples:
        >>> account_regional_suffix("123456789012", "us-east-1")
        '-123456789012-us-east-1-an'
    """
    return f"-{account_id}-{region}-an"


def _head(name: str, *, prefix: str, max_length: int) -> str:
    """``<prefix>-<name>`` made legal for S3 and at most ``max_length`` characters.

    Lowercases, replaces every character other than ``a-z``, ``0-9`` and ``-`` with ``-``
    (dots too: dotted names break TLS for virtual-hosted requests), collapses runs of ``-``,
    trims ``-`` at both ends, avoids S3's reserved prefixes, pads texts shorter than 3
    characters with a hash and shortens long ones with an 8-hex-digit hash of the full text
    (deterministic). The account and region suffix that follows decides how the name ends, so
    reserved suffixes do not matter here.
    """
    original = f"{prefix}-{name}"
    text = _HYPHENS.sub("-", _INVALID.sub("-", original.lower())).strip("-")
    if text.startswith(_RESERVED_PREFIXES):
        text = f"b-{text}"
    if len(text) < S3_BUCKET_NAME_MIN_LENGTH:
        text = f"{text}-{_digest(original)}".strip("-")
    text = shorten_name(text, max_length)
    if not _VALID.match(text):  # pragma: no cover - a shortened text ending in "-" (defensive)
        text = f"{text[: max_length - 9].rstrip('-')}-{_digest(original)}"
    return text


def bucket_name(
    name: str,
    *,
    prefix: str,
    account_id: str,
    region: str,
    namespace: BucketNamespace = ACCOUNT_REGIONAL,
) -> str:
    """The physical name of bucket ``name``: ``<prefix>-<name>-<account>-<region>[-an]``.

    The ``-an`` suffix is there in the ``account-regional`` namespace (default) only. The
    ``<prefix>-<name>`` head is lowercased, every character other than ``a-z``, ``0-9`` and
    ``-`` becomes ``-`` (dots too: dotted names break TLS for virtual-hosted requests), runs of
    ``-`` collapse, S3's reserved prefixes are avoided, and a head too long for the 63
    characters is shortened with an 8-hex-digit hash of the full text (deterministic: the same
    input always gives the same name). The suffix is always kept whole.

    Examples:
        >>> bucket_name("Logs_2024", prefix="Payments.Dev", account_id="123456789012",
        ...             region="us-east-1")
        'payments-dev-logs-2024-123456789012-us-east-1-an'
    """
    suffix = f"-{account_id}-{region}"
    if namespace == ACCOUNT_REGIONAL:
        suffix = account_regional_suffix(account_id, region)
    head = _head(name, prefix=prefix, max_length=S3_BUCKET_NAME_MAX_LENGTH - len(suffix))
    return f"{head}{suffix}"


def is_valid_bucket_name(name: str, namespace: BucketNamespace = GLOBAL) -> bool:
    """Whether ``name`` follows the S3 naming rules iaccore applies (no dots) in ``namespace``.

    A name of the ``account-regional`` namespace must end in ``-<account>-<region>-an``; a name
    of the ``global`` namespace must not end in ``-an``.

    Examples:
        >>> is_valid_bucket_name("acme-data"), is_valid_bucket_name("Acme_Data")
        (True, False)
        >>> is_valid_bucket_name("acme-123456789012-eu-west-1-an", "account-regional")
        True
    """
    if namespace == ACCOUNT_REGIONAL:
        match = _ACCOUNT_REGIONAL.search(name)
        if match is None or match.start() == 0:
            return False
        return bool(_VALID.match(name)) and not name.startswith(_RESERVED_PREFIXES)
    return (
        bool(_VALID.match(name))
        and not name.startswith(_RESERVED_PREFIXES)
        and not name.endswith(_RESERVED_SUFFIXES)
    )


def account_regional_parts(name: str) -> tuple[str, str] | None:
    """The account id and region in the ``-<account>-<region>-an`` suffix of ``name``, if any.

    Examples:
        >>> account_regional_parts("acme-123456789012-eu-west-1-an")
        ('123456789012', 'eu-west-1')
    """
    match = _ACCOUNT_REGIONAL.search(name)
    return (match.group("account"), match.group("region")) if match else None


def resolve_bucket_name(
    name: str,
    *,
    explicit: str | None,
    prefix: str,
    namespace: BucketNamespace,
    account_id: str,
    region: str,
    key_path: str,
) -> str:
    """The physical name of a SecureBucket: ``explicit`` (its ``bucket_name``), or the derived one.

    Raises:
        ConfigurationError: the namespace is ``account-regional`` but S3 offers none in
            ``region``, or an explicit account-regional name carries another account or region.

    Examples:
        >>> resolve_bucket_name("data", explicit=None, prefix="acme", namespace="global",
        ...                     account_id="123456789012", region="eu-west-1", key_path="b")
        'acme-data-123456789012-eu-west-1'
    """
    if namespace == ACCOUNT_REGIONAL and region in ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS:
        raise ConfigurationError(
            f"S3 has no account regional namespace in {region}",
            key_path=f"{key_path}.namespace",
            expected="namespace: global in "
            + ", ".join(sorted(ACCOUNT_REGIONAL_UNAVAILABLE_REGIONS)),
        )
    if explicit is None:
        return bucket_name(
            name, prefix=prefix, account_id=account_id, region=region, namespace=namespace
        )
    if namespace == ACCOUNT_REGIONAL and account_regional_parts(explicit) != (account_id, region):
        raise ConfigurationError(
            f"bucket_name {explicit!r} is not in the account regional namespace of account "
            f"{account_id} in {region}",
            key_path=f"{key_path}.bucket_name",
            expected=f"a name ending in {account_regional_suffix(account_id, region)}, or "
            "namespace: global",
        )
    return explicit
