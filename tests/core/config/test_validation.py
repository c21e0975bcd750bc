"""Tests of iaccore.core.config.validation."""

from __future__ import annotations

import pytest

from iaccore.core.config import ConfigurationError, Secret, validate_model
from iaccore.core.config.layers import Layer, merge_layers

from .conftest import DemoSection, Vpc


class TestValidateModel:
    def test_valid_data(self) -> None:
        """Valid data returns the model."""
        assert validate_model(Vpc, {"azs": 2}).azs == 2

    def test_instance_passes_through(self) -> None:
        """An instance is returned unchanged."""
        vpc = Vpc()
        assert validate_model(Vpc, vpc) is vpc

    def test_wrong_type_names_path_layer_expected(self) -> None:
        """A type error names the prefixed key path, layer and expectation."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"azs": "many"}, key_path="demo.vpc")
        err = info.value
        assert err.key_path == "demo.vpc.azs"
        assert err.layer == "code"
        assert err.expected == "an integer"
        assert "got 'many'" in str(err)

    def test_literal_lists_allowed_values(self) -> None:
        """A bad enum value lists the allowed values."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"nat": "two"})
        assert "'none', 'single' or 'one_per_az'" in str(info.value)

    def test_unknown_key_did_you_mean(self) -> None:
        """Unknown keys suggest the closest field name and list the fields."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"cdir": "x"})
        assert info.value.hint == "did you mean 'cidr'?"
        assert "azs, cidr, nat, subnets" in str(info.value)

    def test_all_problems_collected(self) -> None:
        """The first problem is the message, all are in .problems."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"azs": 0, "nat": "x", "cidr": 5})
        assert len(info.value.problems) == 3
        assert "2 more problems" in info.value.message
        assert {p.key_path for p in info.value.problems} == {"azs", "nat", "cidr"}

    def test_range_error(self) -> None:
        """Out-of-range numbers give the bound."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"azs": 9})
        assert info.value.expected == "a number less than or equal to 6"

    def test_positions_from_provenance(self) -> None:
        """Provenance supplies layer, file, line and column."""
        merged = merge_layers(
            [Layer("stack", {"azs": "x"}, file="f.yaml", positions={("azs",): (3, 4)})]
        )
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, merged.data, provenance=merged.provenance)
        assert str(info.value).startswith("f.yaml:3:4: azs:")
        assert info.value.layer == "stack"

    def test_missing_required_key(self) -> None:
        """A missing required key is named in the list item."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"subnets": [{"size": 20}]})
        assert info.value.key_path == "subnets[0].name"
        assert "required" in info.value.message

    def test_long_input_not_shown(self) -> None:
        """Long inputs are left out of the message."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(Vpc, {"azs": "x" * 200})
        assert "x" * 41 not in str(info.value)

    def test_secret_field_input_never_shown(self) -> None:
        """Bad input to a Secret field is not echoed."""
        with pytest.raises(ConfigurationError) as info:
            validate_model(DemoSection, {"admin_password": 12345678})
        assert "12345678" not in str(info.value)
        assert "12345678" not in repr(info.value.problems)
        assert info.value.message == "invalid secret value"

    def test_secret_value_kept(self) -> None:
        """Secrets validate into Secret fields."""
        section = validate_model(DemoSection, {"admin_password": Secret("pw")})
        assert section.admin_password == Secret("pw")
