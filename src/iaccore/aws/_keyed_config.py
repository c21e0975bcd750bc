"""Config validation keyed by the component's name (``aws.buckets.<name>``), for map sections.

Components configured from a map section (``aws.buckets``, ``aws.instances``) report errors
under ``<section>.<name>`` so the message points at the right entry of the stack file.

Example:
    >>> from iaccore.aws.config import BucketConfig
    >>> validate_keyed(BucketConfig, {"versioning": False}, "aws.buckets.logs").versioning
    False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from iaccore.core.config.base import ComponentConfig
from iaccore.core.config.validation import validate_model

__all__ = ["validate_keyed"]

ModelT = TypeVar("ModelT", bound=ComponentConfig)


def validate_keyed(model: type[ModelT], config: Mapping[str, Any], key_path: str) -> ModelT:
    """Validate the mapping ``config`` as ``model``, errors naming ``key_path`` and below."""
    return validate_model(model, dict(config), key_path=key_path, layer="code")
