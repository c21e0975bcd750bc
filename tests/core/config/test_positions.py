"""Tests of iaccore.core.config.positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaccore.core.config import ConfigurationError, Secret
from iaccore.core.config.positions import dotted, load_yaml_file, load_yaml_text


class TestLoadYaml:
    def test_plain_types(self) -> None:
        """Round-trip types come back as plain Python types."""
        doc = load_yaml_text("a: 1\nb: 1.5\nc: true\nd: null\ne: [x, 2]\nf: 2024-01-02\n")
        assert doc.data == {
            "a": 1,
            "b": 1.5,
            "c": True,
            "d": None,
            "e": ["x", 2],
            "f": "2024-01-02",
        }
        assert type(doc.data["a"]) is int
        assert type(doc.data["b"]) is float
        assert type(doc.data["e"]) is list

    def test_positions_are_one_based(self) -> None:
        """Keys and list items map to 1-based line and column."""
        doc = load_yaml_text("top:\n  inner: 1\n  items:\n    - a\n    - b\n")
        assert doc.positions[("top",)] == (1, 1)
        assert doc.positions[("top", "inner")] == (2, 3)
        assert doc.positions[("top", "items", 1)] == (5, 7)

    def test_secure_values_become_placeholder_secrets(self) -> None:
        """A `{secure: ...}` mapping becomes a Secret and its path is recorded."""
        doc = load_yaml_text("a:\n  pw:\n    secure: AAAACIPHER\n")
        assert isinstance(doc.data["a"]["pw"], Secret)
        assert doc.data["a"]["pw"].reveal() != "AAAACIPHER"
        assert doc.secure_paths == frozenset({("a", "pw")})

    def test_mapping_with_more_keys_is_not_secure(self) -> None:
        """Only the exact one-key form is an encrypted value."""
        doc = load_yaml_text("a: {secure: x, other: y}\n")
        assert doc.data["a"] == {"secure": "x", "other": "y"}
        assert not doc.secure_paths

    def test_merge_keys_resolved(self) -> None:
        """YAML merge keys (<<) are expanded."""
        doc = load_yaml_text("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n")
        assert doc.data["use"] == {"y": 2, "x": 1}

    def test_empty_document(self) -> None:
        """An empty file loads as None."""
        assert load_yaml_text("").data is None


class TestYamlErrors:
    def test_malformed_yaml_has_position(self) -> None:
        """Malformed YAML names file, line and column."""
        with pytest.raises(ConfigurationError) as info:
            load_yaml_text("a: 1\nb: [1, 2\n", file="x.yaml")
        assert info.value.file == "x.yaml"
        assert info.value.line == 3
        assert str(info.value).startswith("x.yaml:3:")

    def test_duplicate_key_names_line_not_values(self) -> None:
        """A duplicate key is an error at its second line, without the values."""
        with pytest.raises(ConfigurationError) as info:
            load_yaml_text("a: first-value\nb: 2\na: second-value\n", file="d.yaml")
        err = info.value
        assert err.line == 3
        assert "'a'" in str(err)
        assert "first-value" not in str(err)
        assert "second-value" not in str(err)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A missing file is a ConfigurationError naming it."""
        with pytest.raises(ConfigurationError) as info:
            load_yaml_file(tmp_path / "missing.yaml")
        assert info.value.file == str(tmp_path / "missing.yaml")


class TestDotted:
    def test_dotted_renders_indexes(self) -> None:
        """List indexes render in brackets."""
        assert dotted(("aws", "subnets", 2, "name")) == "aws.subnets[2].name"
        assert dotted(()) == ""
