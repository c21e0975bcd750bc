"""Tests of iaccore.core.config.layers."""

from __future__ import annotations

import pytest

from iaccore.core.config import ConfigurationError
from iaccore.core.config.layers import Layer, list_merge_key, merge_layers, origin_for


class TestMergeRules:
    def test_mappings_merge_recursively(self) -> None:
        """Nested mappings keep keys from every layer."""
        merged = merge_layers(
            [Layer("org", {"a": {"x": 1, "y": {"p": 1}}}), Layer("stack", {"a": {"y": {"q": 2}}})]
        )
        assert merged.data == {"a": {"x": 1, "y": {"p": 1, "q": 2}}}

    def test_scalars_replace(self) -> None:
        """A higher layer's scalar wins."""
        merged = merge_layers([Layer("org", {"a": {"x": 1}}), Layer("stack", {"a": {"x": 2}})])
        assert merged.data["a"]["x"] == 2

    def test_plain_lists_replace(self) -> None:
        """Lists without identifying keys are replaced, not concatenated."""
        merged = merge_layers([Layer("org", {"a": [1, 2, 3]}), Layer("stack", {"a": [9]})])
        assert merged.data["a"] == [9]

    @pytest.mark.parametrize("key", ["name", "id", "key"])
    def test_keyed_lists_merge_itemwise(self, key: str) -> None:
        """Lists of mappings sharing name/id/key merge by that field, order kept, new appended."""
        low = Layer("org", {"l": [{key: "a", "v": 1, "w": 1}, {key: "b", "v": 1}]})
        high = Layer("stack", {"l": [{key: "b", "v": 2}, {key: "c", "v": 3}, {key: "a", "w": 5}]})
        merged = merge_layers([low, high])
        assert merged.data["l"] == [
            {key: "a", "v": 1, "w": 5},
            {key: "b", "v": 2},
            {key: "c", "v": 3},
        ]

    def test_mixed_key_fields_replace(self) -> None:
        """Lists keyed by different fields replace each other."""
        merged = merge_layers(
            [Layer("org", {"l": [{"name": "a"}]}), Layer("stack", {"l": [{"id": "a"}]})]
        )
        assert merged.data["l"] == [{"id": "a"}]

    def test_type_change_replaces(self) -> None:
        """A mapping over a scalar (and vice versa) replaces it."""
        merged = merge_layers([Layer("org", {"a": 1}), Layer("stack", {"a": {"b": 2}})])
        assert merged.data == {"a": {"b": 2}}

    def test_inputs_not_mutated(self) -> None:
        """Merging does not change the layers' data."""
        low_data = {"a": {"x": 1}}
        merge_layers([Layer("org", low_data), Layer("stack", {"a": {"y": 2}})])
        assert low_data == {"a": {"x": 1}}

    def test_list_merge_key_detection(self) -> None:
        """The merge key is the first of name/id/key every item has."""
        assert list_merge_key([{"name": "a", "id": 1}, {"name": "b", "id": 2}]) == "name"
        assert list_merge_key([{"id": 1}, {"id": 2, "name": "x"}]) == "id"
        assert list_merge_key([{"name": "a"}, {"other": 1}]) is None
        assert list_merge_key([]) is None
        assert list_merge_key(["a"]) is None


class TestDuplicates:
    def test_duplicate_keyed_entry_is_error(self) -> None:
        """A duplicate name in one layer's list names the key path and line."""
        layer = Layer(
            "stack",
            {"demo": {"subnets": [{"name": "a"}, {"name": "a"}]}},
            file="Pulumi.dev.yaml",
            positions={("demo", "subnets", 0): (5, 9), ("demo", "subnets", 1): (6, 9)},
        )
        with pytest.raises(ConfigurationError) as info:
            merge_layers([layer])
        assert info.value.line == 6
        assert info.value.key_path == "demo.subnets[1]"
        assert "name='a'" in str(info.value)


class TestProvenance:
    def test_leaf_origin_is_last_writer(self) -> None:
        """Each leaf records the layer, file and position that supplied its final value."""
        low = Layer("org", {"a": {"x": 1, "y": 1}}, file="org.yaml", positions={("a", "x"): (2, 3)})
        high = Layer(
            "stack", {"a": {"y": 2}}, file="Pulumi.dev.yaml", positions={("a", "y"): (7, 5)}
        )
        prov = merge_layers([low, high]).provenance
        assert (prov[("a", "x")].layer, prov[("a", "x")].line) == ("org", 2)
        assert prov[("a", "y")].location == "Pulumi.dev.yaml:7:5"

    def test_keyed_list_provenance_follows_items(self) -> None:
        """Merged list items keep per-field origins at their final index."""
        low = Layer("org", {"l": [{"name": "a", "v": 1}, {"name": "b", "v": 1}]}, file="org.yaml")
        high = Layer(
            "stack",
            {"l": [{"name": "b", "v": 2}]},
            file="s.yaml",
            positions={("l", 0, "v"): (9, 1)},
        )
        prov = merge_layers([low, high]).provenance
        assert prov[("l", 1, "v")].file == "s.yaml"
        assert prov[("l", 1, "v")].line == 9
        assert prov[("l", 0, "v")].file == "org.yaml"

    def test_unpositioned_key_uses_ancestor_position(self) -> None:
        """A key without its own position takes the nearest positioned ancestor's."""
        layer = Layer("stack", {"a": {"b": {"c": 1}}}, file="f.yaml", positions={("a",): (3, 1)})
        prov = merge_layers([layer]).provenance
        assert prov[("a", "b", "c")].line == 3

    def test_origin_for_falls_back_to_ancestor(self) -> None:
        """origin_for climbs to the nearest known ancestor."""
        prov = merge_layers([Layer("stack", {"a": {"b": 1}}, file="f.yaml")]).provenance
        origin = origin_for(prov, ("a", "b", "missing"))
        assert origin is not None
        assert origin.file == "f.yaml"
        assert origin_for({}, ("x",)) is None
