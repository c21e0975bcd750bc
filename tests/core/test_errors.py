"""The error hierarchy: structured fields and the one-line format users read."""

from __future__ import annotations

import pytest

from iaccore.core.errors import (
    ConfigurationError,
    DependencyError,
    IaccoreError,
    MetadataError,
    MissingExtraError,
    ProgramError,
    ProviderError,
)


class TestHierarchy:
    @pytest.mark.parametrize(
        "cls",
        [
            ConfigurationError,
            DependencyError,
            MetadataError,
            MissingExtraError,
            ProgramError,
            ProviderError,
        ],
    )
    def test_every_error_is_an_iaccore_error(self, cls: type[IaccoreError]) -> None:
        """Catching IaccoreError catches every iaccore error."""
        assert issubclass(cls, IaccoreError)

    def test_missing_extra_is_an_import_error(self) -> None:
        """MissingExtraError is also an ImportError, as code guarding imports expects."""
        err = MissingExtraError.for_extra("aws", "pulumi_aws")
        assert isinstance(err, ImportError)
        assert err.details == {"extra": "aws", "sdk_module": "pulumi_aws"}


class TestConfigurationErrorFormat:
    def test_full_location(self) -> None:
        """file:line:column, key path, message, expectation, hint and layer, in that order."""
        err = ConfigurationError(
            "unknown key",
            key_path="aws.vpcc",
            layer="stack",
            file="Pulumi.dev.yaml",
            line=3,
            column=5,
            expected="one of: vpc",
            hint="did you mean 'vpc'?",
        )
        assert str(err) == (
            "Pulumi.dev.yaml:3:5: aws.vpcc: unknown key (expected one of: vpc); "
            "did you mean 'vpc'? [layer: stack]"
        )
        assert err.location == "Pulumi.dev.yaml:3:5"

    def test_without_file(self) -> None:
        """Config given in code has a key path but no location."""
        err = ConfigurationError("must be positive", key_path="demo.copies", layer="code")
        assert str(err) == "demo.copies: must be positive [layer: code]"
        assert err.location is None

    def test_problems_listed_once(self) -> None:
        """Further problems are listed below; the headline problem is not repeated."""
        first = ConfigurationError("bad azs", key_path="aws.vpc.azs", line=6)
        second = ConfigurationError("unknown key `natt`", key_path="aws.vpc.natt", line=5)
        err = ConfigurationError(
            "bad azs (and 1 more problem)",
            key_path="aws.vpc.azs",
            line=6,
            problems=[first, second],
        )
        lines = str(err).splitlines()
        assert len(lines) == 2
        assert lines[1] == "  - aws.vpc.natt: unknown key `natt`"

    def test_structured_fields(self) -> None:
        """Every part of the message is also a field."""
        err = ConfigurationError("x", key_path="a.b", file="f.yaml", line=1, column=2)
        assert err.details["key_path"] == "a.b"
        assert (err.file, err.line, err.column) == ("f.yaml", 1, 2)
