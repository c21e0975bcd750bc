"""``BaseComponent``: the base of every iaccore component.

A component is a ``pulumi.ComponentResource`` with a typed, validated config model. It validates its
config *before* registering anything, names children ``f"{name}-{role}"`` in kebab-case, hands each
child options that carry the component's provider, ``protect``/``retain_on_delete`` and the per-role
options from config, merges metadata, stack and component tags, creates nested iaccore components
through [`BaseComponent.child_component`][iaccore.BaseComponent.child_component] so all of that
reaches their children too, and registers its outputs exactly once.

Examples:
    >>> import pulumi
    >>> from pydantic import Field
    >>> from iaccore.core.config.base import ComponentConfig
    >>> class QueueConfig(ComponentConfig):
    ...     retention_days: int = Field(4, description="Days a message is kept.")
    >>> class Queue(BaseComponent[QueueConfig]):
    ...     TYPE_TOKEN = "iaccore:demo:Queue"
    ...     CONFIG_MODEL = QueueConfig
    ...     ROLES = ("queue",)
    ...     def _create(self) -> None:
    ...         self.register(retention_days=self.config.retention_days)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import pulumi

from iaccore.core import context
from iaccore.core.children import ComponentT, kebab, merge_role_options
from iaccore.core.config.base import ComponentConfig, ResourceOptionsConfig
from iaccore.core.config.validation import validate_model
from iaccore.core.errors import ConfigurationError, IaccoreError
from iaccore.core.logging import get_logger
from iaccore.core.metadata.tags import TagRules, sanitize_tags

__all__ = ["BaseComponent", "ConfigT", "explicit_provider"]

ConfigT = TypeVar("ConfigT", bound=ComponentConfig)

_ROLE = re.compile(r"^[a-z][a-z0-9_]*$")
_NO_ROLE_OPTIONS = ResourceOptionsConfig()


def explicit_provider(
    opts: pulumi.ResourceOptions | None, package: str | None
) -> pulumi.ProviderResource | None:
    """The provider of ``package`` in ``opts``: ``provider``, ``providers``, else the parent's.

    Examples:
        >>> explicit_provider(None, "demo") is None
        True
    """
    if opts is None:
        return None
    if isinstance(opts.provider, pulumi.ProviderResource):
        return opts.provider
    providers = opts.providers
    if isinstance(providers, Mapping):
        found = providers.get(package) if package else None
        if isinstance(found, pulumi.ProviderResource):
            return found
    else:
        for provider in providers or []:
            if isinstance(provider, pulumi.ProviderResource) and provider.package == package:
                return provider
    # Children inherit their parent's provider: the lookups of a component placed under a parent
    # that carries one must use it too, or names and policies would name the wrong region.
    if package and isinstance(opts.parent, pulumi.Resource):
        inherited = opts.parent.get_provider(f"{package}:index:Provider")
        if isinstance(inherited, pulumi.ProviderResource):
            return inherited
    return None


class BaseComponent(pulumi.ComponentResource, Generic[ConfigT]):
    """Base of iaccore components: typed config, child options, tags, outputs registered once.

    Subclasses set ``TYPE_TOKEN``, ``CONFIG_MODEL`` and ``ROLES``, and implement ``_create``, which
    builds the children and ends with [`register`][iaccore.BaseComponent.register]. Checks that need
    more than the model go in ``_prepare``, which runs after the name, key path, options and
    provider are set and before anything registers.

    Args:
        name: Logical name; children are named ``f"{name}-{role}"`` in kebab-case.
        config: A config model instance, a mapping validated into one, or None for defaults.
        opts: Pulumi options. ``provider``/``providers`` reach children by inheritance;
            ``protect`` and ``retain_on_delete`` reach every child explicitly, nested
            components' children included.
        tags: Extra tags for this component's children, applied last.

    Raises:
        ConfigurationError: The config is invalid; nothing has been registered.

    Examples:
        >>> # see the module docstring for a complete subclass
        >>> BaseComponent.TYPE_TOKEN
        'iaccore:core:Component'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:core:Component"
    CONFIG_MODEL: ClassVar[type[ComponentConfig]] = ComponentConfig
    #: Tag rules of the provider module (key and value limits, characters); None keeps tags as is.
    TAG_RULES: ClassVar[TagRules | None] = None
    #: Config section whose ``tags`` every child gets (``iaccore:<section>``), if any.
    SECTION: ClassVar[str | None] = None
    #: Pulumi package of the children's provider, to find it among ``opts.providers``.
    PROVIDER_PACKAGE: ClassVar[str | None] = None
    #: Child roles, snake_case; ``resource_options`` keys must be among them.
    ROLES: ClassVar[tuple[str, ...]] = ()
    #: Dotted key path of this component's config in the stack config, for error messages.
    CONFIG_KEY: ClassVar[str] = ""
    #: The config lives in a map keyed by component name (``<section>.buckets.<name>``).
    KEYED_BY_NAME: ClassVar[bool] = False

    config: ConfigT
    _inherited_role_options: ResourceOptionsConfig = _NO_ROLE_OPTIONS

    def __init__(
        self,
        name: str,
        config: ConfigT | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        # Hook order: name and key path, config, tags, options and provider, then _prepare; all
        # of it before registering, so a ConfigurationError anywhere here creates nothing.
        self._name_ = name
        self.key_path = self.config_key(name)
        self.config = self.validate_config(config, name=name)
        self._check_roles(self.config)
        self.tags: dict[str, str] = self._merge_tags(tags)
        opts = self._component_options(self.config, opts)
        self._component_opts = opts or pulumi.ResourceOptions()
        self._prepare(self.config)
        super().__init__(self.TYPE_TOKEN, name, None, opts)
        self._outputs_registered = False
        self.log = get_logger(type(self).__name__, name)
        self._create()
        if not self._outputs_registered:
            self.register()

    @property
    def name(self) -> str:
        """The component's logical name."""
        return self._name_

    # -- configuration -------------------------------------------------------------------------

    @classmethod
    def validate_config(
        cls, config: ConfigT | Mapping[str, Any] | None, *, name: str = ""
    ) -> ConfigT:
        """Return ``config`` as a validated ``CONFIG_MODEL`` instance.

        Raises:
            ConfigurationError: naming the key path of every invalid value.
        """
        model = cls.CONFIG_MODEL
        key_path = cls.config_key(name)
        if config is None:
            config = {}
        if isinstance(config, model):
            return config
        if isinstance(config, ComponentConfig):
            raise ConfigurationError(
                f"{cls.__name__} takes a {model.__name__}, not a {type(config).__name__}",
                key_path=key_path,
                layer="code",
                expected=model.__name__,
            )
        if not isinstance(config, Mapping):
            raise ConfigurationError(
                f"{cls.__name__} config must be a mapping or {model.__name__}",
                key_path=key_path,
                layer="code",
                expected=f"a mapping or {model.__name__}",
            )
        return validate_model(model, dict(config), key_path=key_path, layer="code")  # type: ignore[return-value]

    @classmethod
    def config_key(cls, name: str) -> str:
        """Key path that error messages give this component's config.

        ``CONFIG_KEY`` (``demo.network``), plus ``.<name>`` for components configured from a map
        (``demo.buckets.<name>``), or ``<Class>(<name>)`` for components with no config section.
        """
        if not cls.CONFIG_KEY:
            return f"{cls.__name__}({name})"
        return f"{cls.CONFIG_KEY}.{name}" if cls.KEYED_BY_NAME else cls.CONFIG_KEY

    def _check_roles(self, config: ConfigT) -> None:
        bad = [role for role in self.ROLES if not _ROLE.match(role)]
        if bad:
            raise IaccoreError(
                f"{type(self).__name__} declares role {bad[0]!r}; roles are snake_case",
                role=bad[0],
            )
        unknown = sorted(set(config.resource_options) - set(self.ROLES))
        if unknown:
            raise ConfigurationError(
                f"unknown role {unknown[0]!r} in resource_options",
                key_path=f"{self.key_path}.resource_options.{unknown[0]}",
                expected="one of " + ", ".join(self.ROLES) if self.ROLES else "no roles",
            )

    def _prepare(self, config: ConfigT) -> None:
        """Hook for checks that need more than the model (invokes, planning, wiring).

        Runs after [`name`][iaccore.BaseComponent.name], ``key_path``, the options and
        [`provider`][iaccore.BaseComponent.provider] are set and before the component registers, so
        a ``ConfigurationError`` here creates nothing.
        """

    def _component_options(
        self,
        config: ConfigT,  # noqa: ARG002 - subclasses read it (a provider named in config)
        opts: pulumi.ResourceOptions | None,
    ) -> pulumi.ResourceOptions | None:
        """Hook to complete the component's own options (a provider chosen by name in config)."""
        return opts

    def _create(self) -> None:
        """Build the children. Subclasses override this and end with ``register``."""

    @property
    def provider(self) -> pulumi.ProviderResource | None:
        """The explicit provider of this component's children, if any (for invokes too)."""
        return explicit_provider(self._component_opts, self.PROVIDER_PACKAGE)

    # -- children ------------------------------------------------------------------------------

    def child_name(self, role: str, *suffix: str | int) -> str:
        """Logical name of a child: ``f"{name}-{role}"`` plus ``-suffix`` parts, in kebab-case.

        Examples:
            >>> # Network("core").child_name("nat_gateway", "a") == "core-nat-gateway-a"
        """
        return "-".join([self.name, kebab(role), *(kebab(part) for part in suffix)])

    def role_options(self, role: str) -> ResourceOptionsConfig:
        """The ``resource_options`` of ``role``: this component's over the parent's role's."""
        if self.ROLES and role not in self.ROLES:
            raise IaccoreError(
                f"{type(self).__name__} has no role {role!r}; declare it in ROLES",
                role=role,
                roles=list(self.ROLES),
            )
        own = self.config.resource_options.get(role, _NO_ROLE_OPTIONS)
        return merge_role_options(self._inherited_role_options, own)

    def _protection(self, role_cfg: ResourceOptionsConfig) -> tuple[bool | None, bool | None]:
        """``protect`` and ``retain_on_delete`` of a role: its options, else the component's."""
        protect = role_cfg.protect
        if protect is None:
            protect = self._component_opts.protect
        retain = role_cfg.retain_on_delete
        if retain is None:
            retain = self._component_opts.retain_on_delete
        return protect, retain

    def child_opts(
        self,
        role: str,
        *,
        depends_on: Sequence[pulumi.Resource] | None = None,
        delete_before_replace: bool | None = None,
        ignore_changes: Sequence[str] | None = None,
        additional_secret_outputs: Sequence[str] | None = None,
        replace_on_changes: Sequence[str] | None = None,
    ) -> pulumi.ResourceOptions:
        """Options for a child of ``role``: parent, inherited protection, per-role config options.

        The component's ``protect`` and ``retain_on_delete`` apply unless the role's
        ``resource_options`` say otherwise; ``ignore_changes`` from config (this component's
        and its parent's role) and from the caller are combined.
        """
        role_cfg = self.role_options(role)
        protect, retain = self._protection(role_cfg)
        ignored = list(dict.fromkeys([*role_cfg.ignore_changes, *(ignore_changes or ())]))
        timeouts = None
        if role_cfg.custom_timeouts is not None:
            timeouts = pulumi.CustomTimeouts(
                create=role_cfg.custom_timeouts.create,
                update=role_cfg.custom_timeouts.update,
                delete=role_cfg.custom_timeouts.delete,
            )
        dbr = role_cfg.delete_before_replace
        if dbr is None:
            dbr = delete_before_replace
        return pulumi.ResourceOptions(
            parent=self,
            protect=protect,
            retain_on_delete=retain,
            ignore_changes=ignored or None,
            custom_timeouts=timeouts,
            delete_before_replace=dbr,
            depends_on=list(depends_on) if depends_on else None,
            additional_secret_outputs=list(additional_secret_outputs)
            if additional_secret_outputs
            else None,
            replace_on_changes=list(replace_on_changes) if replace_on_changes else None,
        )

    def child_tags(self, role: str, *suffix: str | int, **extra: str) -> dict[str, str]:
        """Tags of a child named ``child_name(role, *suffix)``: merged tags, name tag, ``extra``.

        The provider module's tag rules decide the name tag (for example a ``Name`` tag) and
        sanitize the result.
        """
        tags = dict(self.tags)
        rules = self.TAG_RULES
        if rules is not None and rules.name_key is not None:
            tags[rules.name_key] = self.child_name(role, *suffix)
        tags.update(extra)
        return self._sanitize(tags)

    def child_component(
        self,
        cls: type[ComponentT],
        role: str,
        config: Any = None,
        *suffix: str | int,
        depends_on: Sequence[pulumi.Resource] | None = None,
        tags: Mapping[str, str] | None = None,
        **wiring: Any,
    ) -> ComponentT:
        """Create a nested iaccore component of ``role`` as a child of this one.

        The nested component is named ``child_name(role, *suffix)`` and gets this component's
        merged tags (plus ``tags``), provider, ``protect`` and ``retain_on_delete``; the
        ``resource_options`` of ``role`` (``ignore_changes``, timeouts, ...) reach every one of
        its own children, however deep. ``wiring`` goes to the nested constructor
        (``vpc=...``, ``trust_policy=...``).

        Examples:
            >>> # inside a component's _create:
            >>> # role = self.child_component(Role, "service_role", {"trust": ...})
        """
        role_cfg = self.role_options(role)
        protect, retain = self._protection(role_cfg)
        opts = pulumi.ResourceOptions(
            parent=self,
            provider=self.provider,
            protect=protect,
            retain_on_delete=retain,
            depends_on=list(depends_on) if depends_on else None,
        )
        nested = cls.__new__(cls)
        nested._inherited_role_options = role_cfg
        merged_tags = {**self.tags, **(tags or {})}
        nested.__init__(  # type: ignore[misc]
            self.child_name(role, *suffix), config, opts, tags=merged_tags, **wiring
        )
        return nested

    def _merge_tags(self, tags: Mapping[str, str] | None) -> dict[str, str]:
        merged = context.current().tags_for(self.SECTION)
        merged.update(self.config.tags)
        if not tags:
            return self._sanitize(merged)
        # Sanitize each side before merging: a parent hands its nested components tags that are
        # sanitized already (rules may translate keys: `iaccore:project` to `iaccore.dev/project`),
        # which would otherwise collide with the raw key they came from. The caller's tags win.
        sanitized = self._sanitize(merged)
        sanitized.update(self._sanitize(tags))
        return self._sanitize(sanitized)

    def _sanitize(self, tags: Mapping[str, str]) -> dict[str, str]:
        if self.TAG_RULES is None:
            return dict(tags)
        return dict(sanitize_tags(tags, self.TAG_RULES).tags)

    # -- outputs -------------------------------------------------------------------------------

    def register(self, **outputs: Any) -> None:
        """Register the component's outputs. A second call is a bug and raises."""
        if self._outputs_registered:
            raise IaccoreError(
                f"{type(self).__name__} {self.name!r} registered its outputs twice",
                component=self.name,
            )
        self._outputs_registered = True
        self.register_outputs(outputs)
