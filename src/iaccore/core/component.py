"""``BaseComponent``: the base of every iaccore component.

A component is a ``pulumi.ComponentResource`` with a typed, validated config model. It validates
its config *before* registering anything, names children ``f"{name}-{role}"``, hands each child
options that carry the component's ``protect``/``retain_on_delete`` and the per-role options from
config, merges metadata, stack and component tags, and registers its outputs exactly once.

Example:
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

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import pulumi

from iaccore.core import context
from iaccore.core.config.base import ComponentConfig, ResourceOptionsConfig
from iaccore.core.config.validation import validate_model
from iaccore.core.errors import ConfigurationError, IaccoreError
from iaccore.core.logging import get_logger
from iaccore.core.metadata.tags import sanitize_tags

__all__ = ["BaseComponent", "ConfigT"]

ConfigT = TypeVar("ConfigT", bound=ComponentConfig)


class BaseComponent(pulumi.ComponentResource, Generic[ConfigT]):
    """Base of iaccore components: typed config, child options, tags, outputs registered once.

    Subclasses set :attr:`TYPE_TOKEN`, :attr:`CONFIG_MODEL` and :attr:`ROLES`, and implement
    :meth:`_create`, which builds the children and ends with :meth:`register`.

    Args:
        name: Logical name; children are named ``f"{name}-{role}"``.
        config: A config model instance, a mapping validated into one, or None for defaults.
        opts: Pulumi options. ``provider``/``providers`` reach children by inheritance;
            ``protect`` and ``retain_on_delete`` reach every child explicitly.
        tags: Extra tags for this component's children, applied last.

    Raises:
        ConfigurationError: The config is invalid; nothing has been registered.

    Example:
        >>> # see the module docstring for a complete subclass
        >>> BaseComponent.TYPE_TOKEN
        'iaccore:core:Component'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:core:Component"
    CONFIG_MODEL: ClassVar[type[ComponentConfig]] = ComponentConfig
    #: Cloud whose tag rules apply to the children (``aws``, ``azure``, ``kubernetes``).
    CLOUD: ClassVar[str | None] = None
    #: Child roles; ``resource_options`` keys must be among them.
    ROLES: ClassVar[tuple[str, ...]] = ()
    #: Dotted key path of this component's config in the stack config, for error messages.
    CONFIG_KEY: ClassVar[str] = ""
    #: The config lives in a map keyed by component name (``aws.buckets.<name>``).
    KEYED_BY_NAME: ClassVar[bool] = False

    config: ConfigT

    def __init__(
        self,
        name: str,
        config: ConfigT | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self.key_path = self.config_key(name)
        validated = self.validate_config(config, name=name)
        self._check_roles(validated)
        self._prepare(validated)
        opts = self._component_options(validated, opts)
        super().__init__(self.TYPE_TOKEN, name, None, opts)
        self.config = validated
        self.name = name
        self._component_opts = opts or pulumi.ResourceOptions()
        self._outputs_registered = False
        self.log = get_logger(type(self).__name__, name)
        self.tags: dict[str, str] = self._merge_tags(tags)
        self._create()
        if not self._outputs_registered:
            self.register()

    # -- configuration -------------------------------------------------------------------------

    @classmethod
    def validate_config(
        cls, config: ConfigT | Mapping[str, Any] | None, *, name: str = ""
    ) -> ConfigT:
        """Return ``config`` as a validated :attr:`CONFIG_MODEL` instance.

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

        ``CONFIG_KEY`` (``aws.vpc``), plus ``.<name>`` for components configured from a map
        (``aws.buckets.<name>``), or ``<Class>(<name>)`` for components with no config section.
        """
        if not cls.CONFIG_KEY:
            return f"{cls.__name__}({name})"
        return f"{cls.CONFIG_KEY}.{name}" if cls.KEYED_BY_NAME else cls.CONFIG_KEY

    def _check_roles(self, config: ConfigT) -> None:
        unknown = sorted(set(config.resource_options) - set(self.ROLES))
        if unknown:
            raise ConfigurationError(
                f"unknown role {unknown[0]!r} in resource_options",
                key_path=f"{self.key_path}.resource_options.{unknown[0]}",
                expected="one of " + ", ".join(self.ROLES) if self.ROLES else "no roles",
            )

    def _prepare(self, config: ConfigT) -> None:
        """Hook for checks that need more than the model (invokes, planning) before registering.

        Runs before the component registers, so a ``ConfigurationError`` here creates nothing.
        """

    def _component_options(
        self,
        config: ConfigT,  # noqa: ARG002 - subclasses read it (a provider named in config)
        opts: pulumi.ResourceOptions | None,
    ) -> pulumi.ResourceOptions | None:
        """Hook to complete the component's own options (a provider chosen by name in config)."""
        return opts

    def _create(self) -> None:
        """Build the children. Subclasses override this and end with :meth:`register`."""

    # -- children ------------------------------------------------------------------------------

    def child_name(self, role: str, *suffix: str | int) -> str:
        """Logical name of a child: ``f"{name}-{role}"`` plus optional ``-suffix`` parts."""
        parts = [self.name, role, *(str(part) for part in suffix)]
        return "-".join(parts)

    def child_opts(
        self,
        role: str,
        *,
        depends_on: Sequence[pulumi.Resource] | None = None,
        provider: pulumi.ProviderResource | None = None,
        delete_before_replace: bool | None = None,
        ignore_changes: Sequence[str] | None = None,
        additional_secret_outputs: Sequence[str] | None = None,
        aliases: Sequence[pulumi.Alias | str] | None = None,
        replace_on_changes: Sequence[str] | None = None,
    ) -> pulumi.ResourceOptions:
        """Options for a child of ``role``: parent, inherited protection, per-role config options.

        The component's ``protect`` and ``retain_on_delete`` apply unless the role's
        ``resource_options`` say otherwise; ``ignore_changes`` from config and from the caller
        are combined.
        """
        if self.ROLES and role not in self.ROLES:
            raise IaccoreError(
                f"{type(self).__name__} has no role {role!r}; declare it in ROLES",
                role=role,
                roles=list(self.ROLES),
            )
        role_cfg = self.config.resource_options.get(role, ResourceOptionsConfig())
        protect = role_cfg.protect
        if protect is None:
            protect = self._component_opts.protect
        retain = role_cfg.retain_on_delete
        if retain is None:
            retain = self._component_opts.retain_on_delete
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
            provider=provider,
            additional_secret_outputs=list(additional_secret_outputs)
            if additional_secret_outputs
            else None,
            aliases=list(aliases) if aliases else None,
            replace_on_changes=list(replace_on_changes) if replace_on_changes else None,
        )

    def child_tags(self, role: str, **extra: str) -> dict[str, str]:
        """Tags for a child: the component's merged tags plus a ``Name`` and ``extra`` ones."""
        tags = dict(self.tags)
        if self.CLOUD == "aws":
            tags.setdefault("Name", self.child_name(role))
        tags.update(extra)
        return self._sanitize(tags)

    def _merge_tags(self, tags: Mapping[str, str] | None) -> dict[str, str]:
        merged = context.current().tags_for(self.CLOUD)
        merged.update(self.config.tags)
        if tags:
            merged.update(tags)
        return self._sanitize(merged)

    def _sanitize(self, tags: Mapping[str, str]) -> dict[str, str]:
        if self.CLOUD not in ("aws", "azure", "kubernetes"):
            return dict(tags)
        return dict(sanitize_tags(tags, self.CLOUD).tags)  # type: ignore[arg-type]

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
