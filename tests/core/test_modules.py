"""Tests of iaccore.core.modules.ModuleRegistry."""

from __future__ import annotations

import pytest

from iaccore.core.config.base import ProviderSection
from iaccore.core.config.stack import build_stack_model
from iaccore.core.errors import DependencyError
from iaccore.core.modules import ModuleRegistry, ProviderModule


def _spec(name: str, *deps: str) -> ProviderModule:
    return ProviderModule(
        name=name, config_model=ProviderSection, sdk_module="json", extra=name, depends_on=deps
    )


def _names(modules: list[ProviderModule]) -> list[str]:
    return [module.name for module in modules]


class TestOrder:
    def test_dependencies_first(self) -> None:
        """kubernetes comes after aws and azure it depends on."""
        registry = ModuleRegistry(
            [_spec("kubernetes", "aws", "azure"), _spec("azure"), _spec("aws")]
        )
        assert _names(registry.order()) == ["aws", "azure", "kubernetes"]

    def test_alphabetical_tie_break(self) -> None:
        """Independent modules come alphabetically, whatever the input order."""
        specs = [_spec("c"), _spec("a"), _spec("d", "c"), _spec("b")]
        assert _names(ModuleRegistry(specs).order()) == ["a", "b", "c", "d"]
        assert _names(ModuleRegistry(reversed(specs)).order()) == ["a", "b", "c", "d"]

    def test_smallest_ready_module_first(self) -> None:
        """A module becomes eligible as soon as its dependencies are placed."""
        specs = [_spec("z"), _spec("b", "z"), _spec("y")]
        assert _names(ModuleRegistry(specs).order()) == ["y", "z", "b"]

    def test_selection_keeps_transitive_order(self) -> None:
        """Selecting a and c keeps c first when a depends on c through b."""
        registry = ModuleRegistry([_spec("a", "b"), _spec("b", "c"), _spec("c")])
        assert _names(registry.order(["a", "c"])) == ["c", "a"]

    def test_unknown_selected_name(self) -> None:
        """Selecting a module that does not exist lists the known ones."""
        with pytest.raises(DependencyError) as info:
            ModuleRegistry([_spec("aws")]).order(["gcp"])
        assert str(info.value) == "unknown provider module 'gcp'; known: aws"

    def test_iteration_is_ordered(self) -> None:
        """Iterating the registry yields dependency order."""
        registry = ModuleRegistry([_spec("b", "a"), _spec("a")])
        assert [m.name for m in registry] == ["a", "b"]
        assert (len(registry), "a" in registry, "x" in registry) == (2, True, False)


class TestErrors:
    def test_two_module_cycle(self) -> None:
        """A cycle names its modules, starting at the smallest name."""
        with pytest.raises(DependencyError) as info:
            ModuleRegistry([_spec("b", "a"), _spec("a", "b")]).order()
        assert str(info.value) == "dependency cycle: a -> b -> a"
        assert info.value.details == {"cycle": ["a", "b", "a"]}

    def test_three_module_cycle_direction(self) -> None:
        """Arrows read 'depends on': a needs c, c needs b, b needs a."""
        specs = [_spec("a", "c"), _spec("b", "a"), _spec("c", "b"), _spec("d")]
        with pytest.raises(DependencyError) as info:
            ModuleRegistry(specs).order()
        assert str(info.value) == "dependency cycle: a -> c -> b -> a"

    def test_self_dependency(self) -> None:
        """A module depending on itself is a cycle."""
        with pytest.raises(DependencyError, match=r"^dependency cycle: a -> a$"):
            ModuleRegistry([_spec("a", "a")]).order()

    def test_missing_dependency(self) -> None:
        """A dependency on an unknown module names who needs what."""
        with pytest.raises(DependencyError) as info:
            ModuleRegistry([_spec("kubernetes", "aws")]).order()
        assert str(info.value) == "'kubernetes' depends on 'aws', which is not installed"
        assert info.value.details == {"module": "kubernetes", "missing": "aws"}


class TestEnabled:
    def test_enabled_sections_in_order(self) -> None:
        """Only modules with an enabled section are returned, dependencies first."""
        specs = {name: _spec(name) for name in ("aws", "azure")}
        specs["kubernetes"] = _spec("kubernetes", "aws")
        stack = build_stack_model(specs).model_validate(
            {"kubernetes": {"enabled": True}, "aws": {"enabled": True}, "azure": {}}
        )
        assert _names(ModuleRegistry(specs.values()).enabled(stack)) == ["aws", "kubernetes"]

    def test_modules_without_section_left_out(self) -> None:
        """A module the stack model has no section for is not enabled."""
        registry = ModuleRegistry([_spec("aws"), _spec("extra")])
        stack = build_stack_model({"aws": _spec("aws")}).model_validate({"aws": {"enabled": True}})
        assert _names(registry.enabled(stack)) == ["aws"]
