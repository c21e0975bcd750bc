"""Mocks of the embedded engine: deterministic ids, provider regions, overrides and contributors.

[`IaccoreMocks`][iaccore.synth.IaccoreMocks] is a ``pulumi.runtime.Mocks`` that knows no cloud. Each
provider module contributes the realistic defaults of its packages (ids, names, endpoints, invoke
answers) as a [`MockContributor`][iaccore.synth.mocks.MockContributor] published through its
``mocks`` hook; a resource or an invoke goes to the contributor of its package, the part of its
token before the first ``:``. Every value is derived deterministically from the type and the name,
so two syntheses of the same program give byte-identical graphs. Users override the answer per
resource type or per invoke.

Examples:
    >>> class DemoMocks(MockContributor):
    ...     packages = ("demo",)
    ...     settings = {"owner": "nobody"}
    ...     def invoke(self, token, args, context):
    ...         return {"owner": context.setting("owner"), "region": context.region}
    >>> mocks = IaccoreMocks(region="eu-west-1", owner="me", contributors=[DemoMocks()])
    >>> mocks.invoke_result("demo:index:whoAmI", {})
    {'owner': 'me', 'region': 'eu-west-1'}
    >>> mocks.override_invoke("demo:index:whoAmI", {"owner": "you"})
    >>> mocks.invoke_result("demo:index:whoAmI", {})
    {'owner': 'you'}
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar

from pulumi.runtime import Mocks
from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

__all__ = [
    "PROVIDER_TYPE_PREFIX",
    "IaccoreMocks",
    "InvokeHandler",
    "MockContext",
    "MockContributor",
    "ResourceHandler",
    "discovered_contributors",
    "stable_digest",
    "token_package",
]

#: Type-token prefix of provider resources: ``pulumi:providers:<package>``.
PROVIDER_TYPE_PREFIX = "pulumi:providers:"

ResourceHandler = Callable[[MockResourceArgs, dict[str, Any]], dict[str, Any]]
InvokeHandler = Callable[[Mapping[str, Any]], Mapping[str, Any]] | Mapping[str, Any]

_EMPTY: Mapping[str, str] = MappingProxyType({})


def stable_digest(*parts: str, length: int = 17) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``parts``: stable ids across runs.

    Examples:
        >>> stable_digest("demo:index:Thing", "a", length=8)
        '5104ffcb'
    """
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:length]


def token_package(token: str) -> str:
    """The package of a type or invoke token; for a provider resource, the package it serves.

    Examples:
        >>> token_package("demo:storage/bucket:Bucket"), token_package("pulumi:providers:demo")
        ('demo', 'demo')
    """
    if token.startswith(PROVIDER_TYPE_PREFIX):
        return token[len(PROVIDER_TYPE_PREFIX) :]
    return token.split(":", 1)[0]


@dataclass(frozen=True)
class MockContext:
    """What a contributor knows when it answers: the region and the settings of the run.

    Args:
        region: Region (or location) of the provider the resource or invoke uses: the one its
            explicit provider was created with, else the ``region=`` the user gave the mocks, else
            the contributor's
            [`default_region`][iaccore.synth.mocks.MockContributor.default_region]; None when it has
            none.
        settings: The contributor's ``settings`` overridden by the keyword settings the user gave
            [`IaccoreMocks`][iaccore.synth.IaccoreMocks] (``account_id=...``).
        config: The flat stack config of the run (``namespace:key`` to text).

    Examples:
        >>> context = MockContext(region="r1", settings={"owner": "me"})
        >>> context.setting("owner"), context.setting("team", "none")
        ('me', 'none')
    """

    region: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    config: Mapping[str, str] = field(default_factory=dict)

    def setting(self, key: str, default: str | None = None) -> str:
        """The setting ``key``; ``default`` when unset.

        Raises:
            KeyError: ``key`` is unset and there is no default (the message names the key).
        """
        value = self.settings.get(key, default)
        if value is None:
            raise KeyError(f"no mock setting {key!r}; known: {', '.join(sorted(self.settings))}")
        return value


class MockContributor:
    """Default mock answers of one provider module's packages (subclass and override).

    Class attributes:
        packages: Packages answered (the part of type and invoke tokens before the first ``:``).
        region_key: Input of the package's provider resource that holds its region, also read
            as ``<package>:<region_key>`` from the stack config; None: the package has none.
        fallback_region: Region when neither a provider nor the config sets one.
        settings: Settings the contributor reads from ``MockContext``, with their defaults.
        physical_ids: Per resource type, the state key whose value becomes the resource id (for
            resources whose cloud id is their physical name).

    Examples:
        >>> class DemoMocks(MockContributor):
        ...     packages = ("demo",)
        ...     fallback_region = "r1"
        >>> DemoMocks().default_region({"demo:region": "r2"}), DemoMocks().default_region({})
        ('r2', 'r1')
    """

    packages: ClassVar[tuple[str, ...]] = ()
    region_key: ClassVar[str | None] = "region"
    fallback_region: ClassVar[str | None] = None
    settings: ClassVar[Mapping[str, str]] = _EMPTY
    physical_ids: ClassVar[Mapping[str, str]] = _EMPTY

    def default_region(self, config: Mapping[str, str]) -> str | None:
        """The region of the package's default provider: ``<package>:<region_key>`` in config,
        else ``fallback_region``."""
        if self.region_key is None:
            return None
        for package in self.packages:
            value = config.get(f"{package}:{self.region_key}")
            if value:
                return value
        return self.fallback_region

    def invoke(
        self, token: str, args: Mapping[str, Any], context: MockContext
    ) -> Mapping[str, Any] | None:
        """The default result of invoke ``token``; None when the contributor has none."""
        del token, args, context
        return None

    def resource_id(self, type_: str, name: str) -> str | None:
        """The id of a new resource; None for the engine's ``<name>-<8 hex>``."""
        del type_, name
        return None

    def state(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        resource_id: str,
        context: MockContext,
    ) -> dict[str, Any]:
        """Outputs to add to (or replace in) a new resource's inputs to form its state."""
        del type_, name, inputs, resource_id, context
        return {}

    def physical_id_key(self, type_: str) -> str | None:
        """The state key holding the physical name that is the id of ``type_`` resources."""
        return self.physical_ids.get(type_)

    def id_from_state(self, type_: str, state: Mapping[str, Any]) -> str | None:
        """The id of a new resource read from its state (a physical name, a resource path).

        None keeps the id from ``resource_id``; by default, the value of ``physical_id_key``.
        """
        key = self.physical_id_key(type_)
        value = state.get(key) if key else None
        return value if isinstance(value, str) else None


@functools.cache
def discovered_contributors() -> tuple[MockContributor, ...]:
    """The ``MockContributor`` of every discovered provider module with a ``mocks`` hook.

    Raises:
        TypeError: A module's ``mocks`` hook is not a
        [`MockContributor`][iaccore.synth.mocks.MockContributor].
    """
    from iaccore.core.modules import discover_modules, load_object

    found: list[MockContributor] = []
    for spec in discover_modules().values():
        if spec.mocks is None:
            continue
        contributor = load_object(spec.mocks)
        if not isinstance(contributor, MockContributor):
            raise TypeError(
                f"{spec.mocks} (the mocks of the {spec.name!r} module) is not a MockContributor"
            )
        found.append(contributor)
    return tuple(found)


def _provider_key(provider_ref: str | None) -> tuple[str, str] | None:
    """``(package, name)`` of a provider reference ``<urn>::<id>``."""
    if not provider_ref:
        return None
    parts = provider_ref.split("::")
    if len(parts) < 4:
        return None
    type_ = parts[-3].rsplit("$", 1)[-1]
    return token_package(type_), parts[-2]


class IaccoreMocks(Mocks):
    """Mocks with realistic defaults from every provider module, overridable per type and invoke.

    Args:
        region: Region of every package's default provider; unset: each contributor's default
            (``<package>:region`` in the stack config, then its own fallback).
        contributors: Contributors to use instead of the discovered provider modules' ones.
        config: Flat stack config (the engine passes the run's, see
            [`use_config`][iaccore.synth.IaccoreMocks.use_config]).
        **settings: Settings for the contributors, overriding their defaults (for instance
            ``account_id=`` or ``subscription_id=``; see each module's mocks).

    Examples:
        >>> mocks = IaccoreMocks(owner="me", contributors=[])
        >>> mocks.setting("owner"), mocks.invoke_result("demo:index:whoAmI", {})
        ('me', {})
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        contributors: Iterable[MockContributor] | None = None,
        config: Mapping[str, str] | None = None,
        **settings: str,
    ) -> None:
        self.region = region
        self.settings: dict[str, str] = dict(settings)
        self.invoke_counts: dict[str, int] = {}
        self._given = None if contributors is None else tuple(contributors)
        self._by_package: dict[str, MockContributor] | None = None
        self._config: dict[str, str] = dict(config or {})
        self._resource_overrides: dict[str, ResourceHandler] = {}
        self._invoke_overrides: dict[str, InvokeHandler] = {}
        self._provider_regions: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    # -- user settings and overrides -----------------------------------------------------------

    def override_resource(self, type_token: str, handler: ResourceHandler) -> None:
        """Use ``handler(args, default_state) -> state`` for resources of ``type_token``."""
        self._resource_overrides[type_token] = handler

    def override_invoke(self, token: str, result: InvokeHandler) -> None:
        """Answer invoke ``token`` with ``result`` (a mapping, or a function of the arguments)."""
        self._invoke_overrides[token] = result

    def use_config(self, config: Mapping[str, str]) -> None:
        """Use the flat stack ``config`` of a run (``namespace:key`` to text) for defaults."""
        self._config = dict(config)

    def setting(self, key: str) -> str:
        """The setting ``key``: the user's, else the first contributor default for it.

        Raises:
            KeyError: No one sets ``key``.
        """
        if key in self.settings:
            return self.settings[key]
        for contributor in self.contributors():
            if key in contributor.settings:
                return contributor.settings[key]
        raise KeyError(f"no mock setting {key!r}")

    def contributors(self) -> tuple[MockContributor, ...]:
        """The contributors in use: the ones given, else the discovered modules' ones."""
        return discovered_contributors() if self._given is None else self._given

    # -- pulumi.runtime.Mocks ------------------------------------------------------------------

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        package = token_package(args.typ)
        contributor = self._contributor(package)
        if args.typ.startswith(PROVIDER_TYPE_PREFIX):
            key = contributor.region_key if contributor else None
            region = inputs.get(key) if key else None
            if isinstance(region, str):
                with self._lock:
                    self._provider_regions[(package, args.name)] = region
            return f"{args.name}-provider-id", inputs
        resource_id = contributor.resource_id(args.typ, args.name) if contributor else None
        if resource_id is None:
            resource_id = f"{args.name}-{stable_digest(args.typ, args.name)[:8]}"
        state = dict(inputs)
        if contributor is not None:
            context = self._context(contributor, self._provider_region(args.provider))
            state.update(contributor.state(args.typ, args.name, inputs, resource_id, context))
            resource_id = contributor.id_from_state(args.typ, state) or resource_id
        handler = self._resource_overrides.get(args.typ)
        if handler is not None:
            state = handler(args, state)
        return (resource_id if args.custom else None), state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        with self._lock:
            self.invoke_counts[args.token] = self.invoke_counts.get(args.token, 0) + 1
        region = self._provider_region(args.provider)
        return dict(self.invoke_result(args.token, dict(args.args), region=region)), []

    # -- defaults ------------------------------------------------------------------------------

    def invoke_result(
        self, token: str, args: Mapping[str, Any], *, region: str | None = None
    ) -> Mapping[str, Any]:
        """The result of invoke ``token``: the user's override, else the contributor's default
        (``{}`` when there is none). ``region`` is the region of the provider asked."""
        override = self._invoke_overrides.get(token)
        if override is not None:
            return override(args) if callable(override) else override
        contributor = self._contributor(token_package(token))
        if contributor is None:
            return {}
        result = contributor.invoke(token, args, self._context(contributor, region))
        return {} if result is None else result

    def _contributor(self, package: str) -> MockContributor | None:
        by_package = self._by_package
        if by_package is None:
            by_package = {}
            for contributor in self.contributors():
                for name in contributor.packages:
                    by_package.setdefault(name, contributor)
            self._by_package = by_package
        return by_package.get(package)

    def _context(self, contributor: MockContributor, region: str | None) -> MockContext:
        region = region or self.region or contributor.default_region(self._config)
        settings = {**contributor.settings, **self.settings}
        return MockContext(region=region, settings=settings, config=self._config)

    def _provider_region(self, provider_ref: str | None) -> str | None:
        key = _provider_key(provider_ref)
        if key is None:
            return None
        with self._lock:
            return self._provider_regions.get(key)
