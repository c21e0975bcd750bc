"""Layered, typed iaccore config: models, loading, validation and JSON Schema.

Examples:
    >>> from iaccore.core.config import ProjectConfig, validate_model
    >>> validate_model(ProjectConfig, {"owner": "team-payments"}).owner
    'team-payments'
"""

from __future__ import annotations

from iaccore.core.config.base import (
    ComponentConfig,
    IaccoreModel,
    ProviderSection,
    ProviderSettings,
    ResourceOptionsConfig,
    Secret,
)
from iaccore.core.config.loader import load_stack, validate_stack_file
from iaccore.core.config.models import ComplianceConfig, LoggingConfig, ProjectConfig
from iaccore.core.config.schema import json_schema
from iaccore.core.config.stack import StackConfig, build_stack_model
from iaccore.core.config.validation import validate_model
from iaccore.core.config.versions import check_requires
from iaccore.core.errors import ConfigurationError

__all__ = [
    "ComplianceConfig",
    "ComponentConfig",
    "ConfigurationError",
    "IaccoreModel",
    "LoggingConfig",
    "ProjectConfig",
    "ProviderSection",
    "ProviderSettings",
    "ResourceOptionsConfig",
    "Secret",
    "StackConfig",
    "build_stack_model",
    "check_requires",
    "json_schema",
    "load_stack",
    "validate_model",
    "validate_stack_file",
]
