"""Tests of iaccore.core.config.stack and versions."""

from __future__ import annotations

import pytest

from iaccore.core.config import (
    ConfigurationError,
    ProviderSection,
    StackConfig,
    build_stack_model,
    check_requires,
)
from iaccore.core.modules import ProviderModule

from .conftest import MODULES, DemoSection


class TestBuildStackModel:
    def test_adds_section_fields_with_defaults(self) -> None:
        """Each module becomes a field defaulting to its model's defaults."""
        model = build_stack_model(MODULES)
        stack = model()
        assert isinstance(stack.section("demo"), DemoSection)
        assert stack.demo.vpc.azs == 3
        assert model.section_names() == ("demo",)

    def test_cached_per_module_set(self) -> None:
        """The same module set returns the same class; another set another class."""
        assert build_stack_model(MODULES) is build_stack_model(dict(MODULES))
        assert build_stack_model({}) is not build_stack_model(MODULES)

    def test_no_modules_is_core_only(self) -> None:
        """Without modules only the core sections exist."""
        model = build_stack_model({})
        assert set(model.model_fields) == {"project", "compliance", "logging", "requires"}

    def test_unknown_section_accessor(self) -> None:
        """section() names the known sections for an unknown name."""
        stack = build_stack_model(MODULES)()
        with pytest.raises(ConfigurationError, match="one of: demo"):
            stack.section("azure")
        with pytest.raises(ConfigurationError):
            stack.section("project")

    def test_reserved_module_name(self) -> None:
        """A module cannot shadow a core section."""
        bad = ProviderModule(
            name="project", config_model=ProviderSection, sdk_module="json", extra="x"
        )
        with pytest.raises(ConfigurationError, match="reserved"):
            build_stack_model({"project": bad})

    def test_stack_is_frozen_and_strict(self) -> None:
        """StackConfig rejects unknown keys."""
        with pytest.raises(ValueError, match="extra"):
            StackConfig.model_validate({"nope": {}})


class TestCheckRequires:
    def test_satisfied(self) -> None:
        """A matching specifier passes."""
        check_requires(">=0.1,<1", "0.1.0")

    def test_mismatch_names_both_versions(self) -> None:
        """A mismatch names the required and installed versions and the position."""
        with pytest.raises(ConfigurationError) as info:
            check_requires(">=0.3,<0.4", "0.1.0", file="iaccore.yaml", line=2)
        text = str(info.value)
        assert "this project requires iaccore >=0.3,<0.4 but 0.1.0 is installed" in text
        assert "iaccore.yaml:2" in text

    def test_invalid_specifier(self) -> None:
        """An invalid specifier is a ConfigurationError."""
        with pytest.raises(ConfigurationError, match="invalid version specifier"):
            check_requires("~=banana", "0.1.0")

    def test_prerelease_installed(self) -> None:
        """Pre-release installs are compared, not ignored."""
        check_requires(">=0.1.0.dev0", "0.2.0rc1")
