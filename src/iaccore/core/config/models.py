"""Config models of the core sections: project, compliance, logging, and the stack as a whole.

Provider modules contribute their own sections (``iaccore:<name>``) through
[`iaccore.core.modules.ProviderModule`][iaccore.core.modules.ProviderModule]; ``build_stack_model``
assembles them.

Examples:
    >>> ProjectConfig(name="payments", environment="dev", owner="team-payments").owner
    'team-payments'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from iaccore.core.config.base import IaccoreModel

__all__ = [
    "KNOWN_FRAMEWORKS",
    "ComplianceConfig",
    "LogLevel",
    "LoggingConfig",
    "ProjectConfig",
]

LogLevel = Literal["debug", "info", "warning", "error"]

#: Compliance frameworks iaccore knows the tag vocabulary and policy mappings of.
KNOWN_FRAMEWORKS: tuple[str, ...] = (
    "cis",
    "gdpr",
    "hipaa",
    "iso27001",
    "nist-800-53",
    "pci-dss",
    "soc2",
)


class ProjectConfig(IaccoreModel):
    """Who owns the stack and what it is: the source of the metadata tags.

    Examples:
        >>> ProjectConfig(name="payments").environment is None
        True
    """

    name: str | None = Field(None, description="Project name; defaults to the Pulumi project name.")
    environment: str | None = Field(
        None, description="Environment (dev, staging, prod); defaults to the stack name."
    )
    owner: str | None = Field(None, description="Owning team or person, tagged on everything.")
    cost_center: str | None = Field(None, description="Cost centre tagged on everything.")
    team: str | None = Field(None, description="Team name, when it differs from the owner.")
    description: str | None = Field(None, description="One line about the stack.")


class ComplianceConfig(IaccoreModel):
    """Compliance frameworks and controls the stack claims, turned into tags and policy scope.

    Examples:
        >>> ComplianceConfig(frameworks=["soc2", "cis"]).frameworks
        ('soc2', 'cis')
    """

    frameworks: tuple[str, ...] = Field(
        (), description=f"Frameworks in scope; one of {', '.join(KNOWN_FRAMEWORKS)}."
    )
    controls: tuple[str, ...] = Field(
        (), description="Control ids in scope, e.g. `soc2:CC6.1`; tagged as a compact list."
    )
    data_classification: Literal["public", "internal", "confidential", "restricted"] | None = Field(
        None, description="Data classification tagged on every resource."
    )


class LoggingConfig(IaccoreModel):
    """Logging of iaccore itself (not of the cloud resources).

    Examples:
        >>> LoggingConfig(components={"SecureVpc": "debug"}).components["SecureVpc"]
        'debug'
    """

    level: LogLevel = Field("info", description="Level of the `iaccore` logger.")
    format: Literal["text", "json"] = Field("text", description="Record format.")
    components: dict[str, LogLevel] = Field(
        default_factory=dict,
        description="Per-component levels by class name (`SecureVpc`) or logical name.",
    )
