"""Azure locations: normalising, the known table, and errors with suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from iaccore.azure.locations import (
    AZURE_LOCATIONS,
    ZONAL_LOCATIONS,
    location_error,
    normalize_location,
)
from iaccore.azure.types import Location

LOCATION = TypeAdapter(Location)


class TestNormalize:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("West Europe", "westeurope"),
            ("westeurope", "westeurope"),
            ("  Sweden Central ", "swedencentral"),
            ("EAST US 2", "eastus2"),
            ("North\tEurope", "northeurope"),
        ],
    )
    def test_examples(self, given: str, expected: str) -> None:
        """Lowercase, no whitespace of any kind."""
        assert normalize_location(given) == expected

    @given(st.sampled_from(sorted(AZURE_LOCATIONS)))
    def test_idempotent_on_the_table(self, name: str) -> None:
        """Table names are already normal."""
        assert normalize_location(name) == name
        assert normalize_location(normalize_location(name.upper())) == name

    @given(st.text())
    def test_never_contains_whitespace(self, text: str) -> None:
        """Whatever the input, the result has no whitespace and no uppercase ASCII."""
        result = normalize_location(text)
        assert not any(char.isspace() for char in result)
        assert result == normalize_location(result)


class TestTable:
    def test_zonal_locations_are_locations(self) -> None:
        """Every zonal region is in the location table."""
        assert ZONAL_LOCATIONS <= AZURE_LOCATIONS

    def test_names_are_normal(self) -> None:
        """The table holds ARM spellings only (no logical geographies such as `europe`)."""
        assert all(name == normalize_location(name) for name in AZURE_LOCATIONS)
        assert not {"global", "europe", "unitedstates"} & AZURE_LOCATIONS

    @pytest.mark.parametrize("name", ["westeurope", "northeurope", "swedencentral", "eastus2"])
    def test_common_regions(self, name: str) -> None:
        """Common regions are known and zonal."""
        assert name in AZURE_LOCATIONS
        assert name in ZONAL_LOCATIONS


class TestErrors:
    def test_known(self) -> None:
        """Known names, in any spelling, have no error."""
        assert location_error("West Europe") is None

    def test_near_miss(self) -> None:
        """A near miss suggests the nearest names."""
        assert location_error("westeurop") == (
            "unknown Azure location 'westeurop'; did you mean westeurope?"
        )
        message = location_error("swedencentrl")
        assert message is not None
        assert "swedencentral" in message

    def test_far_miss(self) -> None:
        """Nothing close: the message points at `az account list-locations`."""
        assert location_error("mars") == (
            "unknown Azure location 'mars' (see az account list-locations)"
        )

    def test_custom_table(self) -> None:
        """The table to check against can be given (extra locations)."""
        assert location_error("newregion", frozenset({"newregion"})) is None

    def test_location_type(self) -> None:
        """The Location type normalises and refuses with the same message."""
        assert LOCATION.validate_python("North Europe") == "northeurope"
        with pytest.raises(ValidationError, match="did you mean westeurope"):
            LOCATION.validate_python("westeurop")
