"""Private helpers of network, ec2 and s3 never import their package's component module.

A helper takes a child factory and plain values and returns a frozen record; importing the
component that calls it (even under ``TYPE_CHECKING``) is how helpers start reaching into a
half-built component, so the import itself is refused.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import iaccore.aws
from iaccore.aws.ec2._security_group import SecurityGroupRules
from iaccore.aws.network._endpoints import Endpoints
from iaccore.aws.network._flow_logs import FlowLogs
from iaccore.aws.network._routes import NatGateways, RouteTables

ROOT = Path(iaccore.aws.__file__).parent
#: Package -> its component module.
COMPONENTS = {
    "network": "iaccore.aws.network.vpc",
    "ec2": "iaccore.aws.ec2.instance",
    "s3": "iaccore.aws.s3.bucket",
}
HELPERS = sorted(
    (package, path)
    for package in COMPONENTS
    for path in (ROOT / package).glob("_*.py")
    if path.name != "__init__.py"
)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (``TYPE_CHECKING`` blocks included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_every_package_has_helpers() -> None:
    """The scan sees the helpers of all three packages (it would pass vacuously otherwise)."""
    assert {package for package, _ in HELPERS} == set(COMPONENTS)


@pytest.mark.parametrize(("package", "path"), HELPERS, ids=lambda v: getattr(v, "name", v))
def test_helper_does_not_import_its_component(package: str, path: Path) -> None:
    """No ``aws/<package>/_*.py`` imports ``aws/<package>/<component>.py``."""
    component = COMPONENTS[package]
    assert component not in imported_modules(path), f"{path} imports {component}"


@pytest.mark.parametrize(
    "record", [FlowLogs, NatGateways, RouteTables, Endpoints, SecurityGroupRules]
)
def test_helper_results_are_frozen(record: type) -> None:
    """What helpers return are frozen dataclasses the component assigns."""
    assert dataclasses.is_dataclass(record)
    assert record.__dataclass_params__.frozen  # type: ignore[attr-defined]
