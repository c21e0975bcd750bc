"""What many test modules share: the stack config of a test program and its metadata tags.

Test modules use the ``stack_config`` / ``metadata_tags`` / ``run_program`` fixtures of
``tests/conftest.py``, or import these constants where a module-level value reads better.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from iaccore.synth import Graph, Resource, synth

PROJECT = "payments"
REGION = "eu-west-1"

#: Stack config of the test programs: project metadata and an enabled AWS section with a tag.
STACK_CONFIG: Mapping[str, Any] = {
    "iaccore:project": {"name": PROJECT, "environment": "dev", "owner": "team-payments"},
    "iaccore:aws": {"enabled": True, "region": REGION, "tags": {"cost-center": "1234"}},
    "aws:region": REGION,
}

#: Tags every AWS resource of those programs carries (metadata, section tags and ``Name``).
METADATA_TAGS: tuple[str, ...] = (
    "iaccore:project",
    "iaccore:environment",
    "iaccore:owner",
    "iaccore:stack",
    "iaccore:managed-by",
    "Name",
    "cost-center",
)


def stack_config(**overrides: Any) -> dict[str, Any]:
    """A fresh copy of :data:`STACK_CONFIG` with ``overrides`` (``{"namespace:key": value}``)."""
    config = copy.deepcopy(dict(STACK_CONFIG))
    config.update(overrides)
    return config


def run(program: Callable[[], Any], **overrides: Any) -> Graph:
    """Synthesize ``program`` in project ``payments`` with :func:`stack_config`."""
    return synth(program, project=PROJECT, config=stack_config(**overrides))


def provider_name(resource: Resource) -> str:
    """The logical name of ``resource``'s explicit provider (empty for the default one)."""
    return (resource.provider_urn or "").rsplit("::", 1)[-1]
