"""Unit tests of iaccore.aws.eks.versions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from iaccore.aws.eks import versions
from iaccore.aws.eks.cluster import EksCluster
from iaccore.aws.eks.versions import (
    CALENDAR_REFERENCE_DATE,
    DEFAULT_VERSION,
    RELEASE_CALENDAR,
    SUPPORTED_VERSIONS,
    compare_versions,
    is_extended_support,
    parse_version,
    standard_versions,
    support_status,
    support_warning,
    validate_version,
)
from iaccore.core.errors import ConfigurationError
from tests.helpers import run


class TestCalendar:
    """The calendar data and the derived supported set."""

    def test_supported_versions(self) -> None:
        """Late 2026: 1.31 (extended until 2026-11-26) to 1.35."""
        assert SUPPORTED_VERSIONS == ("1.31", "1.32", "1.33", "1.34", "1.35")
        assert DEFAULT_VERSION in SUPPORTED_VERSIONS
        assert SUPPORTED_VERSIONS[-1] == DEFAULT_VERSION

    def test_windows_are_14_plus_12_months(self) -> None:
        """Standard support ends ~14 months after release, extended 12 months later."""
        for entry in RELEASE_CALENDAR.values():
            standard = (entry.end_of_standard_support - entry.released).days
            extended = (entry.end_of_extended_support - entry.end_of_standard_support).days
            assert 400 <= standard <= 435, entry.version
            assert 365 <= extended <= 366, entry.version

    def test_sorted(self) -> None:
        """Calendar and supported tuple are oldest first."""
        versions = list(RELEASE_CALENDAR)
        assert versions == sorted(versions, key=parse_version)
        assert list(SUPPORTED_VERSIONS) == sorted(SUPPORTED_VERSIONS, key=parse_version)

    def test_reference_date(self) -> None:
        """The supported set is computed for late 2026."""
        assert CALENDAR_REFERENCE_DATE.year == 2026


class TestParse:
    """parse_version and compare_versions."""

    @pytest.mark.parametrize(
        ("text", "parsed"), [("1.31", (1, 31)), ("v1.9", (1, 9)), (" 1.35 ", (1, 35))]
    )
    def test_parse(self, text: str, parsed: tuple[int, int]) -> None:
        """Minor versions parse to int pairs."""
        assert parse_version(text) == parsed

    @pytest.mark.parametrize("text", ["1", "1.31.2", "latest", "", "1.x"])
    def test_parse_invalid(self, text: str) -> None:
        """Anything but major.minor is a ValueError."""
        with pytest.raises(ValueError, match="is not a Kubernetes minor version"):
            parse_version(text)

    def test_compare_numeric(self) -> None:
        """Comparison is numeric, not lexical."""
        assert compare_versions("1.9", "1.31") == -1
        assert compare_versions("1.31", "1.9") == 1
        assert compare_versions("v1.31", "1.31") == 0


class TestValidate:
    """validate_version."""

    @pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
    def test_supported(self, version: str) -> None:
        """Supported versions come back normalized."""
        assert validate_version(version) == version
        assert validate_version(f"v{version}") == version

    @pytest.mark.parametrize(
        ("version", "message"),
        [
            ("1.29", "Kubernetes 1.29 reached the end of EKS extended support on 2026-03-23"),
            ("1.30", "Kubernetes 1.30 reached the end of EKS extended support on 2026-07-23"),
            ("1.27", "Kubernetes 1.27 is no longer supported by Amazon EKS"),
            ("1.36", "Kubernetes 1.36 is not yet supported by this release of iaccore"),
            ("2.0", "Kubernetes 2.0 is not yet supported by this release of iaccore"),
            ("nope", "'nope' is not a Kubernetes minor version such as '1.31'"),
        ],
    )
    def test_refused(self, version: str, message: str) -> None:
        """Refusals say why and list the supported versions."""
        with pytest.raises(ConfigurationError) as info:
            validate_version(version, key_path="aws.eks.clusters.main.version")
        err = info.value
        assert err.message == message
        assert err.key_path == "aws.eks.clusters.main.version"
        assert err.expected == "one of 1.31, 1.32, 1.33, 1.34, 1.35"


class TestSupportStatus:
    """support_status and is_extended_support."""

    @pytest.mark.parametrize(
        ("version", "on", "status"),
        [
            ("1.31", date(2025, 11, 25), "standard"),
            ("1.31", date(2025, 11, 26), "extended"),
            ("1.31", date(2026, 11, 25), "extended"),
            ("1.31", date(2026, 11, 26), "unsupported"),
            ("1.35", date(2026, 1, 1), "unsupported"),
            ("1.35", date(2026, 9, 1), "standard"),
            ("1.20", date(2026, 9, 1), "unsupported"),
        ],
    )
    def test_status(self, version: str, on: date, status: str) -> None:
        """Boundaries: end dates are exclusive."""
        assert support_status(version, on=on) == status

    def test_is_extended(self) -> None:
        """Extended support in late 2026: 1.31, 1.32, 1.33."""
        on = date(2026, 9, 1)
        assert [v for v in SUPPORTED_VERSIONS if is_extended_support(v, on=on)] == [
            "1.31",
            "1.32",
            "1.33",
        ]

    def test_today_default(self) -> None:
        """Without a date, today is used (the call works and returns a status)."""
        assert support_status("1.35") in ("standard", "extended", "unsupported")


class TestSupportWarning:
    """support_warning, standard_versions and the warning EksCluster logs."""

    def test_standard_versions(self) -> None:
        """On 2026-12-01: 1.34 (until 2026-12-02) and 1.35 are in standard support."""
        assert standard_versions(on=date(2026, 12, 1)) == ("1.34", "1.35")
        assert standard_versions(on=date(2026, 12, 2)) == ("1.35",)

    def test_no_warning_in_standard_support(self) -> None:
        """A version in standard support gets no warning."""
        assert support_warning("1.35", on=date(2026, 12, 1)) is None
        assert support_warning("1.34", on=date(2026, 12, 1)) is None

    def test_extended_support_warning(self) -> None:
        """A version in extended support: dates, the extra cost, and where to go."""
        assert support_warning("1.33", on=date(2026, 12, 1)) == (
            "Kubernetes 1.33 is in EKS extended support since 2026-07-29 (extra cost per "
            "cluster hour) until 2027-07-29; upgrade to a version in standard support: 1.34, 1.35"
        )
        warning = support_warning("1.34", on=date(2026, 12, 2))
        assert warning is not None
        assert warning.startswith("Kubernetes 1.34 is in EKS extended support since 2026-12-02")

    def test_past_extended_support_warning(self) -> None:
        """A version past extended support: EKS upgrades it on its own."""
        warning = support_warning("1.31", on=date(2026, 12, 1))
        assert warning is not None
        assert warning.startswith(
            "Kubernetes 1.31 reached the end of EKS extended support on 2026-11-26"
        )
        assert "upgrades existing control planes itself" in warning

    def test_unknown_version_gets_no_warning(self) -> None:
        """Versions outside the calendar are validate_version's business, not a warning."""
        assert support_warning("1.20", on=date(2026, 12, 1)) is None

    def test_example_version_is_in_standard_support(self) -> None:
        """The example platform pins a version in standard support on 2026-12-01."""
        text = (
            Path(__file__).resolve().parents[3] / "examples/aws-eks-platform/Pulumi.dev.yaml"
        ).read_text()
        (pinned,) = re.findall(r'^\s+version: "([0-9.]+)"$', text, re.M)
        assert support_status(pinned, on=date(2026, 12, 1)) == "standard"

    @pytest.mark.parametrize(("version", "warned"), [("1.33", True), ("1.35", False)])
    def test_cluster_logs_the_warning(
        self,
        version: str,
        warned: bool,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """EksCluster logs a warning for a version in extended support on the day of the run."""
        monkeypatch.setattr(versions, "today", lambda: date(2026, 12, 1))
        config = {
            "version": version,
            "subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
            "deployer_role_arn": "arn:aws:iam::123456789012:role/ci",
            "node_groups": {"general": {}},
        }
        with caplog.at_level("WARNING", logger="iaccore.component.EksCluster"):
            run(lambda: EksCluster("main", config))
        records = [r for r in caplog.records if "extended support" in r.getMessage()]
        assert bool(records) is warned
        for record in records:
            assert record.levelname == "WARNING"
            assert record.name == "iaccore.component.EksCluster"
