"""Provider sections: modules without a config section, and keys no module declares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iaccore.core.config import ConfigurationError, build_stack_model, validate_stack_file
from iaccore.core.config.schema import json_schema
from iaccore.core.config.sources import module_extras
from iaccore.core.modules import ModuleRegistry, ProviderModule, discover_modules

from .conftest import DEMO

#: A module that contributes hooks only: no config section.
HOOKS = ProviderModule(name="hooks", sdk_module="json", extra="hooks-extra")
#: A module whose SDK is missing.
MISSING = ProviderModule(
    name="missing", config_model=DEMO.config_model, sdk_module="no_such_sdk", extra="missing"
)


def _error(stack_file: Path, modules: dict[str, ProviderModule] | None) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as info:
        validate_stack_file(stack_file, environ={}, modules=modules)
    return info.value


class TestModulesWithoutSection:
    def test_no_field_in_stack_model_or_schema(self) -> None:
        """A hook-only module adds no field to the stack model and no key to the schema."""
        model = build_stack_model({"demo": DEMO, "hooks": HOOKS})
        assert "hooks" not in model.model_fields
        assert model.section_names() == ("demo",)
        keys = json_schema({"demo": DEMO, "hooks": HOOKS})["properties"]["config"]["properties"]
        assert "iaccore:demo" in keys
        assert "iaccore:hooks" not in keys

    def test_never_enabled(self) -> None:
        """ModuleRegistry.enabled leaves hook-only modules out."""
        stack = build_stack_model({"demo": DEMO}).model_validate({"demo": {"enabled": True}})
        assert [m.name for m in ModuleRegistry([DEMO, HOOKS]).enabled(stack)] == ["demo"]

    def test_its_key_is_refused(self, write: Callable[[str, str], Path]) -> None:
        """`iaccore:hooks` in a stack file fails, naming the key and why."""
        path = write("Pulumi.dev.yaml", "config:\n  iaccore:hooks: {enabled: true}\n")
        err = _error(path, {"demo": DEMO, "hooks": HOOKS})
        assert err.details["key_path"] == "iaccore:hooks"
        assert "unknown config section `iaccore:hooks`: the hooks module has no config section" in (
            str(err)
        )
        assert err.details["line"] == 2


class TestUnknownSections:
    def test_module_not_installed_names_the_extra(self, write: Callable[[str, str], Path]) -> None:
        """A known module left out of the model: the hint is the pip command."""
        path = write("Pulumi.dev.yaml", "config:\n  iaccore:missing: {}\n")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                "iaccore.core.config.sources.discover_modules",
                lambda extra=(): {"missing": MISSING, **{m.name: m for m in extra}},
            )
            err = _error(path, {"demo": DEMO})
        assert 'pip install "iaccore[missing]"' in str(err)

    def test_typo_gets_a_suggestion(self, write: Callable[[str, str], Path]) -> None:
        """A misspelt section is named, with the closest known one."""
        err = _error(write("Pulumi.dev.yaml", "config:\n  iaccore:dmeo: {}\n"), {"demo": DEMO})
        assert "unknown config section `iaccore:dmeo`: no installed module declares it" in str(err)
        assert "did you mean 'demo'?" in str(err)


def test_module_extras_come_from_discovered_modules() -> None:
    """Every discovered module's extra is listed, whether or not its SDK is installed."""
    extras = module_extras({"hooks": HOOKS})
    assert extras["hooks"] == "hooks-extra"
    for name, spec in discover_modules().items():
        assert extras[name] == spec.extra
