"""Property tests of tag sanitizing: within limits, deterministic, idempotent, nothing dropped."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iaccore.aws.tags import (
    AWS_MAX_KEY_LENGTH,
    AWS_MAX_TAGS,
    AWS_MAX_VALUE_LENGTH,
    AWS_TAG_RULES,
)
from iaccore.azure.tags import (
    AZURE_FORBIDDEN_NAME_CHARS,
    AZURE_MAX_NAME_LENGTH,
    AZURE_MAX_TAGS,
    AZURE_MAX_VALUE_LENGTH,
    AZURE_TAG_RULES,
)
from iaccore.core.errors import MetadataError
from iaccore.core.metadata.tags import (
    SanitizedTags,
    TagRules,
    sanitize_tags,
    shorten_name,
)
from iaccore.kubernetes.labels import (
    KUBERNETES_LABEL_RULES,
)

RULES: dict[str, TagRules] = {
    "aws": AWS_TAG_RULES,
    "azure": AZURE_TAG_RULES,
    "kubernetes": KUBERNETES_LABEL_RULES,
}

EXAMPLES = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TARGETS: tuple[str, ...] = ("aws", "azure", "kubernetes")

_K8S_NAME = re.compile(r"^[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$")
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

_interesting = st.sampled_from(
    [*"aZ09 +-=._:/@#,;<>%&\\?!~é漢\t", "aws:", "iaccore:", "compliance:", "/"]
)
_text = st.one_of(
    st.text(max_size=20),
    st.lists(_interesting, max_size=30).map("".join),
    st.text(alphabet="ab-_./:", min_size=60, max_size=600),
)
_tags = st.dictionaries(_text, _text, max_size=60)


def _aws_char_ok(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNZ" or char in "+-=._:/@"


def _assert_valid(target: str, key: str, value: str) -> None:
    assert key
    if target == "aws":
        assert len(key) <= AWS_MAX_KEY_LENGTH
        assert len(value) <= AWS_MAX_VALUE_LENGTH
        assert all(map(_aws_char_ok, key + value))
        assert not key.lower().startswith("aws:")
    elif target == "azure":
        assert len(key) <= AZURE_MAX_NAME_LENGTH
        assert len(value) <= AZURE_MAX_VALUE_LENGTH
        assert not set(key) & AZURE_FORBIDDEN_NAME_CHARS
    else:
        prefix, slash, name = key.rpartition("/")
        assert _K8S_NAME.match(name)
        assert len(name) <= 63
        if slash:
            assert 0 < len(prefix) <= 253
            assert all(_DNS_LABEL.match(label) and len(label) <= 63 for label in prefix.split("."))
        assert value == "" or (_K8S_NAME.match(value) and len(value) <= 63)


def _sanitize_or_none(tags: dict[str, str], target: str) -> SanitizedTags | None:
    try:
        return sanitize_tags(tags, RULES[target])
    except MetadataError:
        return None


class TestSanitizeProperties:
    @pytest.mark.parametrize("target", TARGETS)
    @EXAMPLES
    @given(tags=_tags)
    def test_results_within_limits(self, target: str, tags: dict[str, str]) -> None:
        """Every key and value of a result satisfies the target's rules."""
        result = _sanitize_or_none(tags, target)
        if result is None:
            return
        limit = {"aws": AWS_MAX_TAGS, "azure": AZURE_MAX_TAGS}.get(target)
        if limit is not None:
            assert len(result.tags) <= limit
        for key, value in result.tags.items():
            _assert_valid(target, key, value)

    @pytest.mark.parametrize("target", TARGETS)
    @EXAMPLES
    @given(tags=_tags)
    def test_nothing_dropped_silently(self, target: str, tags: dict[str, str]) -> None:
        """Each input tag is in the result unchanged or is described by exactly one change."""
        result = _sanitize_or_none(tags, target)
        if result is None:
            return
        assert len(result.tags) == len(tags)
        changed = {change.original_key: change for change in result.changes}
        assert len(changed) == len(result.changes)
        for key, value in tags.items():
            if key in changed:
                change = changed[key]
                assert result.tags[change.key] == change.value
                assert change.original_value == value
                assert change.reasons
                assert (change.key, change.value) != (key, value) or change.reasons
            else:
                assert result.tags[key] == value

    @pytest.mark.parametrize("target", TARGETS)
    @EXAMPLES
    @given(tags=_tags)
    def test_deterministic_and_idempotent(self, target: str, tags: dict[str, str]) -> None:
        """The same input gives the same output; sanitizing a result changes nothing."""
        first = _sanitize_or_none(tags, target)
        assert _sanitize_or_none(tags, target) == first
        if first is None:
            return
        again = sanitize_tags(first.tags, RULES[target])
        assert again.tags == first.tags
        assert again.changes == ()

    @pytest.mark.parametrize("target", ["aws", "azure"])
    @EXAMPLES
    @given(count=st.integers(min_value=51, max_value=120))
    def test_too_many_tags_always_raise(self, target: str, count: int) -> None:
        """More than 50 tags raise, naming count and limit, whatever the keys."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({f"k{i}": "v" for i in range(count)}, RULES[target])
        assert info.value.details == {"count": count, "limit": 50, "target": target}


class TestShortenNameProperties:
    @EXAMPLES
    @given(name=st.text(max_size=400), max_len=st.integers(min_value=10, max_value=300))
    def test_within_limit_deterministic_idempotent(self, name: str, max_len: int) -> None:
        """Results fit, fitting names are unchanged, and shortening twice changes nothing."""
        short = shorten_name(name, max_len)
        assert len(short) <= max_len
        assert short == shorten_name(name, max_len)
        assert shorten_name(short, max_len) == short
        if len(name) <= max_len:
            assert short == name
        else:
            assert short.startswith(name[: max_len - 9])
