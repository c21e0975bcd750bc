"""Fuzz the config loader: arbitrary stack config may only ever raise ConfigurationError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pulumi.runtime.config as pulumi_config
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field

from iaccore.core.config import (
    ConfigurationError,
    IaccoreModel,
    ProviderSection,
    Secret,
    load_stack,
)
from iaccore.core.modules import ProviderModule


class FuzzSubnet(IaccoreModel):
    """Keyed list item."""

    name: str
    size: int = Field(24, ge=16, le=28)


class FuzzVpc(IaccoreModel):
    """Nested model."""

    cidr: str = "10.0.0.0/16"
    azs: int = Field(3, ge=1, le=6)
    nat: Literal["none", "single"] = "single"
    subnets: tuple[FuzzSubnet, ...] = ()


class FuzzSection(ProviderSection):
    """Section under fuzz."""

    region: str = "eu-west-1"
    vpc: FuzzVpc = Field(default_factory=FuzzVpc)
    admin_password: Secret | None = None


MODULES = {
    "demo": ProviderModule(name="demo", config_model=FuzzSection, sdk_module="json", extra="demo")
}
SECTIONS = ["project", "compliance", "logging", "requires", "demo", "aws", "zzz"]
KEYS = [
    "name",
    "id",
    "key",
    "region",
    "vpc",
    "azs",
    "cidr",
    "subnets",
    "nat",
    "size",
    "owner",
    "environment",
    "tags",
    "enabled",
    "admin_password",
    "password",
    "secure",
    "frameworks",
    "level",
    "components",
    "providers",
]

REFS = st.sampled_from(
    [
        "${project:environment}",
        "${demo:vpc.azs}",
        "${demo:region}",
        "x-${demo:region}",
        "${nope:x}",
        "${pulumi:stack}",
        "$${escaped}",
        "${demo:vpc}",
        "${}",
        "${demo:vpc.subnets.0.name}",
        "${",
        "${project:name}-${pulumi:project}",
        ">=0.1",
        "~=x",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | REFS
)
KEY = st.sampled_from(KEYS) | st.text(min_size=1, max_size=6)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KEY, children, max_size=5)
        | st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["a", "b", "a"])}, optional={"size": children}
            ),
            max_size=3,
        )
    ),
    max_leaves=20,
)
CONFIG = st.dictionaries(
    st.sampled_from(SECTIONS).map(lambda s: f"iaccore:{s}"), VALUES, max_size=4
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "Pulumi.yaml").write_text("name: fuzz\nruntime: python\n")
    yield root
    pulumi_config.set_all_config({}, [])


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(config=CONFIG, secret=st.booleans(), env_azs=st.none() | st.text(max_size=5))
def test_only_configuration_errors_escape(
    project: Path, config: dict[str, Any], secret: bool, env_azs: str | None
) -> None:
    """Any stack config either loads or raises ConfigurationError, nothing else."""
    encoded = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in config.items()}
    pulumi_config.set_all_config(encoded, sorted(encoded) if secret else [])
    environ = {"IACCORE_DEMO__VPC__AZS": env_azs} if env_azs is not None else {}
    error: ConfigurationError | None = None
    try:
        load_stack(project, stack="dev", environ=environ, modules=MODULES)
    except ConfigurationError as err:
        error = err
    finally:
        pulumi_config.set_all_config({}, [])
    if error is not None:
        assert str(error).strip()  # every error renders a message
