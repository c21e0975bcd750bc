"""Tag sanitizing per cloud: keep every tag, make it valid, say what changed.

Pure logic (no Pulumi import). Each target has its own limits and character rules; invalid
characters are replaced, over-long keys and values are shortened deterministically with a hash
suffix (:func:`shorten_name`), and nothing is ever dropped: too many tags, reserved keys, empty keys
and keys that collide once sanitized raise :class:`MetadataError`. Every change is returned in
:attr:`SanitizedTags.changes` and logged at DEBUG on the ``iaccore.tags`` logger.

Example:
    >>> result = sanitize_tags({"iaccore:project": "payments", "team": "a#b"}, "aws")
    >>> result.tags
    {'iaccore:project': 'payments', 'team': 'a_b'}
    >>> sanitize_tags({"iaccore:project": "payments"}, "kubernetes").tags
    {'iaccore.dev/project': 'payments'}
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from iaccore.core.errors import MetadataError

__all__ = [
    "AWS_MAX_KEY_LENGTH",
    "AWS_MAX_TAGS",
    "AWS_MAX_VALUE_LENGTH",
    "AWS_RESERVED_PREFIX",
    "AZURE_FORBIDDEN_NAME_CHARS",
    "AZURE_MAX_NAME_LENGTH",
    "AZURE_MAX_TAGS",
    "AZURE_MAX_VALUE_LENGTH",
    "HASH_SUFFIX_LENGTH",
    "KUBERNETES_KEY_PREFIXES",
    "KUBERNETES_MAX_NAME_LENGTH",
    "KUBERNETES_MAX_PREFIX_LENGTH",
    "KUBERNETES_MAX_VALUE_LENGTH",
    "SanitizedTags",
    "TagChange",
    "Target",
    "sanitize_tags",
    "shorten_name",
]

_LOG = logging.getLogger("iaccore.tags")

Target = Literal["aws", "azure", "kubernetes"]

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

# Azure: "Use tags to organize your Azure resources - Limitations"
# https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
# Max 50 tag name/value pairs per resource; name up to 512 characters, value up to 256;
# names can't contain < > % & \ ? / ; tag names are case-insensitive.
AZURE_MAX_TAGS = 50
AZURE_MAX_NAME_LENGTH = 512
AZURE_MAX_VALUE_LENGTH = 256
AZURE_FORBIDDEN_NAME_CHARS = frozenset("<>%&\\?/")

# Kubernetes: "Labels and Selectors - Syntax and character set"
# https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
# key = [prefix "/"] name; prefix a DNS subdomain (<= 253 chars, labels <= 63 of [a-z0-9-], starting
# and ending alphanumeric); name <= 63 chars matching ``[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?``;
# value empty or <= 63 chars matching the same expression as the name.
KUBERNETES_MAX_PREFIX_LENGTH = 253
KUBERNETES_MAX_DNS_LABEL_LENGTH = 63
KUBERNETES_MAX_NAME_LENGTH = 63
KUBERNETES_MAX_VALUE_LENGTH = 63
_K8S_NAME_RE = re.compile(r"^[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$")
_K8S_NAME_INVALID_RE = re.compile(r"[^-a-z0-9A-Z_.]")
_K8S_PREFIX_INVALID_RE = re.compile(r"[^a-z0-9.-]")

#: ``namespace:`` key prefixes translated to Kubernetes label prefixes; any other ``ns:name`` key
#: becomes ``ns/name``.
KUBERNETES_KEY_PREFIXES: Mapping[str, str] = {
    "iaccore": "iaccore.dev",
    "compliance": "compliance.iaccore.dev",
}

#: Length of the ``-<8 hex>`` suffix :func:`shorten_name` appends.
HASH_SUFFIX_LENGTH = 9
_REPLACEMENT = "_"


def shorten_name(name: str, max_len: int) -> str:
    """Return ``name`` when it fits, else its first ``max_len - 9`` characters + ``-`` + 8 hex.

    The hex digits are the start of the SHA-256 of the whole ``name``, so the result is
    deterministic and two long names sharing a prefix stay distinct. Used for tags and physical
    resource names alike.

    Raises:
        ValueError: ``max_len`` leaves no room for at least one character and the suffix.

    Example:
        >>> shorten_name("short", 10)
        'short'
        >>> shorten_name("a-very-long-bucket-name", 16)
        'a-very--7cb228e6'
    """
    if max_len <= HASH_SUFFIX_LENGTH:
        raise ValueError(f"max_len must be greater than {HASH_SUFFIX_LENGTH}, got {max_len}")
    if len(name) <= max_len:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[
        : HASH_SUFFIX_LENGTH - 1
    ]
    return f"{name[: max_len - HASH_SUFFIX_LENGTH]}-{digest}"


@dataclass(frozen=True)
class TagChange:
    """One tag that sanitizing changed: before, after and why.

    Example:
        >>> sanitize_tags({"a#b": "x"}, "aws").changes[0].reasons
        ('key: replaced invalid characters',)
    """

    original_key: str
    key: str
    original_value: str
    value: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SanitizedTags:
    """The valid tags for a target plus the list of changes made to get there.

    Example:
        >>> result = sanitize_tags({"env": "dev"}, "azure")
        >>> result.tags, result.changes
        ({'env': 'dev'}, ())
    """

    target: Target
    tags: dict[str, str] = field(default_factory=dict)
    changes: tuple[TagChange, ...] = ()


class _Edit:
    """Accumulates the reasons for one tag's key or value changes."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.reasons: list[str] = []

    def apply(self, before: str, after: str, reason: str) -> str:
        if after != before:
            self.reasons.append(f"{self.part}: {reason}")
        return after


# -- character rules ---------------------------------------------------------------------------


def _aws_allowed(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNZ" or char in _AWS_EXTRA_CHARS


def _replace_chars(text: str, allowed: Callable[[str], bool]) -> str:
    return "".join(char if allowed(char) else _REPLACEMENT for char in text)


def _strip_to_alnum(text: str) -> str:
    """Strip leading and trailing characters that are not ASCII letters or digits."""
    start, end = 0, len(text)
    while start < end and not (text[start].isascii() and text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isascii() and text[end - 1].isalnum()):
        end -= 1
    return text[start:end]


# -- per target --------------------------------------------------------------------------------


def _aws(key: str, value: str, kedit: _Edit, vedit: _Edit) -> tuple[str, str]:
    key = kedit.apply(key, _replace_chars(key, _aws_allowed), "replaced invalid characters")
    key = kedit.apply(
        key, shorten_name(key, AWS_MAX_KEY_LENGTH), f"shortened to {AWS_MAX_KEY_LENGTH}"
    )
    if key.lower().startswith(AWS_RESERVED_PREFIX):
        raise MetadataError(
            f"tag key {key!r} uses the prefix {AWS_RESERVED_PREFIX!r} reserved by AWS",
            key=key,
            target="aws",
        )
    value = vedit.apply(value, _replace_chars(value, _aws_allowed), "replaced invalid characters")
    value = vedit.apply(
        value, shorten_name(value, AWS_MAX_VALUE_LENGTH), f"shortened to {AWS_MAX_VALUE_LENGTH}"
    )
    return key, value


def _azure_allowed(char: str) -> bool:
    return char not in AZURE_FORBIDDEN_NAME_CHARS


def _azure(key: str, value: str, kedit: _Edit, vedit: _Edit) -> tuple[str, str]:
    key = kedit.apply(key, _replace_chars(key, _azure_allowed), "replaced invalid characters")
    key = kedit.apply(
        key, shorten_name(key, AZURE_MAX_NAME_LENGTH), f"shortened to {AZURE_MAX_NAME_LENGTH}"
    )
    value = vedit.apply(
        value,
        shorten_name(value, AZURE_MAX_VALUE_LENGTH),
        f"shortened to {AZURE_MAX_VALUE_LENGTH}",
    )
    return key, value


def _k8s_label_text(text: str, max_len: int) -> str:
    """Make ``text`` match the label name/value expression (may return an empty string)."""
    text = _strip_to_alnum(_K8S_NAME_INVALID_RE.sub(_REPLACEMENT, text))
    return shorten_name(text, max_len)


def _k8s_prefix(prefix: str) -> str:
    """Make ``prefix`` a DNS subdomain (may return an empty string)."""
    text = _K8S_PREFIX_INVALID_RE.sub("-", prefix.lower())
    labels = [
        shorten_name(_strip_to_alnum(label), KUBERNETES_MAX_DNS_LABEL_LENGTH)
        for label in text.split(".")
    ]
    text = ".".join(label for label in labels if label)
    if len(text) > KUBERNETES_MAX_PREFIX_LENGTH:
        text = shorten_name(text, KUBERNETES_MAX_PREFIX_LENGTH)
        head, _, last = text.rpartition(".")
        last = shorten_name(_strip_to_alnum(last), KUBERNETES_MAX_DNS_LABEL_LENGTH)
        text = f"{_strip_to_alnum(head)}.{last}" if head else last
    return text


def _k8s_split(key: str, kedit: _Edit) -> tuple[str, str]:
    prefix, slash, name = key.partition("/")
    if not slash:
        prefix, name = "", key
        namespace, colon, rest = key.partition(":")
        if colon and namespace and rest:
            translated = KUBERNETES_KEY_PREFIXES.get(namespace, namespace)
            kedit.reasons.append(f"key: translated {namespace + ':'!r} to {translated + '/'!r}")
            prefix, name = translated, rest
    return prefix, name


def _kubernetes(key: str, value: str, kedit: _Edit, vedit: _Edit) -> tuple[str, str]:
    raw_prefix, raw_name = _k8s_split(key, kedit)
    prefix = _k8s_prefix(raw_prefix)
    name = _k8s_label_text(raw_name, KUBERNETES_MAX_NAME_LENGTH)
    if not name:
        raise MetadataError(
            f"tag key {key!r} has no characters valid in a Kubernetes label name",
            key=key,
            target="kubernetes",
        )
    if prefix != raw_prefix:
        kedit.reasons.append("key: made the prefix a DNS subdomain")
    if name != raw_name:
        kedit.reasons.append("key: made the name a valid label name")
    new_key = f"{prefix}/{name}" if prefix else name
    value = vedit.apply(
        value,
        _k8s_label_text(value, KUBERNETES_MAX_VALUE_LENGTH),
        "made a valid label value",
    )
    return new_key, value


_RULES: Mapping[str, Callable[[str, str, _Edit, _Edit], tuple[str, str]]] = {
    "aws": _aws,
    "azure": _azure,
    "kubernetes": _kubernetes,
}
_MAX_TAGS: Mapping[str, int | None] = {
    "aws": AWS_MAX_TAGS,
    "azure": AZURE_MAX_TAGS,
    "kubernetes": None,
}


def sanitize_tags(tags: Mapping[str, str], target: Target) -> SanitizedTags:
    """Return ``tags`` made valid for ``target``, with the list of changes.

    Keys keep their order. Sanitizing is deterministic and idempotent: sanitizing the result
    again changes nothing.

    Raises:
        MetadataError: More tags than the target allows, an empty key, an AWS key with the
            reserved ``aws:`` prefix, or two keys that become the same once sanitized (for Azure,
            the same ignoring case).

    Example:
        >>> sanitize_tags({"Cost Center": "x" * 300}, "aws").tags["Cost Center"][-9:]
        '-0d4e2ca9'
    """
    if target not in _RULES:
        known = ", ".join(get_args(Target))
        raise MetadataError(f"unknown tag target {target!r}; known: {known}", target=target)
    limit = _MAX_TAGS[target]
    if limit is not None and len(tags) > limit:
        raise MetadataError(
            f"{len(tags)} tags exceed the {target} limit of {limit} tags per resource",
            count=len(tags),
            limit=limit,
            target=target,
        )
    rule = _RULES[target]
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    changes: list[TagChange] = []
    for original_key, original_value in tags.items():
        if not original_key:
            raise MetadataError("tag key is empty", key=original_key, target=target)
        kedit, vedit = _Edit("key"), _Edit("value")
        key, value = rule(original_key, str(original_value), kedit, vedit)
        identity = key.lower() if target == "azure" else key
        if identity in seen:
            raise MetadataError(
                f"tag keys {seen[identity]!r} and {original_key!r} both become {key!r} "
                f"for {target}",
                keys=[seen[identity], original_key],
                key=key,
                target=target,
            )
        seen[identity] = original_key
        result[key] = value
        reasons = tuple(kedit.reasons + vedit.reasons)
        if reasons:
            change = TagChange(original_key, key, original_value, value, reasons)
            changes.append(change)
            _LOG.debug(
                "tag %r=%r -> %r=%r for %s (%s)",
                original_key,
                original_value,
                key,
                value,
                target,
                "; ".join(reasons),
            )
    return SanitizedTags(target=target, tags=result, changes=tuple(changes))
