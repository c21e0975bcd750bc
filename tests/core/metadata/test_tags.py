"""Tests of iaccore.core.metadata.tags: per-target rules, shortening, errors, change log."""

from __future__ import annotations

import hashlib
import logging

import pytest

from iaccore.aws.tags import (
    AWS_MAX_KEY_LENGTH,
    AWS_MAX_TAGS,
    AWS_MAX_VALUE_LENGTH,
    AWS_TAG_RULES,
)
from iaccore.azure.tags import (
    AZURE_MAX_NAME_LENGTH,
    AZURE_MAX_TAGS,
    AZURE_MAX_VALUE_LENGTH,
    AZURE_TAG_RULES,
)
from iaccore.core.errors import MetadataError
from iaccore.core.metadata.tags import (
    TagChange,
    TagRules,
    sanitize_tags,
    shorten_name,
)
from iaccore.kubernetes.labels import (
    KUBERNETES_LABEL_RULES,
    KUBERNETES_MAX_NAME_LENGTH,
    KUBERNETES_MAX_PREFIX_LENGTH,
    KUBERNETES_MAX_VALUE_LENGTH,
)

RULES: dict[str, TagRules] = {
    "aws": AWS_TAG_RULES,
    "azure": AZURE_TAG_RULES,
    "kubernetes": KUBERNETES_LABEL_RULES,
}


def _hash8(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class TestShortenName:
    def test_fitting_name_is_unchanged(self) -> None:
        """A name within the limit comes back as is."""
        assert shorten_name("payments-dev", 12) == "payments-dev"

    def test_long_name_gets_prefix_and_hash(self) -> None:
        """A long name keeps max_len - 9 characters, a dash and 8 hex of its SHA-256."""
        name = "x" * 40
        assert shorten_name(name, 20) == "x" * 11 + "-" + _hash8(name)

    def test_result_has_exact_length(self) -> None:
        """A shortened name uses the whole limit."""
        assert len(shorten_name("a" * 100, 63)) == 63

    def test_shared_prefix_stays_distinct(self) -> None:
        """Two long names with the same start are shortened differently."""
        assert shorten_name("a" * 50 + "1", 20) != shorten_name("a" * 50 + "2", 20)

    def test_too_small_limit_raises(self) -> None:
        """A limit that leaves no room before the suffix is a programming error."""
        with pytest.raises(ValueError, match="max_len must be greater than 9, got 9"):
            shorten_name("abcdefghijk", 9)


class TestAws:
    def test_valid_tags_are_unchanged(self) -> None:
        """Letters, digits, spaces and + - = . _ : / @ are kept, with no change recorded."""
        tags = {"iaccore:project": "pay ments", "Name": "a+b-c=d.e_f:g/h@i", "é": "ü"}
        result = sanitize_tags(tags, RULES["aws"])
        assert result.tags == tags
        assert result.changes == ()

    def test_invalid_characters_replaced(self) -> None:
        """Other characters become underscores, in keys and values."""
        result = sanitize_tags({"cost#center": "a,b;c"}, RULES["aws"])
        assert result.tags == {"cost_center": "a_b_c"}
        assert result.changes == (
            TagChange(
                original_key="cost#center",
                key="cost_center",
                original_value="a,b;c",
                value="a_b_c",
                reasons=("key: replaced invalid characters", "value: replaced invalid characters"),
            ),
        )

    def test_long_key_and_value_shortened(self) -> None:
        """Keys over 128 and values over 256 characters are shortened with a hash suffix."""
        key, value = "k" * 200, "v" * 300
        result = sanitize_tags({key: value}, RULES["aws"])
        [(new_key, new_value)] = result.tags.items()
        assert new_key == "k" * (AWS_MAX_KEY_LENGTH - 9) + "-" + _hash8(key)
        assert new_value == "v" * (AWS_MAX_VALUE_LENGTH - 9) + "-" + _hash8(value)
        assert result.changes[0].reasons == ("key: shortened to 128", "value: shortened to 256")

    def test_limits_are_inclusive(self) -> None:
        """A key of exactly 128 and a value of exactly 256 characters are kept."""
        tags = {"k" * AWS_MAX_KEY_LENGTH: "v" * AWS_MAX_VALUE_LENGTH}
        assert sanitize_tags(tags, RULES["aws"]).tags == tags

    @pytest.mark.parametrize("key", ["aws:createdBy", "AWS:x", "Aws:cloudformation:stack"])
    def test_reserved_prefix_raises(self, key: str) -> None:
        """Keys starting with aws: in any case are reserved by AWS."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({key: "x"}, RULES["aws"])
        assert str(info.value) == f"tag key {key!r} uses the prefix 'aws:' reserved by AWS"

    def test_fifty_tags_allowed(self) -> None:
        """Exactly 50 tags are accepted."""
        tags = {f"k{i}": "v" for i in range(AWS_MAX_TAGS)}
        assert len(sanitize_tags(tags, RULES["aws"]).tags) == AWS_MAX_TAGS

    def test_too_many_tags_raises_with_count_and_limit(self) -> None:
        """51 tags raise, naming the count and the limit; none is dropped."""
        tags = {f"k{i}": "v" for i in range(AWS_MAX_TAGS + 1)}
        with pytest.raises(MetadataError) as info:
            sanitize_tags(tags, RULES["aws"])
        assert str(info.value) == "51 tags exceed the aws limit of 50 tags per resource"
        assert info.value.details == {"count": 51, "limit": 50, "target": "aws"}

    def test_empty_value_allowed(self) -> None:
        """AWS accepts empty values."""
        assert sanitize_tags({"flag": ""}, RULES["aws"]).tags == {"flag": ""}


class TestAzure:
    def test_forbidden_name_characters_replaced(self) -> None:
        """< > % & \\ ? / in names become underscores; values keep them."""
        result = sanitize_tags({"a<b>c%d&e\\f?g/h": "x/y?z"}, RULES["azure"])
        assert result.tags == {"a_b_c_d_e_f_g_h": "x/y?z"}
        assert result.changes[0].reasons == ("key: replaced invalid characters",)

    def test_colon_and_spaces_kept(self) -> None:
        """Colons and spaces are valid in Azure tag names."""
        tags = {"iaccore:project": "x", "Cost Center": "1"}
        assert sanitize_tags(tags, RULES["azure"]).tags == tags

    def test_long_name_and_value_shortened(self) -> None:
        """Names over 512 and values over 256 characters are shortened."""
        result = sanitize_tags({"n" * 600: "v" * 300}, RULES["azure"])
        [(key, value)] = result.tags.items()
        assert (len(key), len(value)) == (AZURE_MAX_NAME_LENGTH, AZURE_MAX_VALUE_LENGTH)

    def test_too_many_tags_raises(self) -> None:
        """More than 50 tags raise."""
        with pytest.raises(MetadataError, match=r"^60 tags exceed the azure limit of 50"):
            sanitize_tags({f"k{i}": "v" for i in range(60)}, RULES["azure"])
        assert AZURE_MAX_TAGS == 50

    def test_names_differing_only_in_case_collide(self) -> None:
        """Azure tag names are case-insensitive, so Env and env cannot both be kept."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({"Env": "a", "env": "b"}, RULES["azure"])
        assert str(info.value) == "tag keys 'Env' and 'env' both become 'env' for azure"


class TestKubernetes:
    def test_iaccore_keys_translated(self) -> None:
        """iaccore:x becomes iaccore.dev/x and compliance:x compliance.iaccore.dev/x."""
        result = sanitize_tags(
            {"iaccore:project": "payments", "compliance:frameworks": "cis"}, RULES["kubernetes"]
        )
        assert result.tags == {
            "iaccore.dev/project": "payments",
            "compliance.iaccore.dev/frameworks": "cis",
        }
        assert result.changes[0].reasons == ("key: translated 'iaccore:' to 'iaccore.dev/'",)

    def test_other_namespaced_keys_use_a_prefix(self) -> None:
        """team:owner becomes team/owner."""
        assert sanitize_tags({"team:owner": "x"}, RULES["kubernetes"]).tags == {"team/owner": "x"}

    def test_valid_labels_unchanged(self) -> None:
        """Recommended labels pass untouched."""
        tags = {"app.kubernetes.io/name": "api", "tier": "", "A_b.c-D": "v1.2_3-x"}
        result = sanitize_tags(tags, RULES["kubernetes"])
        assert (result.tags, result.changes) == (tags, ())

    def test_value_invalid_characters_and_ends(self) -> None:
        """Invalid value characters become underscores; non-alphanumeric ends are stripped."""
        result = sanitize_tags(
            {"frameworks": "cis+soc2", "x": "-a b-", "y": "--"}, RULES["kubernetes"]
        )
        assert result.tags == {"frameworks": "cis_soc2", "x": "a_b", "y": ""}

    def test_prefix_made_dns_subdomain(self) -> None:
        """Prefixes are lower-cased and invalid characters become dashes."""
        result = sanitize_tags({"My_Org.IO/name": "v"}, RULES["kubernetes"])
        assert result.tags == {"my-org.io/name": "v"}
        assert result.changes[0].reasons == ("key: made the prefix a DNS subdomain",)

    def test_prefix_without_valid_characters_is_dropped(self) -> None:
        """A prefix that sanitizes to nothing leaves the bare name, recorded as a change."""
        assert sanitize_tags({"__/name": "v"}, RULES["kubernetes"]).tags == {"name": "v"}

    def test_long_name_value_and_prefix_shortened(self) -> None:
        """Names and values over 63 and prefixes over 253 characters are shortened validly."""
        prefix = ".".join(["a" * 60] * 5)
        result = sanitize_tags({f"{prefix}/{'n' * 80}": "v" * 70}, RULES["kubernetes"])
        [(key, value)] = result.tags.items()
        new_prefix, _, name = key.partition("/")
        assert len(new_prefix) <= KUBERNETES_MAX_PREFIX_LENGTH
        assert all(0 < len(label) <= 63 for label in new_prefix.split("."))
        assert len(name) == KUBERNETES_MAX_NAME_LENGTH
        assert len(value) == KUBERNETES_MAX_VALUE_LENGTH
        assert sanitize_tags(result.tags, RULES["kubernetes"]).changes == ()

    def test_key_without_valid_name_raises(self) -> None:
        """A key with no usable name characters raises rather than being dropped."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({"!!!": "v"}, RULES["kubernetes"])
        assert str(info.value) == "tag key '!!!' has no characters valid in a Kubernetes label name"

    def test_no_count_limit(self) -> None:
        """Kubernetes has no label count limit."""
        assert len(sanitize_tags({f"k{i}": "v" for i in range(80)}, RULES["kubernetes"]).tags) == 80

    def test_collision_after_sanitizing_raises(self) -> None:
        """Two keys that become the same label are an error naming both."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({"iaccore:project": "a", "iaccore.dev/project": "b"}, RULES["kubernetes"])
        assert info.value.details["keys"] == ["iaccore:project", "iaccore.dev/project"]


class TestKubernetesEmptyPrefix:
    def test_empty_prefix_change_is_recorded(self) -> None:
        """`/0` becomes `0`: the change is recorded, so no label changes silently (hypothesis
        found this key)."""
        result = sanitize_tags({"/0": ""}, RULES["kubernetes"])
        assert result.tags == {"0": ""}
        assert [change.reasons for change in result.changes] == [("key: dropped the empty prefix",)]


class TestCommon:
    @pytest.mark.parametrize("target", ["aws", "azure", "kubernetes"])
    def test_empty_key_raises(self, target: str) -> None:
        """An empty key is never valid."""
        with pytest.raises(MetadataError, match=r"^tag key is empty$"):
            sanitize_tags({"": "v"}, RULES[target])

    def test_unknown_target_raises(self) -> None:
        """A name no installed provider module publishes rules for is refused, listing those."""
        with pytest.raises(MetadataError) as info:
            sanitize_tags({}, "gcp")
        assert str(info.value) == "unknown tag target 'gcp'; known: aws, azure, kubernetes"

    def test_published_rules_found_by_name(self) -> None:
        """Each first-party provider module publishes its rules through its entry point."""
        assert sanitize_tags({"a#": "b"}, "aws").tags == {"a_": "b"}
        assert sanitize_tags({"a/b": "c"}, "azure").tags == {"a_b": "c"}
        assert sanitize_tags({"iaccore:project": "p"}, "kubernetes").tags == {
            "iaccore.dev/project": "p"
        }

    def test_order_preserved(self) -> None:
        """Keys keep their input order."""
        tags = {"b": "1", "a": "2", "c#": "3"}
        assert list(sanitize_tags(tags, RULES["aws"]).tags) == ["b", "a", "c_"]

    def test_changes_logged_at_debug(self, caplog: pytest.LogCaptureFixture) -> None:
        """Each change is logged on iaccore.tags at DEBUG."""
        with caplog.at_level(logging.DEBUG, logger="iaccore.tags"):
            sanitize_tags({"a#": "b", "ok": "ok"}, RULES["aws"])
        [record] = [r for r in caplog.records if r.name == "iaccore.tags"]
        assert record.levelno == logging.DEBUG
        assert record.getMessage() == (
            "tag 'a#'='b' -> 'a_'='b' for aws (key: replaced invalid characters)"
        )

    def test_nothing_logged_without_changes(self, caplog: pytest.LogCaptureFixture) -> None:
        """Valid tags produce no log record."""
        with caplog.at_level(logging.DEBUG, logger="iaccore.tags"):
            sanitize_tags({"ok": "ok"}, RULES["kubernetes"])
        assert [r for r in caplog.records if r.name == "iaccore.tags"] == []
