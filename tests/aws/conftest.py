"""Helpers for the AWS config tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iaccore.aws.config import AwsSection
from iaccore.core.config.validation import validate_model
from iaccore.core.errors import ConfigurationError

Reject = Callable[[dict[str, Any]], ConfigurationError]


@pytest.fixture
def reject() -> Reject:
    """Validate an ``iaccore:aws`` mapping that must fail; return the ConfigurationError."""

    def run(data: dict[str, Any]) -> ConfigurationError:
        with pytest.raises(ConfigurationError) as info:
            validate_model(AwsSection, data, key_path="aws")
        return info.value

    return run
