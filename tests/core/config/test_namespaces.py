"""Near misses of iaccore's names: what counts as a typo and what does not."""

from __future__ import annotations

import pytest

from iaccore.core.config.namespaces import (
    check_env_names,
    check_namespaces,
    edit_distance,
    is_near_miss,
)
from iaccore.core.errors import ConfigurationError


@pytest.mark.parametrize(
    ("word", "near"),
    [
        ("iacore", True),
        ("iaccor", True),
        ("iaccroe", True),
        ("IACCORE", True),
        ("iac-core", True),
        ("iaccore", False),
        ("aws", False),
        ("kubernetes", False),
        ("iam", False),
        ("accounting", False),
    ],
)
def test_near_misses_of_the_namespace(word: str, near: bool) -> None:
    """Typos and case changes are near misses; other namespaces are not."""
    assert is_near_miss(word, "iaccore") is near


def test_edit_distance_counts_transpositions_once() -> None:
    """Swapped neighbours are one edit."""
    assert edit_distance("confg", "config") == 1
    assert edit_distance("conifg", "config") == 1
    assert edit_distance("", "abc") == 3


def test_project_namespace_is_never_a_typo() -> None:
    """A project named like iaccore keeps its own keys."""
    check_namespaces(["iacore:size"], {}, None, project="iacore")
    with pytest.raises(ConfigurationError, match="did you mean 'iaccore:size'"):
        check_namespaces(["iacore:size"], {}, None, project="payments")


def test_unrelated_environment_is_ignored() -> None:
    """Variables of other tools, and unknown IACCORE_ settings far from ours, are left alone."""
    check_env_names(["PATH", "IACCORE_SOMETHING_ELSE", "AWS_REGION"], ["IACCORE_LOG_LEVEL"])
    with pytest.raises(ConfigurationError, match="IACCORE_DEMO__REGION"):
        check_env_names(["IACCOR_DEMO__REGION"], [])
