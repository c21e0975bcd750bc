"""Base of the Azure components: tag rules, the ``iaccore:azure`` section, provider, location and
resource group.

Examples:
    >>> AzureComponent.SECTION, AzureComponent.PROVIDER_PACKAGE
    ('azure', 'azure-native')
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi

from iaccore.azure.naming import resource_group_name, shared_resource_group_name
from iaccore.azure.provider import named_provider, provider_label, provider_location
from iaccore.azure.retention import data_opts
from iaccore.azure.tags import AZURE_TAG_RULES
from iaccore.azure.types import AzureComponentConfig
from iaccore.core import context
from iaccore.core.component import BaseComponent, ConfigT, explicit_provider
from iaccore.core.errors import ConfigurationError
from iaccore.core.metadata.tags import TagRules

__all__ = ["RESOURCE_GROUP_ROLE", "AzureComponent", "stack_identity"]

#: The role of a component's own resource group; every Azure component has it.
RESOURCE_GROUP_ROLE = "resource_group"


def stack_identity() -> tuple[str, str]:
    """``(project, environment)`` naming Azure resources: ``iaccore:project`` name and
    environment, else the Pulumi project and stack names.

    Examples:
        >>> # in a program of project "payments", stack "dev": ("payments", "dev")
    """
    ctx = context.current()
    project = ctx.stack_config.project
    return project.name or ctx.project, project.environment or ctx.stack


class AzureComponent(BaseComponent[ConfigT]):
    """An iaccore component whose children are Azure resources.

    Children are tagged by Azure's rules and get the ``iaccore:azure`` section's ``tags``. The
    provider comes, in order, from ``opts``, from the config's ``provider`` name, from the parent,
    from the enabled section's ``default`` provider, else from Pulumi's ambient default. The
    location is the config's ``location``, else the provider's, else ``iaccore:azure.location``,
    else ``azure-native:location``; with none of them the component refuses to start.

    The resource group, on first use of
    [`resource_group_name`][iaccore.azure.AzureComponent.resource_group_name]: the config's
    ``resource_group_name`` (an existing group; nothing created), else the parent Azure
    component's group, else the stack's shared group (``iaccore:azure.resource_group: shared``),
    else a group of the component's own named ``rg-<project>-<environment>-<name>``.

    Hooks, in order: the location is resolved and ``_check`` (checks that need the location but
    no provider: planning, wiring, names) runs before the component's provider is created, so bad
    input registers nothing at all; then ``_prepare`` (checks that need the provider, such as
    invokes); then ``_create``.

    Examples:
        >>> "resource_group" in AzureComponent.ROLES
        True
    """

    TAG_RULES: ClassVar[TagRules | None] = AZURE_TAG_RULES
    SECTION: ClassVar[str | None] = "azure"
    PROVIDER_PACKAGE: ClassVar[str | None] = "azure-native"
    ROLES: ClassVar[tuple[str, ...]] = (RESOURCE_GROUP_ROLE,)
    #: Whether the component's resources have a location (role assignments have none).
    LOCATED: ClassVar[bool] = True
    #: Whether the component keeps data (a storage account): its own resource group is then
    #: retained on delete like the data (``iaccore.azure.retention``).
    HOLDS_DATA: ClassVar[bool] = False

    #: The Azure location of the component's resources.
    location: str
    #: The group the component created (None when it uses an existing, shared or parent's one).
    resource_group: Any = None
    _resource_group_name: pulumi.Output[str] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if RESOURCE_GROUP_ROLE not in cls.ROLES:
            cls.ROLES = (RESOURCE_GROUP_ROLE, *cls.ROLES)

    def _component_options(
        self, config: ConfigT, opts: pulumi.ResourceOptions | None
    ) -> pulumi.ResourceOptions | None:
        # Location and the component's own checks come first: a ConfigurationError here leaves
        # even the section's provider uncreated.
        self.location = self._resolve_location(config, opts) if self.LOCATED else ""
        self._check(config)
        if opts is not None and (opts.provider is not None or opts.providers):
            return opts
        name = getattr(config, "provider", None)
        if name is None and explicit_provider(opts, self.PROVIDER_PACKAGE) is not None:
            return opts
        provider = named_provider(name, key_path=f"{self.key_path}.provider")
        if provider is None:
            return opts
        return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=provider))

    def _resolve_location(self, config: ConfigT, opts: pulumi.ResourceOptions | None) -> str:
        """The component's location (see the class doc), found before its provider is created.

        Raises:
            ConfigurationError: No location anywhere.
        """
        own = config.location if isinstance(config, AzureComponentConfig) else None
        if own:
            return own
        parent = opts.parent if opts is not None else None
        if isinstance(parent, AzureComponent) and parent.location:
            return parent.location
        explicit = explicit_provider(opts, self.PROVIDER_PACKAGE)
        if explicit is not None:
            found = provider_location(explicit)
        else:
            section = context.current().stack_config.section("azure")
            name = getattr(config, "provider", None)
            settings = getattr(section, "providers", {}).get(name) if name else None
            found = getattr(settings, "location", None) or provider_location(None)
        if found:
            return str(found)
        raise ConfigurationError(
            f"{type(self).__name__} {self.name!r} has no Azure location",
            key_path=f"{self.key_path}.location",
            expected="`location` in the component config, `iaccore:azure.location` or "
            "`azure-native:location` in the stack config",
        )

    def _check(self, config: ConfigT) -> None:
        """Hook for checks that need the location but no provider (planning, wiring, names).

        Runs before the component's provider is created, so a ``ConfigurationError`` here
        registers nothing at all; checks that need the provider (invokes) go in ``_prepare``.
        """

    @property
    def resource_group_name(self) -> pulumi.Output[str]:
        """Name of the resource group the component's resources go in (see the class doc)."""
        if self._resource_group_name is None:
            self._resource_group_name = self._resolve_resource_group()
        return self._resource_group_name

    def _resolve_resource_group(self) -> pulumi.Output[str]:
        existing = getattr(self.config, "resource_group_name", None)
        if existing:
            return pulumi.Output.from_input(existing)
        parent = self._component_opts.parent
        if isinstance(parent, AzureComponent):
            return parent.resource_group_name
        from pulumi_azure_native import resources

        project, environment = stack_identity()
        section = context.current().stack_config.section("azure")
        if getattr(section, "resource_group", "per_component") == "shared":
            return self._shared_resource_group(project, environment)
        self.resource_group = resources.ResourceGroup(
            self.child_name(RESOURCE_GROUP_ROLE),
            resource_group_name=resource_group_name(project, environment, self.name),
            location=self.location,
            tags=self.child_tags(RESOURCE_GROUP_ROLE),
            opts=data_opts(self, RESOURCE_GROUP_ROLE)
            if self._holds_data()
            else self.child_opts(RESOURCE_GROUP_ROLE),
        )
        name: pulumi.Output[str] = self.resource_group.name
        return name

    def _holds_data(self) -> bool:
        """Whether this component creates data children (``HOLDS_DATA``, or a Log Analytics
        workspace of its own): its resource group is then retained with them."""
        return self.HOLDS_DATA

    def _shared_resource_group(self, project: str, environment: str) -> pulumi.Output[str]:
        from pulumi_azure_native import resources

        label = provider_label(self.provider)
        key = ("azure", "shared-resource-group", label)
        ctx = context.current()
        cached = ctx.cache.get(key)
        if cached is None:
            name = shared_resource_group_name(project, environment, label)
            # A stack-level resource, not a child: removing the component that happened to be
            # first must not delete the group every other component lives in.
            cached = resources.ResourceGroup(
                name,
                resource_group_name=name,
                location=provider_location(self.provider) or self.location,
                tags=self._sanitize(context.current().tags_for(self.SECTION)),
                opts=pulumi.ResourceOptions(provider=self.provider),
            )
            ctx.cache[key] = cached
        shared: pulumi.Output[str] = cached.name
        return shared
