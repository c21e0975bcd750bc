"""The stack config model: core sections plus one section per provider module.

Examples:
    >>> from iaccore.core.modules import ProviderModule
    >>> from iaccore.core.config.base import ProviderSection
    >>> class DemoSection(ProviderSection):
    ...     region: str = "eu-west-1"
    >>> spec = ProviderModule(name="demo", config_model=DemoSection, sdk_module="json",
    ...                       extra="demo")
    >>> Stack = build_stack_model({"demo": spec})
    >>> stack = Stack.model_validate({"demo": {"enabled": True}})
    >>> stack.section("demo").enabled, stack.demo.region
    (True, 'eu-west-1')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import Field, create_model, model_validator

from iaccore.core.config.base import IaccoreModel, ProviderSection
from iaccore.core.config.models import ComplianceConfig, LoggingConfig, ProjectConfig
from iaccore.core.errors import ConfigurationError
from iaccore.core.modules import ProviderModule

__all__ = ["CORE_SECTIONS", "StackConfig", "build_stack_model"]

#: Sections every stack has, whatever modules are installed.
CORE_SECTIONS: tuple[str, ...] = ("compliance", "logging", "project", "requires")


class StackConfig(IaccoreModel):
    """All iaccore config of one stack; provider sections are added by ``build_stack_model``.

    Examples:
        >>> StackConfig(project={"name": "payments"}).project.name
        'payments'
    """

    project: ProjectConfig = Field(
        default_factory=ProjectConfig, description="Project identity and ownership."
    )
    compliance: ComplianceConfig = Field(
        default_factory=ComplianceConfig, description="Compliance frameworks and controls."
    )
    logging: LoggingConfig = Field(
        default_factory=LoggingConfig, description="Logging of iaccore itself."
    )
    requires: str | None = Field(
        None,
        description="PEP 440 version specifier the installed iaccore must satisfy, "
        "e.g. `>=0.3,<0.4`.",
    )

    @classmethod
    def section_names(cls) -> tuple[str, ...]:
        """Names of the provider sections of this model, sorted."""
        return tuple(
            sorted(
                name
                for name, info in cls.model_fields.items()
                if isinstance(info.annotation, type)
                and issubclass(info.annotation, ProviderSection)
            )
        )

    def section(self, name: str) -> ProviderSection:
        """Return the provider section ``name`` (``demo`` ...); unknown names raise."""
        value = getattr(self, name, None) if name in type(self).model_fields else None
        if not isinstance(value, ProviderSection):
            known = ", ".join(type(self).section_names()) or "none installed"
            raise ConfigurationError(
                f"no provider section {name!r}", key_path=name, expected=f"one of: {known}"
            )
        return value

    @model_validator(mode="after")
    def _check_sections_in_stack(self) -> StackConfig:
        # Each provider section's cross-section checks (ProviderSection.check_in_stack); a
        # ValueError names its key path from the stack root: "demo.network.zones: ...".
        for name in type(self).section_names():
            self.section(name).check_in_stack(self)
        return self

    if TYPE_CHECKING:  # provider sections are dynamic fields: `stack.demo.network` type-checks

        def __getattr__(self, name: str) -> Any: ...


_CACHE: dict[tuple[tuple[str, type[ProviderSection]], ...], type[StackConfig]] = {}


def build_stack_model(modules: Mapping[str, ProviderModule]) -> type[StackConfig]:
    """Return the ``StackConfig`` subclass with one field per provider module (cached).

    Modules that declare no config section (``config_model`` None) get no field.
    """
    key = tuple(
        sorted(
            (name, spec.config_model)
            for name, spec in modules.items()
            if spec.config_model is not None
        )
    )
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    fields: dict[str, Any] = {}
    for name, model in key:
        if name in StackConfig.model_fields or not name.isidentifier():
            raise ConfigurationError(
                f"provider module name {name!r} is reserved or not an identifier",
                key_path=name,
                expected="a Python identifier other than " + ", ".join(CORE_SECTIONS),
            )
        description = modules[name].description or f"Config of the `{name}` provider module."
        fields[name] = (model, Field(default_factory=model, description=description))
    title = "StackConfig" if not key else f"StackConfig[{','.join(n for n, _ in key)}]"
    built: type[StackConfig] = create_model(title, __base__=StackConfig, **fields)
    _CACHE[key] = built
    return built
