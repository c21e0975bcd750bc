"""Provider modules: what a cloud module declares, how it is discovered, and in which order.

A provider module (first-party or a third party's) publishes one
[`ProviderModule`][iaccore.core.modules.ProviderModule] through the entry-point group
``iaccore.providers``. The spec object lives in a module that imports no provider SDK, so
discovering modules and validating config stays fast. Besides its config section, a module
contributes hooks that core and the engine load lazily by dotted path: tag rules, default mocks for
the embedded engine and renderers for ``iaccore synth --format``.

Examples:
    >>> from iaccore.core.config.base import ProviderSection
    >>> spec = ProviderModule(name="demo", config_model=ProviderSection, sdk_module="json",
    ...                       extra="demo")
    >>> spec.available, spec.has_section
    (True, True)
"""

from __future__ import annotations

import graphlib
import heapq
import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from iaccore.core.errors import DependencyError, MissingExtraError

if TYPE_CHECKING:  # config imports this module: a runtime import here would be circular
    from iaccore.core.config.base import ProviderSection

__all__ = [
    "ENTRY_POINT_GROUP",
    "ModuleRegistry",
    "ProviderModule",
    "discover_modules",
    "load_object",
]

ENTRY_POINT_GROUP = "iaccore.providers"


def load_object(dotted: str) -> Any:
    """Import ``"package.module:attribute"`` and return the attribute."""
    module_name, _, attribute = dotted.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@dataclass(frozen=True, kw_only=True)
class ProviderModule:
    """Declaration of a provider module (keyword arguments only).

    Args:
        name: Config section name (``iaccore:<name>``) and registry key, e.g. ``demo``.
        sdk_module: Importable name of the Pulumi SDK the module needs, e.g. ``pulumi_demo``.
        extra: The pip extra that installs the SDK, e.g. ``demo``.
        config_model: Pydantic model of the section (a
            [`ProviderSection`][iaccore.core.config.base.ProviderSection] subclass); None when the
            module contributes hooks only and has no config section yet (the stack model, the schema
            and ``ModuleRegistry.enabled`` leave it out, and an ``iaccore:<name>`` key is refused).
        depends_on: Names of modules that must be created first.
        provider_factory: Dotted path ``pkg.mod:function`` creating a provider resource:
            ``function(name, section, settings, opts) -> pulumi.ProviderResource``; imported lazily.
        tag_rules: Dotted path of the module's [`TagRules`][iaccore.core.metadata.tags.TagRules].
        mocks: Dotted path of the module's default mocks for the embedded engine (a
            [`MockContributor`][iaccore.synth.mocks.MockContributor]); imported lazily, only by the
            engine.
        renderers: Dotted path of a mapping of ``--format`` name to a function rendering a
            [`Graph`][iaccore.synth.Graph] as text; imported lazily, only by the renderers.
        description: One line for ``iaccore version`` and the config reference.
    """

    name: str
    sdk_module: str
    extra: str
    config_model: type[ProviderSection] | None = None
    depends_on: tuple[str, ...] = ()
    provider_factory: str | None = None
    tag_rules: str | None = None
    mocks: str | None = None
    renderers: str | None = None
    description: str = field(default="", compare=False)

    @property
    def has_section(self) -> bool:
        """Whether the module declares a config section (``iaccore:<name>``)."""
        return self.config_model is not None

    @property
    def available(self) -> bool:
        """Whether the module's SDK is installed (checked without importing it)."""
        return importlib.util.find_spec(self.sdk_module) is not None

    def require_sdk(self) -> None:
        """Raise ``MissingExtraError`` naming the extra when the SDK is not installed."""
        if not self.available:
            raise MissingExtraError.for_extra(self.extra, self.sdk_module)


def discover_modules(extra: Iterable[ProviderModule] = ()) -> dict[str, ProviderModule]:
    """Return every provider module published through entry points, plus ``extra``, by name.

    Entry points that fail to load are skipped with their error kept out of the way: a broken
    third-party plugin must not stop config loading for everybody else.
    """
    found: dict[str, ProviderModule] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            spec = entry.load()
        except Exception:  # noqa: S112 - a broken plugin is reported by `iaccore version`
            continue
        if isinstance(spec, ProviderModule):
            found[spec.name] = spec
    for spec in extra:
        found[spec.name] = spec
    return dict(sorted(found.items()))


class ModuleRegistry:
    """Provider modules by name, put in dependency order (dependencies first).

    Ties are broken alphabetically, so the order is the same on every run. A dependency cycle or
    a dependency on an unknown module raises [`DependencyError`][iaccore.DependencyError].

    Examples:
        >>> from iaccore.core.config.base import ProviderSection
        >>> def spec(name, *deps):
        ...     return ProviderModule(name=name, config_model=ProviderSection, sdk_module="json",
        ...                           extra=name, depends_on=deps)
        >>> registry = ModuleRegistry([spec("mesh", "cloud"), spec("cloud"), spec("dns")])
        >>> [module.name for module in registry.order()]
        ['cloud', 'dns', 'mesh']
        >>> ModuleRegistry([spec("a", "b"), spec("b", "a")]).order()
        Traceback (most recent call last):
        ...
        iaccore.core.errors.DependencyError: dependency cycle: a -> b -> a
    """

    def __init__(self, modules: Iterable[ProviderModule]) -> None:
        self._modules: dict[str, ProviderModule] = {m.name: m for m in modules}

    @classmethod
    def discover(cls, extra: Iterable[ProviderModule] = ()) -> ModuleRegistry:
        """The registry of every module published through entry points, plus ``extra``."""
        return cls(discover_modules(extra).values())

    def __contains__(self, name: object) -> bool:
        return name in self._modules

    def __iter__(self) -> Iterator[ProviderModule]:
        return iter(self.order())

    def __len__(self) -> int:
        return len(self._modules)

    def names(self) -> list[str]:
        """The module names, sorted."""
        return sorted(self._modules)

    def get(self, name: str) -> ProviderModule:
        """Return module ``name``.

        Raises:
            DependencyError: No module has that name (the message lists the known ones).
        """
        try:
            return self._modules[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise DependencyError(
                f"unknown provider module {name!r}; known: {known}", module=name
            ) from None

    def order(self, names: Iterable[str] | None = None) -> list[ProviderModule]:
        """Return the modules (all, or only ``names``) in dependency order.

        Only the selected modules are returned; a dependency outside the selection must exist
        and still orders the selected modules that depend on it through it (transitively).

        Raises:
            DependencyError: An unknown name, a dependency on an unknown module ("'mesh'
                depends on 'cloud', which is not installed"), or a cycle
                ("dependency cycle: a -> b -> a", ``details["cycle"]``).
        """
        for module in (self._modules[name] for name in self.names()):
            for dep in sorted(module.depends_on):
                if dep not in self._modules:
                    raise DependencyError(
                        f"{module.name!r} depends on {dep!r}, which is not installed",
                        module=module.name,
                        missing=dep,
                    )
        selected = set(self._modules if names is None else names)
        for name in sorted(selected):
            self.get(name)
        self._check_cycles()
        sorter = graphlib.TopologicalSorter(
            {name: sorted(self._modules[name].depends_on) for name in self.names()}
        )
        sorter.prepare()
        ready = list(sorter.get_ready())
        heapq.heapify(ready)
        result: list[ProviderModule] = []
        while ready:  # smallest ready name first: a stable order whatever the input order
            name = heapq.heappop(ready)
            if name in selected:
                result.append(self._modules[name])
            sorter.done(name)
            for item in sorter.get_ready():
                heapq.heappush(ready, item)
        return result

    def _check_cycles(self) -> None:
        graph = {name: sorted(self._modules[name].depends_on) for name in self.names()}
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as err:
            # graphlib lists each node before the node that depends on it: reverse it so
            # arrows read "depends on", and start at the smallest name for a stable message
            nodes = list(reversed(err.args[1]))[:-1]
            start = nodes.index(min(nodes))
            cycle = [*nodes[start:], *nodes[:start], nodes[start]]
            raise DependencyError(f"dependency cycle: {' -> '.join(cycle)}", cycle=cycle) from None

    def enabled(self, stack_config: object) -> list[ProviderModule]:
        """The modules whose section in ``stack_config`` is enabled, in dependency order.

        Args:
            stack_config: A [`StackConfig`][iaccore.StackConfig] (modules without a
                section there, and modules that declare no section, are left out).
        """
        from iaccore.core.config.base import ProviderSection

        names = [
            name
            for name, module in self._modules.items()
            if module.has_section
            and isinstance(section := getattr(stack_config, name, None), ProviderSection)
            and section.enabled
        ]
        return self.order(names)
