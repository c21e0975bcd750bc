"""AKS versions: a subset of the shared Kubernetes table, checks and the support warning."""

from __future__ import annotations

from datetime import date

import pytest

from iaccore.azure.aks.versions import (
    AKS_CALENDAR,
    AKS_SUPPORTED_VERSIONS,
    CALENDAR_REFERENCE_DATE,
    DEFAULT_VERSION,
    check_aks_version,
    support_warning,
)
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.versions import SUPPORTED_VERSIONS


def test_aks_versions_are_a_subset_of_the_shared_table() -> None:
    """Every version AKS accepts is one the Kubernetes module targets."""
    assert AKS_SUPPORTED_VERSIONS
    assert set(AKS_SUPPORTED_VERSIONS) <= set(SUPPORTED_VERSIONS)
    assert set(AKS_CALENDAR) <= set(SUPPORTED_VERSIONS)


def test_supported_versions_are_in_support_on_the_reference_date() -> None:
    for version in AKS_SUPPORTED_VERSIONS:
        assert AKS_CALENDAR[version].end_of_life > CALENDAR_REFERENCE_DATE


def test_default_is_supported() -> None:
    assert DEFAULT_VERSION in AKS_SUPPORTED_VERSIONS


@pytest.mark.parametrize(("given", "normalized"), [("1.35", "1.35"), ("v1.34", "1.34")])
def test_accepted(given: str, normalized: str) -> None:
    assert check_aks_version(given, key_path="k") == normalized


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.27", "Kubernetes 1.27 is not supported by this release of iaccore"),
        ("1.31", "Kubernetes 1.31 reached its AKS end of life on 2025-11-01"),
        ("1.34.2", "'1.34.2' is a patch version; give the minor version (such as 1.34)"),
        ("one", "'one' is not a Kubernetes version such as '1.31'"),
    ],
)
def test_refused(version: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        check_aks_version(version, key_path="azure.aks.clusters.main.version")
    assert info.value.message == message
    assert info.value.details["key_path"] == "azure.aks.clusters.main.version"


def test_support_warning() -> None:
    assert support_warning("1.35", on=date(2026, 9, 1)) is None
    assert "leaves AKS support on 2026-11-01" in str(support_warning("1.34", on=date(2026, 9, 15)))
    assert "left AKS support" in str(support_warning("1.34", on=date(2026, 12, 1)))
