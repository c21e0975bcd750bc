"""Tests of iaccore.core.metadata.compliance."""

from __future__ import annotations

import pytest

from iaccore.core.config.models import KNOWN_FRAMEWORKS, ComplianceConfig
from iaccore.core.errors import ConfigurationError
from iaccore.core.metadata.compliance import check_frameworks, compliance_tags


class TestComplianceTags:
    def test_empty_config_gives_no_tags(self) -> None:
        """Nothing claimed, nothing tagged."""
        assert compliance_tags(ComplianceConfig()) == {}

    def test_all_fields(self) -> None:
        """Frameworks and controls are sorted, de-duplicated and joined with +."""
        config = ComplianceConfig(
            frameworks=("soc2", "cis", "soc2"),
            controls=("soc2:CC6.1", "cis:1.1", "cis:1.1", " "),
            data_classification="confidential",
        )
        assert compliance_tags(config) == {
            "compliance:frameworks": "cis+soc2",
            "compliance:controls": "cis:1.1+soc2:CC6.1",
            "compliance:data-classification": "confidential",
        }

    def test_every_known_framework_accepted(self) -> None:
        """Each known framework is valid."""
        tags = compliance_tags(ComplianceConfig(frameworks=KNOWN_FRAMEWORKS))
        assert tags["compliance:frameworks"] == "+".join(sorted(KNOWN_FRAMEWORKS))


class TestUnknownFramework:
    def test_error_names_key_path_and_known_frameworks(self) -> None:
        """An unknown framework is a configuration error listing the known ones."""
        with pytest.raises(ConfigurationError) as info:
            compliance_tags(ComplianceConfig(frameworks=("soc3",)))
        err = info.value
        assert err.key_path == "compliance.frameworks"
        assert str(err) == (
            "compliance.frameworks: unknown compliance framework 'soc3' (expected one of: "
            "cis, gdpr, hipaa, iso27001, nist-800-53, pci-dss, soc2); did you mean 'soc2'?"
        )

    def test_several_unknown_without_close_match(self) -> None:
        """Several unknown frameworks are all named; no hint when nothing is close."""
        with pytest.raises(ConfigurationError) as info:
            check_frameworks(["zzz", "cis", "yyy"])
        assert info.value.message == "unknown compliance frameworks 'yyy', 'zzz'"
        assert info.value.hint is None
