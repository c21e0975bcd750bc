"""Fixtures shared by the whole suite: the test stack config and the metadata tags."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from iaccore.synth import Graph
from tests import helpers

# The Azure components pick the deployer's principal type from these (a CI identity when set);
# tests must not depend on the machine running them.
for _variable in ("ARM_CLIENT_ID", "AZURE_CLIENT_ID"):
    os.environ.pop(_variable, None)


@pytest.fixture
def stack_config() -> dict[str, Any]:
    """The stack config of a test program (a fresh copy, safe to change)."""
    return helpers.stack_config()


@pytest.fixture
def metadata_tags() -> tuple[str, ...]:
    """Tags every AWS resource of a test program carries."""
    return helpers.METADATA_TAGS


@pytest.fixture
def run_program() -> Callable[..., Graph]:
    """Synthesize a program with the test stack config: ``run_program(program, **overrides)``."""
    return helpers.run
