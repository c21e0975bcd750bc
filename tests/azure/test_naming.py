"""Resource group and storage account names: Azure's limits hold for every input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.azure.naming import (
    RESOURCE_GROUP_MAX_LENGTH,
    STORAGE_NAME_MAX_LENGTH,
    STORAGE_NAME_MIN_LENGTH,
    resource_group_name,
    shared_resource_group_name,
    storage_account_name,
    storage_name_error,
)

#: Azure's resource group name rule: 1-90 of letters, digits, `_`, `-`, `.`, `(`, `)`; no final `.`.
RG_RULE = re.compile(r"^[-\w.()]{0,89}[-\w()]$")
PARTS = st.text(max_size=120)
RG_PARTS = PARTS


class TestResourceGroups:
    def test_convention(self) -> None:
        """rg-<project>-<environment>-<component>, lowercase."""
        assert resource_group_name("Payments", "Dev", "Core") == "rg-payments-dev-core"

    def test_shared(self) -> None:
        """rg-<project>-<environment>, plus the provider name unless it is `default`."""
        assert shared_resource_group_name("payments", "dev") == "rg-payments-dev"
        assert shared_resource_group_name("payments", "dev", "default") == "rg-payments-dev"
        assert shared_resource_group_name("payments", "dev", "dr") == "rg-payments-dev-dr"

    def test_invalid_characters_replaced(self) -> None:
        """Characters Azure refuses become `-`; leading and trailing `-`/`.` go."""
        assert resource_group_name("pay ments", "dev/1", "core.") == "rg-pay-ments-dev-1-core"

    def test_long_names_shortened_with_a_hash(self) -> None:
        """Over 90 characters: cut and suffixed with a hash; distinct inputs stay distinct."""
        a = resource_group_name("p" * 90, "dev", "a")
        b = resource_group_name("p" * 90, "dev", "b")
        assert len(a) == len(b) == RESOURCE_GROUP_MAX_LENGTH
        assert a != b
        assert RG_RULE.match(a)

    @given(RG_PARTS, RG_PARTS, RG_PARTS)
    def test_any_input_gives_a_valid_deterministic_name(
        self, project: str, environment: str, component: str
    ) -> None:
        """Every input gives at most 90 valid characters, the same on every call."""
        name = resource_group_name(project, environment, component)
        assert len(name) <= RESOURCE_GROUP_MAX_LENGTH
        assert RG_RULE.match(name), name
        assert name == resource_group_name(project, environment, component)

    def test_lowercasing_cannot_add_invalid_characters(self) -> None:
        """A letter whose lowercase form holds a combining mark still gives a valid name."""
        assert RG_RULE.match(resource_group_name("payments", "dev", "İ"))

    @given(RG_PARTS, RG_PARTS, RG_PARTS)
    def test_shared_any_input(self, project: str, environment: str, provider: str) -> None:
        """The shared group's name obeys the same rule."""
        name = shared_resource_group_name(project, environment, provider)
        assert len(name) <= RESOURCE_GROUP_MAX_LENGTH
        assert RG_RULE.match(name), name


class TestStorageNames:
    def test_convention(self) -> None:
        """`st` + squeezed project, environment, component + a 6-character hash."""
        name = storage_account_name("payments", "dev", "logs", seed="sub/rg")
        assert name.startswith("stpaymentsdevlogs")
        assert len(name) == len("stpaymentsdevlogs") + 6

    def test_seed_changes_the_hash(self) -> None:
        """Two subscriptions or groups get different names for the same component."""
        one = storage_account_name("payments", "dev", "logs", seed="sub-a/rg")
        two = storage_account_name("payments", "dev", "logs", seed="sub-b/rg")
        assert one != two
        assert one[:-6] == two[:-6]

    def test_long_parts_are_cut_to_24(self) -> None:
        """Long inputs are cut so the name is exactly 24 characters."""
        name = storage_account_name(
            "a-very-long-project-name", "production", "diagnostics", seed="x"
        )
        assert len(name) == STORAGE_NAME_MAX_LENGTH
        assert storage_name_error(name) is None

    @given(PARTS, PARTS, PARTS, st.text(max_size=80))
    def test_any_input_gives_a_valid_deterministic_name(
        self, project: str, environment: str, component: str, seed: str
    ) -> None:
        """Every input gives 3-24 lowercase letters and digits, the same on every call."""
        name = storage_account_name(project, environment, component, seed=seed)
        assert storage_name_error(name) is None, name
        assert STORAGE_NAME_MIN_LENGTH <= len(name) <= STORAGE_NAME_MAX_LENGTH
        assert name == storage_account_name(project, environment, component, seed=seed)

    @pytest.mark.parametrize(
        "name", ["ab", "a" * 25, "Logs", "logs_1", "logs-1", "lögs", "", "st logs"]
    )
    def test_invalid_names(self, name: str) -> None:
        """Too short, too long, uppercase, punctuation, non-ASCII, spaces: refused."""
        message = storage_name_error(name)
        assert message is not None
        assert repr(name) in message

    @pytest.mark.parametrize("name", ["abc", "a" * 24, "stlogs01"])
    def test_valid_names(self, name: str) -> None:
        """3-24 lowercase letters and digits pass."""
        assert storage_name_error(name) is None
