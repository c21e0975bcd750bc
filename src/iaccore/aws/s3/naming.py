"""Physical S3 bucket names: deterministic, S3-legal, within 63 characters (no Pulumi import).

Example:
    >>> bucket_name("data", prefix="acme-payments")
    'acme-payments-data'
    >>> len(bucket_name("x" * 80, prefix="acme"))
    63
"""

from __future__ import annotations

import hashlib
import re

from iaccore.core.metadata.tags import shorten_name

__all__ = [
    "S3_BUCKET_NAME_MAX_LENGTH",
    "S3_BUCKET_NAME_MIN_LENGTH",
    "bucket_name",
    "is_valid_bucket_name",
]

#: Longest bucket name S3 accepts.
S3_BUCKET_NAME_MAX_LENGTH = 63
#: Shortest bucket name S3 accepts.
S3_BUCKET_NAME_MIN_LENGTH = 3

# Prefixes and suffixes S3 reserves (S3 user guide, "General purpose bucket naming rules").
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
_INVALID = re.compile(r"[^a-z0-9-]+")
_HYPHENS = re.compile(r"-{2,}")
_VALID = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def bucket_name(name: str, *, prefix: str) -> str:
    """The physical name of bucket ``name``: ``<prefix>-<name>`` made legal for S3.

    Lowercases, replaces every character other than ``a-z``, ``0-9`` and ``-`` with ``-``
    (dots too: dotted names break TLS for virtual-hosted requests), collapses runs of ``-``,
    trims ``-`` at both ends, avoids S3's reserved prefixes and suffixes, and shortens names
    longer than 63 characters with an 8-hex-digit hash of the full name (deterministic: the
    same input always gives the same name). Names shorter than 3 characters get a hash suffix.

    Example:
        >>> bucket_name("Logs_2024", prefix="Payments.Dev")
        'payments-dev-logs-2024'
    """
    original = f"{prefix}-{name}"
    text = _HYPHENS.sub("-", _INVALID.sub("-", original.lower())).strip("-")
    if text.startswith(_RESERVED_PREFIXES):
        text = f"b-{text}"
    if len(text) < S3_BUCKET_NAME_MIN_LENGTH:
        text = f"{text}-{_digest(original)}".strip("-")
    text = shorten_name(text, S3_BUCKET_NAME_MAX_LENGTH)
    if text.endswith(_RESERVED_SUFFIXES) or not _VALID.match(text):
        text = f"{text[: S3_BUCKET_NAME_MAX_LENGTH - 9].rstrip('-')}-{_digest(original)}"
    return text


def is_valid_bucket_name(name: str) -> bool:
    """Whether ``name`` follows the S3 naming rules iaccore applies (no dots).

    Example:
        >>> is_valid_bucket_name("acme-data"), is_valid_bucket_name("Acme_Data")
        (True, False)
    """
    return (
        bool(_VALID.match(name))
        and not name.startswith(_RESERVED_PREFIXES)
        and not name.endswith(_RESERVED_SUFFIXES)
    )
