"""Kubernetes label rules: metadata tags become valid labels.

Pure logic (no Pulumi import). ``namespace:name`` keys become ``prefix/name`` labels
(``KUBERNETES_KEY_PREFIXES``), prefixes become DNS subdomains, names and values match the label
expression, and long ones are shortened with a hash.

Examples:
    >>> from iaccore.core.metadata.tags import sanitize_tags
    >>> sanitize_tags({"iaccore:project": "payments"}, KUBERNETES_LABEL_RULES).tags
    {'iaccore.dev/project': 'payments'}
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from iaccore.core.errors import MetadataError
from iaccore.core.metadata.tags import TagEdit, TagRules, shorten_name

__all__ = [
    "KUBERNETES_KEY_PREFIXES",
    "KUBERNETES_LABEL_RULES",
    "KUBERNETES_MAX_NAME_LENGTH",
    "KUBERNETES_MAX_PREFIX_LENGTH",
    "KUBERNETES_MAX_VALUE_LENGTH",
]

# Kubernetes: "Labels and Selectors - Syntax and character set"
# https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
# key = [prefix "/"] name; prefix a DNS subdomain (<= 253 chars, labels <= 63 of [a-z0-9-], starting
# and ending alphanumeric); name <= 63 chars matching ``[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?``;
# value empty or <= 63 chars matching the same expression as the name.
KUBERNETES_MAX_PREFIX_LENGTH = 253
KUBERNETES_MAX_DNS_LABEL_LENGTH = 63
KUBERNETES_MAX_NAME_LENGTH = 63
KUBERNETES_MAX_VALUE_LENGTH = 63
_NAME_INVALID_RE = re.compile(r"[^-a-z0-9A-Z_.]")
_PREFIX_INVALID_RE = re.compile(r"[^a-z0-9.-]")
_REPLACEMENT = "_"

#: ``namespace:`` key prefixes translated to Kubernetes label prefixes; any other ``ns:name`` key
#: becomes ``ns/name``.
KUBERNETES_KEY_PREFIXES: Mapping[str, str] = {
    "iaccore": "iaccore.dev",
    "compliance": "compliance.iaccore.dev",
}


def _strip_to_alnum(text: str) -> str:
    """Strip leading and trailing characters that are not ASCII letters or digits."""
    start, end = 0, len(text)
    while start < end and not (text[start].isascii() and text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isascii() and text[end - 1].isalnum()):
        end -= 1
    return text[start:end]


def _label_text(text: str, max_len: int) -> str:
    """Make ``text`` match the label name/value expression (may return an empty string)."""
    text = _strip_to_alnum(_NAME_INVALID_RE.sub(_REPLACEMENT, text))
    return shorten_name(text, max_len)


def _prefix(prefix: str) -> str:
    """Make ``prefix`` a DNS subdomain (may return an empty string)."""
    text = _PREFIX_INVALID_RE.sub("-", prefix.lower())
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


def _split(key: str, kedit: TagEdit) -> tuple[str, str]:
    prefix, slash, name = key.partition("/")
    if not slash:
        prefix, name = "", key
        namespace, colon, rest = key.partition(":")
        if colon and namespace and rest:
            translated = KUBERNETES_KEY_PREFIXES.get(namespace, namespace)
            kedit.note(f"translated {namespace + ':'!r} to {translated + '/'!r}")
            prefix, name = translated, rest
    return prefix, name


def _normalize(key: str, value: str, kedit: TagEdit, vedit: TagEdit) -> tuple[str, str]:
    raw_prefix, raw_name = _split(key, kedit)
    prefix = _prefix(raw_prefix)
    name = _label_text(raw_name, KUBERNETES_MAX_NAME_LENGTH)
    if not name:
        raise MetadataError(
            f"tag key {key!r} has no characters valid in a Kubernetes label name",
            key=key,
            target="kubernetes",
        )
    if prefix != raw_prefix:
        kedit.note("made the prefix a DNS subdomain")
    elif not raw_prefix and key.startswith("/"):
        kedit.note("dropped the empty prefix")
    if name != raw_name:
        kedit.note("made the name a valid label name")
    new_key = f"{prefix}/{name}" if prefix else name
    value = vedit.apply(
        value, _label_text(value, KUBERNETES_MAX_VALUE_LENGTH), "made a valid label value"
    )
    return new_key, value


#: Label rules of Kubernetes resources (no limit on the number of labels).
KUBERNETES_LABEL_RULES = TagRules(name="kubernetes", normalize=_normalize)
