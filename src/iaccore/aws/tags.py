"""AWS tag rules: limits, allowed characters and the ``Name`` tag.

Pure logic (no Pulumi import); published through the ``aws`` provider module's ``tag_rules``
hook and used by every ``AwsComponent``.

Examples:
    >>> from iaccore.core.metadata.tags import sanitize_tags
    >>> sanitize_tags({"iaccore:project": "payments", "team": "a#b"}, AWS_TAG_RULES).tags
    {'iaccore:project': 'payments', 'team': 'a_b'}
"""

from __future__ import annotations

import unicodedata

from iaccore.core.errors import MetadataError
from iaccore.core.metadata.tags import TagEdit, TagRules, replace_chars, shorten_name

__all__ = [
    "AWS_MAX_KEY_LENGTH",
    "AWS_MAX_TAGS",
    "AWS_MAX_VALUE_LENGTH",
    "AWS_RESERVED_PREFIX",
    "AWS_TAG_RULES",
]

# AWS: "Tagging best practices / Tag naming limits and requirements"
# https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
# Max 50 user tags per resource; key 1-128 Unicode characters; value 0-256 Unicode characters;
# allowed: letters, numbers and spaces representable in UTF-8, and + - = . _ : / @
# (regex ``^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$``); the ``aws:`` prefix is reserved for AWS use.
AWS_MAX_TAGS = 50
AWS_MAX_KEY_LENGTH = 128
AWS_MAX_VALUE_LENGTH = 256
AWS_RESERVED_PREFIX = "aws:"
_AWS_EXTRA_CHARS = frozenset("+-=._:/@")


def _allowed(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNZ" or char in _AWS_EXTRA_CHARS


def _normalize(key: str, value: str, kedit: TagEdit, vedit: TagEdit) -> tuple[str, str]:
    key = kedit.apply(key, replace_chars(key, _allowed), "replaced invalid characters")
    key = kedit.apply(
        key, shorten_name(key, AWS_MAX_KEY_LENGTH), f"shortened to {AWS_MAX_KEY_LENGTH}"
    )
    if key.lower().startswith(AWS_RESERVED_PREFIX):
        raise MetadataError(
            f"tag key {key!r} uses the prefix {AWS_RESERVED_PREFIX!r} reserved by AWS",
            key=key,
            target="aws",
        )
    value = vedit.apply(value, replace_chars(value, _allowed), "replaced invalid characters")
    value = vedit.apply(
        value, shorten_name(value, AWS_MAX_VALUE_LENGTH), f"shortened to {AWS_MAX_VALUE_LENGTH}"
    )
    return key, value


#: Tag rules of AWS resources; every child also gets a ``Name`` tag with its logical name.
AWS_TAG_RULES = TagRules(name="aws", normalize=_normalize, max_tags=AWS_MAX_TAGS, name_key="Name")
