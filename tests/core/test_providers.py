"""Tests of iaccore.core.providers.ProviderRegistry."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from iaccore.core.config.base import ProviderSection, ProviderSettings
from iaccore.core.config.stack import build_stack_model
from iaccore.core.errors import ProviderError
from iaccore.core.modules import ProviderModule
from iaccore.core.providers import ProviderRegistry


class FakeProvider:
    """Stands in for a pulumi.ProviderResource; the registry never inspects it."""

    def __init__(self, name: str) -> None:
        self.name = name


def _counting(name: str) -> tuple[Callable[[], Any], list[str]]:
    calls: list[str] = []

    def factory() -> Any:
        calls.append(name)
        return FakeProvider(name)

    return factory, calls


class DemoSection(ProviderSection):
    """A provider section with one setting."""

    region: str = "eu-west-1"


@pytest.fixture
def factory_module() -> Iterator[list[tuple[str, Any, Any]]]:
    """A module ``iaccore_test_factory:create`` recording its calls."""
    calls: list[tuple[str, Any, Any]] = []
    module = types.ModuleType("iaccore_test_factory")

    def create(name: str, section: Any, settings: Any, opts: Any) -> FakeProvider:
        calls.append((name, section, settings))
        return FakeProvider(name)

    module.create = create  # type: ignore[attr-defined]
    sys.modules["iaccore_test_factory"] = module
    yield calls
    del sys.modules["iaccore_test_factory"]


def _spec(name: str = "demo", sdk: str = "json", factory: str | None = None) -> ProviderModule:
    return ProviderModule(
        name=name, config_model=DemoSection, sdk_module=sdk, extra=name, provider_factory=factory
    )


class TestLazyCreation:
    def test_factory_not_called_until_get(self) -> None:
        """Registering does not create; the first get does, once."""
        registry = ProviderRegistry()
        factory, calls = _counting("default")
        registry.register("demo", "default", factory)
        assert calls == []
        first = registry.get("demo")
        second = registry.get("demo", "default")
        assert first is second
        assert calls == ["default"]

    def test_put_provider_is_returned(self) -> None:
        """A provider created by a component is returned under its name."""
        registry = ProviderRegistry()
        provider: Any = FakeProvider("main")
        registry.put("kubernetes", "main", provider)
        assert registry.get("kubernetes", "main") is provider
        assert registry.names("kubernetes") == ["main"]

    def test_put_conflict_raises(self) -> None:
        """A different provider under an existing name is refused; the same one is fine."""
        registry = ProviderRegistry()
        provider: Any = FakeProvider("a")
        registry.put("kubernetes", "main", provider)
        registry.put("kubernetes", "main", provider)
        with pytest.raises(ProviderError, match=r"^provider 'main' for kubernetes already exists$"):
            registry.put("kubernetes", "main", FakeProvider("b"))  # type: ignore[arg-type]

    def test_register_after_creation_raises(self) -> None:
        """A created provider's factory cannot be replaced."""
        registry = ProviderRegistry()
        registry.register("demo", "default", _counting("x")[0])
        registry.get("demo")
        with pytest.raises(ProviderError, match="already created"):
            registry.register("demo", "default", _counting("y")[0])

    def test_factory_asking_for_itself_raises(self) -> None:
        """A factory that needs its own provider is an error, not a recursion."""
        registry = ProviderRegistry()
        registry.register("demo", "default", lambda: registry.get("demo"))
        with pytest.raises(ProviderError) as info:
            registry.get("demo")
        assert str(info.value) == "the factory of provider 'default' for demo asked for itself"


class TestErrors:
    def test_unknown_name_lists_known_sorted(self) -> None:
        """An unknown name names the cloud and lists the known providers, sorted."""
        registry = ProviderRegistry()
        for name in ("eu", "default", "dr"):
            registry.register("aws", name, _counting(name)[0])
        with pytest.raises(ProviderError) as info:
            registry.get("aws", "us")
        assert str(info.value) == "no provider 'us' for aws; known: default, dr, eu"
        assert info.value.details == {
            "cloud": "aws",
            "name": "us",
            "known": ["default", "dr", "eu"],
        }

    def test_unknown_name_with_no_providers(self) -> None:
        """A cloud without providers says so."""
        registry = ProviderRegistry([_spec()], {"demo": DemoSection(enabled=True)})
        with pytest.raises(ProviderError) as info:
            registry.get("demo")
        assert str(info.value) == "no provider 'default' for demo; known: none"

    def test_not_enabled(self) -> None:
        """A disabled section blocks creation, without calling the factory."""
        registry = ProviderRegistry([_spec()], {"demo": DemoSection(enabled=False)})
        factory, calls = _counting("default")
        registry.register("demo", "default", factory)
        with pytest.raises(ProviderError) as info:
            registry.get("demo")
        assert str(info.value) == (
            "demo is not enabled; set `enabled: true` in the iaccore:demo config"
        )
        assert calls == []

    def test_module_without_section_is_not_enabled(self) -> None:
        """A module with no config section is disabled, like the section default."""
        registry = ProviderRegistry([_spec()])
        assert registry.enabled("demo") is False

    def test_module_declaring_no_section_takes_providers_from_code(self) -> None:
        """A hook-only module is enabled by the providers components or code give it."""
        hooks = ProviderModule(name="mesh", sdk_module="json", extra="mesh")
        registry = ProviderRegistry([hooks])
        assert registry.enabled("mesh") is False
        with pytest.raises(ProviderError) as info:
            registry.get("mesh", "main")
        assert str(info.value) == (
            "no provider for mesh yet: the mesh module has no config section, its providers "
            "come from components (or code) that create them"
        )
        provider = FakeProvider("main")
        registry.put("mesh", "main", provider)  # type: ignore[arg-type]
        assert registry.enabled("mesh") is True
        assert registry.get("mesh", "main") is provider
        registry.register("mesh", "other", _counting("other")[0])
        assert registry.get("mesh", "other").name == "other"  # type: ignore[attr-defined]

    def test_not_installed_names_the_extra(self) -> None:
        """A module whose SDK is missing names the pip install command."""
        registry = ProviderRegistry(
            [_spec("gcp", sdk="iaccore_no_such_sdk")], {"gcp": DemoSection(enabled=True)}
        )
        registry.register("gcp", "default", _counting("default")[0])
        with pytest.raises(ProviderError) as info:
            registry.get("gcp")
        assert str(info.value) == (
            "provider module 'gcp' is not installed: pip install \"iaccore[gcp]\""
        )

    def test_unknown_cloud(self) -> None:
        """A cloud nobody knows lists the known clouds."""
        registry = ProviderRegistry([_spec()])
        with pytest.raises(ProviderError) as info:
            registry.get("oracle")
        assert str(info.value) == "unknown cloud 'oracle'; known: demo"


class TestFromStackConfig:
    def _stack(self, spec: ProviderModule, **section: Any) -> Any:
        model = build_stack_model({spec.name: spec})
        return model.model_validate({spec.name: section})

    def test_default_and_named_providers(self, factory_module: list[tuple[str, Any, Any]]) -> None:
        """An enabled section gets a default provider and one per enabled named provider."""
        spec = _spec(factory="iaccore_test_factory:create")
        stack = self._stack(
            spec,
            enabled=True,
            providers={"dr": {"enabled": True}, "old": {"enabled": False}},
        )
        registry = ProviderRegistry.from_stack_config(stack, {"demo": spec})
        assert registry.names("demo") == ["default", "dr"]
        assert factory_module == []
        registry.get("demo", "dr")
        [(name, section, settings)] = factory_module
        assert name == "dr"
        assert section is stack.demo
        assert settings == ProviderSettings(enabled=True)
        registry.get("demo")
        assert factory_module[1][2] is None

    def test_disabled_named_provider_error(
        self, factory_module: list[tuple[str, Any, Any]]
    ) -> None:
        """Asking for a provider disabled in config says so."""
        spec = _spec(factory="iaccore_test_factory:create")
        stack = self._stack(spec, enabled=True, providers={"old": {"enabled": False}})
        registry = ProviderRegistry.from_stack_config(stack, {"demo": spec})
        with pytest.raises(ProviderError) as info:
            registry.get("demo", "old")
        assert str(info.value) == (
            "provider 'old' for demo is disabled (iaccore:demo.providers.old.enabled is false)"
        )

    def test_disabled_section_registers_nothing(
        self, factory_module: list[tuple[str, Any, Any]]
    ) -> None:
        """A disabled section gets no factories and reports disabled."""
        spec = _spec(factory="iaccore_test_factory:create")
        registry = ProviderRegistry.from_stack_config(self._stack(spec), {"demo": spec})
        assert registry.names("demo") == []
        assert registry.enabled("demo") is False


class TestStatus:
    def test_status_per_cloud(self) -> None:
        """status reports installed, enabled and created providers per cloud, sorted."""
        registry = ProviderRegistry(
            [_spec("demo"), _spec("gcp", sdk="iaccore_no_such_sdk")],
            {"demo": DemoSection(enabled=True)},
        )
        registry.register("demo", "default", _counting("default")[0])
        registry.register("demo", "dr", _counting("dr")[0])
        registry.get("demo", "dr")
        registry.put("kubernetes", "main", FakeProvider("main"))  # type: ignore[arg-type]
        assert registry.status() == {
            "demo": {"installed": True, "enabled": True, "providers": ["dr"]},
            "gcp": {"installed": False, "enabled": False, "providers": []},
            "kubernetes": {"installed": True, "enabled": True, "providers": ["main"]},
        }
