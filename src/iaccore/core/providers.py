"""ProviderRegistry: named Pulumi providers per cloud, created lazily and only when enabled.

Factories are registered per ``(cloud, name)``: from provider-module specs and the stack config
(``ProviderRegistry.from_stack_config``: a ``default`` provider per enabled section, plus one
per entry of the section's ``providers``), or in code with ``register``.
A factory runs on the first ``get`` only, once. Providers that components
create themselves (the provider of a cluster a component built) are added with
``put``.

Examples:
    >>> registry = ProviderRegistry()
    >>> registry.register("demo", "default", lambda: "a provider")  # normally a ProviderResource
    >>> registry.status()
    {'demo': {'installed': True, 'enabled': True, 'providers': []}}
    >>> registry.get("demo")
    'a provider'
    >>> registry.get("demo", "dr")
    Traceback (most recent call last):
    ...
    iaccore.core.errors.ProviderError: no provider 'dr' for demo; known: default
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from iaccore.core.config.base import ProviderSection, ProviderSettings
from iaccore.core.errors import ProviderError
from iaccore.core.modules import ProviderModule, discover_modules, load_object

if TYPE_CHECKING:
    import pulumi

    from iaccore.core.config.stack import StackConfig

__all__ = ["DEFAULT_PROVIDER", "ProviderFactory", "ProviderRegistry"]

#: Name of the provider built from a section's own settings.
DEFAULT_PROVIDER = "default"

#: Creates a provider when first asked for; returns a ``pulumi.ProviderResource``.
ProviderFactory = Callable[[], "pulumi.ProviderResource"]


class ProviderRegistry:
    """Named providers per cloud: factories registered up front, providers created on demand.

    A cloud is *installed* when its module's SDK can be imported (clouds registered only in code
    count as installed) and *enabled* when its config section says ``enabled: true`` (clouds
    with no config section, whose providers are registered in code or added by components, count
    as enabled once they have one). Providers added with ``put`` are returned whatever the
    config says: they already exist.

    Args:
        modules: Provider-module specs, by name or as an iterable.
        sections: Provider config sections by cloud name.

    Examples:
        >>> from iaccore.core.config.base import ProviderSection
        >>> registry = ProviderRegistry(sections={"demo": ProviderSection(enabled=False)})
        >>> registry.register("demo", "default", lambda: "never called")
        >>> registry.enabled("demo")
        False
    """

    def __init__(
        self,
        modules: Mapping[str, ProviderModule] | Iterable[ProviderModule] = (),
        sections: Mapping[str, ProviderSection] | None = None,
    ) -> None:
        specs = modules.values() if isinstance(modules, Mapping) else modules
        self._modules: dict[str, ProviderModule] = {spec.name: spec for spec in specs}
        self._sections: dict[str, ProviderSection] = dict(sections or {})
        self._factories: dict[str, dict[str, ProviderFactory]] = {}
        self._disabled: dict[str, set[str]] = {}
        self._created: dict[str, dict[str, pulumi.ProviderResource]] = {}
        self._creating: set[tuple[str, str]] = set()
        self._lock = threading.RLock()

    @classmethod
    def from_stack_config(
        cls,
        stack_config: StackConfig,
        modules: Mapping[str, ProviderModule] | None = None,
    ) -> ProviderRegistry:
        """Build the registry of a stack: one factory per configured provider of each module.

        Each enabled section with a module ``provider_factory`` gets a ``default`` provider and
        one per enabled entry of its ``providers`` (``section.named_providers()``). The factory
        function is imported on first use and called as
        ``function(name, section, settings, None)`` where ``name`` is the provider's registry
        name and ``settings`` is its entry (None for ``default`` unless the section lists
        ``default`` itself).

        Args:
            stack_config: The validated stack config.
            modules: Provider modules by name; discovered through entry points when None.
        """
        specs = discover_modules() if modules is None else dict(modules)
        sections: dict[str, ProviderSection] = {}
        for name in type(stack_config).section_names():
            sections[name] = stack_config.section(name)
        registry = cls(specs, sections)
        for cloud, section in sorted(sections.items()):
            spec = specs.get(cloud)
            if spec is None or spec.provider_factory is None or not section.enabled:
                continue
            named: dict[str, ProviderSettings | None] = {DEFAULT_PROVIDER: None}
            named.update(section.named_providers())
            for name, settings in sorted(named.items()):
                if settings is not None and not settings.enabled:
                    registry._disabled.setdefault(cloud, set()).add(name)
                    continue
                registry.register(cloud, name, _module_factory(spec, name, section, settings))
        return registry

    # -- registration ------------------------------------------------------------------------

    def register(self, cloud: str, name: str, factory: ProviderFactory) -> None:
        """Register (or replace) the factory of provider ``name`` for ``cloud``.

        Raises:
            ProviderError: The provider was already created; it cannot be replaced.
        """
        with self._lock:
            if name in self._created.get(cloud, {}):
                raise ProviderError(
                    f"provider {name!r} for {cloud} was already created; it cannot be replaced",
                    cloud=cloud,
                    name=name,
                )
            self._factories.setdefault(cloud, {})[name] = factory
            self._disabled.get(cloud, set()).discard(name)

    def put(self, cloud: str, name: str, provider: pulumi.ProviderResource) -> None:
        """Add a provider created elsewhere, e.g. the provider of a cluster a component built.

        Raises:
            ProviderError: Another provider was already created under that name.
        """
        with self._lock:
            existing = self._created.get(cloud, {}).get(name)
            if existing is not None and existing is not provider:
                raise ProviderError(
                    f"provider {name!r} for {cloud} already exists", cloud=cloud, name=name
                )
            self._created.setdefault(cloud, {})[name] = provider

    # -- queries -----------------------------------------------------------------------------

    def clouds(self) -> list[str]:
        """Every cloud the registry knows of (modules, sections, registrations), sorted."""
        return sorted({*self._modules, *self._sections, *self._factories, *self._created})

    def installed(self, cloud: str) -> bool:
        """Whether the cloud's SDK is installed (clouds known only from code: whether they have
        a registered factory or provider)."""
        spec = self._modules.get(cloud)
        if spec is not None:
            return spec.available
        return cloud in self._factories or cloud in self._created

    def enabled(self, cloud: str) -> bool:
        """Whether providers of ``cloud`` may be created (see the class docstring)."""
        section = self._sections.get(cloud)
        if section is not None:
            return section.enabled
        spec = self._modules.get(cloud)
        if spec is not None and spec.has_section:
            return False
        return cloud in self._factories or cloud in self._created

    def names(self, cloud: str) -> list[str]:
        """Names of the providers of ``cloud``, registered or created, sorted."""
        with self._lock:
            return sorted({*self._factories.get(cloud, {}), *self._created.get(cloud, {})})

    def created(self, cloud: str) -> list[str]:
        """Names of the providers of ``cloud`` that exist already, sorted."""
        with self._lock:
            return sorted(self._created.get(cloud, {}))

    def status(self) -> dict[str, dict[str, Any]]:
        """Per cloud: installed, enabled and the created provider names (for stack outputs)."""
        return {
            cloud: {
                "installed": self.installed(cloud),
                "enabled": self.enabled(cloud),
                "providers": self.created(cloud),
            }
            for cloud in self.clouds()
        }

    # -- lookup ------------------------------------------------------------------------------

    def get(self, cloud: str, name: str = DEFAULT_PROVIDER) -> pulumi.ProviderResource:
        """Return provider ``name`` of ``cloud``, creating it on first use.

        Raises:
            ProviderError: The cloud is unknown, not installed (the message names the
                ``pip install`` command) or not enabled, or it has no provider ``name`` (the
                message lists the known names).
        """
        with self._lock:
            created = self._created.get(cloud, {})
            if name in created:
                return created[name]
            self._check_cloud(cloud)
            factory = self._factories.get(cloud, {}).get(name)
            if factory is None:
                self._raise_unknown(cloud, name)
            if (cloud, name) in self._creating:
                raise ProviderError(
                    f"the factory of provider {name!r} for {cloud} asked for itself",
                    cloud=cloud,
                    name=name,
                )
            self._creating.add((cloud, name))
            try:
                provider = factory()
            finally:
                self._creating.discard((cloud, name))
            self._created.setdefault(cloud, {})[name] = provider
            return provider

    def _check_cloud(self, cloud: str) -> None:
        spec = self._modules.get(cloud)
        if spec is not None and not spec.available:
            raise ProviderError(
                f'provider module {cloud!r} is not installed: pip install "iaccore[{spec.extra}]"',
                cloud=cloud,
                extra=spec.extra,
            )
        known = self.clouds()
        if cloud not in known:
            raise ProviderError(
                f"unknown cloud {cloud!r}; known: {', '.join(known) or 'none'}",
                cloud=cloud,
                known=known,
            )
        if not self.enabled(cloud):
            if spec is not None and not spec.has_section:
                raise ProviderError(
                    f"no provider for {cloud} yet: the {cloud} module has no config section, "
                    "its providers come from components (or code) that create them",
                    cloud=cloud,
                )
            raise ProviderError(
                f"{cloud} is not enabled; set `enabled: true` in the iaccore:{cloud} config",
                cloud=cloud,
            )

    def _raise_unknown(self, cloud: str, name: str) -> NoReturn:
        known = self.names(cloud)
        if name in self._disabled.get(cloud, set()):
            raise ProviderError(
                f"provider {name!r} for {cloud} is disabled "
                f"(iaccore:{cloud}.providers.{name}.enabled is false)",
                cloud=cloud,
                name=name,
                known=known,
            )
        raise ProviderError(
            f"no provider {name!r} for {cloud}; known: {', '.join(known) or 'none'}",
            cloud=cloud,
            name=name,
            known=known,
        )


def _module_factory(
    spec: ProviderModule,
    name: str,
    section: ProviderSection,
    settings: ProviderSettings | None,
) -> ProviderFactory:
    dotted = spec.provider_factory
    assert dotted is not None  # checked by the caller

    def create() -> pulumi.ProviderResource:
        spec.require_sdk()
        function = load_object(dotted)
        provider: pulumi.ProviderResource = function(name, section, settings, None)
        return provider

    return create
