"""Tag sanitizing: keep every tag, make it valid for a provider module's rules, say what changed.

Pure logic (no Pulumi import) and no cloud knowledge: each provider module supplies its own
[`TagRules`][iaccore.core.metadata.tags.TagRules] (limits, character rules, the tag that carries a
resource's name) and this module applies them. Invalid characters are replaced, over-long keys and
values are shortened deterministically with a hash suffix (``shorten_name``), and nothing is ever
dropped: too many tags, reserved keys, empty keys and keys that collide once sanitized raise
[`MetadataError`][iaccore.MetadataError]. Every change is returned in ``SanitizedTags.changes`` and
logged at DEBUG on the ``iaccore.tags`` logger.

Examples:
    >>> def upper(key, value, kedit, vedit):
    ...     return key, vedit.apply(value, value.upper(), "upper-cased")
    >>> rules = TagRules(name="demo", normalize=upper, max_tags=2)
    >>> result = sanitize_tags({"team": "ops"}, rules)
    >>> result.tags, result.changes[0].reasons
    ({'team': 'OPS'}, ('value: upper-cased',))
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from iaccore.core.errors import MetadataError

__all__ = [
    "HASH_SUFFIX_LENGTH",
    "SanitizedTags",
    "TagChange",
    "TagEdit",
    "TagRules",
    "replace_chars",
    "sanitize_tags",
    "shorten_name",
    "tag_rules",
]

_LOG = logging.getLogger("iaccore.tags")

#: Length of the ``-<8 hex>`` suffix ``shorten_name`` appends.
HASH_SUFFIX_LENGTH = 9
_REPLACEMENT = "_"


def shorten_name(name: str, max_len: int) -> str:
    """Return ``name`` when it fits, else its first ``max_len - 9`` characters + ``-`` + 8 hex.

    The hex digits are the start of the SHA-256 of the whole ``name``, so the result is
    deterministic and two long names sharing a prefix stay distinct. Used for tags and physical
    resource names alike.

    Raises:
        ValueError: ``max_len`` leaves no room for at least one character and the suffix.

    Examples:
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


def replace_chars(
    text: str, allowed: Callable[[str], bool], replacement: str = _REPLACEMENT
) -> str:
    """``text`` with every character ``allowed`` refuses replaced by ``replacement``.

    Examples:
        >>> replace_chars("a#b", str.isalnum)
        'a_b'
    """
    return "".join(char if allowed(char) else replacement for char in text)


@dataclass(frozen=True)
class TagChange:
    """One tag that sanitizing changed: before, after and why.

    Examples:
        >>> TagChange("a#b", "a_b", "x", "x", ("key: replaced invalid characters",)).key
        'a_b'
    """

    original_key: str
    key: str
    original_value: str
    value: str
    reasons: tuple[str, ...]


class TagEdit:
    """Accumulates the reasons why one tag's key (or value) changed.

    Examples:
        >>> edit = TagEdit("key")
        >>> edit.apply("a#b", "a_b", "replaced invalid characters")
        'a_b'
        >>> edit.reasons
        ['key: replaced invalid characters']
    """

    def __init__(self, part: str) -> None:
        self.part = part
        self.reasons: list[str] = []

    def apply(self, before: str, after: str, reason: str) -> str:
        """Return ``after``, recording ``reason`` when it differs from ``before``."""
        if after != before:
            self.reasons.append(f"{self.part}: {reason}")
        return after

    def note(self, reason: str) -> None:
        """Record ``reason`` for a change made another way."""
        self.reasons.append(f"{self.part}: {reason}")


#: ``normalize(key, value, key_edit, value_edit) -> (key, value)``; raises MetadataError to refuse.
Normalizer = Callable[[str, str, TagEdit, TagEdit], tuple[str, str]]


@dataclass(frozen=True)
class TagRules:
    """How one provider module's resources take tags (or labels).

    Args:
        name: The rules' name, as provider modules publish them (``tag_rules`` of a
            [`ProviderModule`][iaccore.core.modules.ProviderModule]).
        normalize: Makes one key and value valid, recording each change on the edits.
        max_tags: Most tags one resource takes; None for no limit.
        case_insensitive_keys: Keys differing only in case collide.
        name_key: Tag that carries each child's logical name, if the cloud has one.

    Examples:
        >>> TagRules(name="demo", normalize=lambda k, v, ke, ve: (k, v)).max_tags is None
        True
    """

    name: str
    normalize: Normalizer
    max_tags: int | None = None
    case_insensitive_keys: bool = False
    name_key: str | None = None


@dataclass(frozen=True)
class SanitizedTags:
    """The valid tags for a target plus the list of changes made to get there.

    Examples:
        >>> result = sanitize_tags({"env": "dev"}, TagRules("demo", lambda k, v, ke, ve: (k, v)))
        >>> result.tags, result.changes
        ({'env': 'dev'}, ())
    """

    target: str
    tags: dict[str, str] = field(default_factory=dict)
    changes: tuple[TagChange, ...] = ()


_RULES_LOCK = threading.Lock()
_RULES_BY_NAME: dict[str, TagRules] = {}


def tag_rules(name: str) -> TagRules:
    """The tag rules a provider module publishes under ``name`` (its ``tag_rules`` hook).

    Raises:
        MetadataError: No installed provider module publishes rules of that name.
    """
    with _RULES_LOCK:
        found = _RULES_BY_NAME.get(name)
    if found is not None:
        return found
    from iaccore.core.modules import discover_modules, load_object

    published: dict[str, TagRules] = {}
    for spec in discover_modules().values():
        if spec.tag_rules is None:
            continue
        rules = load_object(spec.tag_rules)
        if isinstance(rules, TagRules):
            published[rules.name] = rules
    with _RULES_LOCK:
        _RULES_BY_NAME.update(published)
    if name not in published:
        known = ", ".join(sorted(published)) or "none"
        raise MetadataError(f"unknown tag target {name!r}; known: {known}", target=name)
    return published[name]


@functools.lru_cache(maxsize=8192)
def _normalized(rules: TagRules, key: str, value: str) -> tuple[str, str, tuple[str, ...]]:
    """One tag through ``rules``, memoized: every child of a component repeats most tags."""
    kedit, vedit = TagEdit("key"), TagEdit("value")
    new_key, new_value = rules.normalize(key, value, kedit, vedit)
    return new_key, new_value, tuple(kedit.reasons + vedit.reasons)


def sanitize_tags(tags: Mapping[str, str], target: TagRules | str) -> SanitizedTags:
    """Return ``tags`` made valid under ``target`` (rules, or the name of published rules).

    Keys keep their order. Sanitizing is deterministic and idempotent: sanitizing the result
    again changes nothing.

    Raises:
        MetadataError: More tags than the rules allow, an empty key, a key the rules refuse (a
            reserved prefix), or two keys that become the same once sanitized (ignoring case when
            the rules say keys are case-insensitive).

    Examples:
        >>> sanitize_tags({"team": "ops"}, TagRules("demo", lambda k, v, ke, ve: (k, v))).tags
        {'team': 'ops'}
    """
    rules = tag_rules(target) if isinstance(target, str) else target
    limit = rules.max_tags
    if limit is not None and len(tags) > limit:
        raise MetadataError(
            f"{len(tags)} tags exceed the {rules.name} limit of {limit} tags per resource",
            count=len(tags),
            limit=limit,
            target=rules.name,
        )
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    changes: list[TagChange] = []
    for original_key, original_value in tags.items():
        if not original_key:
            raise MetadataError("tag key is empty", key=original_key, target=rules.name)
        key, value, reasons = _normalized(rules, original_key, str(original_value))
        identity = key.lower() if rules.case_insensitive_keys else key
        if identity in seen:
            raise MetadataError(
                f"tag keys {seen[identity]!r} and {original_key!r} both become {key!r} "
                f"for {rules.name}",
                keys=[seen[identity], original_key],
                key=key,
                target=rules.name,
            )
        seen[identity] = original_key
        result[key] = value
        if reasons:
            changes.append(TagChange(original_key, key, original_value, value, reasons))
            _LOG.debug(
                "tag %r=%r -> %r=%r for %s (%s)",
                original_key,
                original_value,
                key,
                value,
                rules.name,
                "; ".join(reasons),
            )
    return SanitizedTags(target=rules.name, tags=result, changes=tuple(changes))
