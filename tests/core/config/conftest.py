"""Fixtures for the config tests: a small demo provider module and Pulumi runtime emulation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pulumi.runtime.config as pulumi_config
import pytest
from pulumi.runtime import settings as pulumi_settings
from pydantic import Field

from iaccore.core.config import IaccoreModel, ProviderSection, Secret
from iaccore.core.modules import ProviderModule


class Subnet(IaccoreModel):
    """A subnet entry, merged by name across layers."""

    name: str
    size: int = Field(24, ge=16, le=28)
    public: bool = False


class Vpc(IaccoreModel):
    """A VPC-like nested model."""

    cidr: str = "10.0.0.0/16"
    azs: int = Field(3, ge=1, le=6)
    nat: Literal["none", "single", "one_per_az"] = "single"
    subnets: tuple[Subnet, ...] = ()


class DemoSection(ProviderSection):
    """Section ``demo``: one of everything the loader must handle."""

    region: str = "eu-west-1"
    vpc: Vpc = Field(default_factory=Vpc)
    admin_password: Secret | None = None
    labels: list[str] = Field(default_factory=list)


DEMO = ProviderModule(name="demo", config_model=DemoSection, sdk_module="json", extra="demo")
#: A module that contributes hooks only and declares no config section.
HOOKS_ONLY = ProviderModule(
    name="hooksonly", config_model=None, sdk_module="json", extra="hooksonly"
)
MODULES: dict[str, ProviderModule] = {"demo": DEMO, "hooksonly": HOOKS_ONLY}


@pytest.fixture
def modules() -> dict[str, ProviderModule]:
    """The demo provider modules."""
    return MODULES


@pytest.fixture(autouse=True)
def pulumi_runtime() -> Iterator[Callable[..., None]]:
    """Emulate the engine's config; reset config, stack and project afterwards."""
    stack, project = pulumi_settings.SETTINGS.stack, pulumi_settings.SETTINGS.project
    pulumi_config.set_all_config({}, [])

    def set_config(values: dict[str, Any], secret_keys: list[str] | None = None) -> None:
        encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()}
        pulumi_config.set_all_config(encoded, secret_keys or [])

    yield set_config
    pulumi_config.set_all_config({}, [])
    pulumi_settings._set_stack(stack)
    pulumi_settings._set_project(project)


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A Pulumi project folder named ``payments``."""
    (tmp_path / "Pulumi.yaml").write_text("name: payments\nruntime: python\n")
    return tmp_path


@pytest.fixture
def write(project_dir: Path) -> Callable[[str, str], Path]:
    """Write a file into the project folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = project_dir / name
        path.write_text(text)
        return path

    return _write
