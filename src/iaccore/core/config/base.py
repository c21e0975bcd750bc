"""Building blocks shared by every config model: the strict base model, secrets, per-role options.

Component and provider-section models derive from these so that every model in iaccore is frozen,
rejects unknown keys and documents each field.

Examples:
    >>> class BucketConfig(ComponentConfig):
    ...     versioning: bool = Field(True, description="Keep every version of every object.")
    >>> BucketConfig().versioning
    True
"""

from __future__ import annotations

from typing import Any

import pulumi
from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from iaccore.core.redaction import REDACTED

__all__ = [
    "REDACTED",
    "ComponentConfig",
    "CustomTimeouts",
    "Field",
    "IaccoreModel",
    "ProviderSection",
    "ProviderSettings",
    "ResourceOptionsConfig",
    "Secret",
]


class Secret:
    """A secret config value: never shown by ``repr``, ``str``, ``model_dump`` or logs.

    Read it with [`reveal`][iaccore.Secret.reveal] only where a provider needs the plaintext, and
    prefer [`output`][iaccore.Secret.output], which hands Pulumi a secret ``Output`` so state and
    previews stay masked.

    Examples:
        >>> token = Secret("s3cr3t")
        >>> token
        Secret('[secret]')
        >>> f"{token}"
        '[secret]'
        >>> token.reveal()
        's3cr3t'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the plaintext. Use only to hand the value to a provider."""
        return self._value

    def output(self) -> pulumi.Output[str]:
        """Return the value as a secret ``pulumi.Output``."""
        return pulumi.Output.secret(self._value)

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, format_spec: str) -> str:
        return format(REDACTED, format_spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("iaccore.Secret", self._value))

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self  # immutable: copies share the value, which never leaves the object

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("iaccore.Secret values cannot be pickled")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def coerce(value: Any) -> Secret:
            if isinstance(value, Secret):
                return value
            if isinstance(value, str):
                return Secret(value)
            raise ValueError("expected a string or a secret")

        return core_schema.no_info_plain_validator_function(
            coerce,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda _value: REDACTED, when_used="always"
            ),
        )


class IaccoreModel(BaseModel):
    """Base of every iaccore config model: frozen, unknown keys rejected, defaults validated.

    Examples:
        >>> class Example(IaccoreModel):
        ...     size: int = Field(3, description="How many.")
        >>> Example(size=4).size
        4
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        use_attribute_docstrings=False,
        populate_by_name=True,
        hide_input_in_errors=True,
    )


class CustomTimeouts(IaccoreModel):
    """Per-operation timeouts, as Pulumi duration strings such as ``30m`` or ``1h``.

    Examples:
        >>> CustomTimeouts(create="45m").create
        '45m'
    """

    create: str | None = Field(None, description="Timeout for create; provider default if unset.")
    update: str | None = Field(None, description="Timeout for update; provider default if unset.")
    delete: str | None = Field(None, description="Timeout for delete; provider default if unset.")


class ResourceOptionsConfig(IaccoreModel):
    """Pulumi resource options for the children of one role inside a component.

    Examples:
        >>> ResourceOptionsConfig(ignore_changes=["tags"]).ignore_changes
        ('tags',)
    """

    ignore_changes: tuple[str, ...] = Field(
        (), description="Input properties whose changes are ignored on update."
    )
    custom_timeouts: CustomTimeouts | None = Field(
        None, description="Create/update/delete timeouts for the role's resources."
    )
    protect: bool | None = Field(
        None, description="Protect the role's resources from deletion; inherits when unset."
    )
    retain_on_delete: bool | None = Field(
        None, description="Keep the cloud resource when Pulumi deletes it; inherits when unset."
    )
    delete_before_replace: bool | None = Field(
        None, description="Delete before creating the replacement; provider default when unset."
    )


class ComponentConfig(IaccoreModel):
    """Base of every component's config model: extra tags and per-role resource options.

    Examples:
        >>> cfg = ComponentConfig(tags={"team": "payments"},
        ...                       resource_options={"nat_gateway": {"ignore_changes": ["tags"]}})
        >>> cfg.resource_options["nat_gateway"].ignore_changes
        ('tags',)
    """

    tags: dict[str, str] = Field(
        default_factory=dict,
        description="Tags added to every taggable child, over the stack and metadata tags.",
    )
    resource_options: dict[str, ResourceOptionsConfig] = Field(
        default_factory=dict,
        description="Resource options per child role (for example `nat_gateway`), applied to "
        "the children of that role only.",
    )


class ProviderSettings(IaccoreModel):
    """Settings shared by every provider definition; clouds extend this with their own fields.

    Examples:
        >>> ProviderSettings().enabled
        True
    """

    enabled: bool = Field(True, description="Create this provider when the section is enabled.")


class ProviderSection(IaccoreModel):
    """Shape of a provider module's top-level section (``iaccore:<module>``).

    Examples:
        >>> ProviderSection().enabled
        False
    """

    enabled: bool = Field(
        False,
        description="Create this section's providers (`default` from the section's own "
        "settings, one per entry of `providers`) and use `default` for components that name "
        "none. While false the provider settings are ignored and components use the ambient "
        "provider; no resource is created from config either way.",
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags applied to every resource of this module."
    )
    providers: dict[str, ProviderSettings] = Field(
        default_factory=dict,
        description="Named extra providers (for example `dr`), beside the `default` one.",
    )

    def named_providers(self) -> dict[str, ProviderSettings]:
        """The named providers the registry creates besides ``default``: ``providers`` here.

        A module whose providers are keyed differently (say, by cluster under ``clusters``)
        overrides this; the registry calls its factory once per entry, by name.

        Examples:
            >>> ProviderSection(providers={"dr": {}}).named_providers()
            {'dr': ProviderSettings(enabled=True)}
        """
        return dict(self.providers)

    def check_in_stack(self, stack: Any) -> None:
        """Cross-section checks, run once the whole stack config is valid; none by default.

        A provider module overrides this to refuse, at ``iaccore validate`` time, what its
        components would refuse later: limits that depend on several sections (tags from
        ``project`` and ``compliance`` plus its own), cross-references inside the section. Raise
        ``ValueError("<section>.<key path>: <message>")``; the loader turns it into a
        ``ConfigurationError`` naming that key, its file and its line.

        Examples:
            >>> ProviderSection().check_in_stack(None)
        """
