"""The Pulumi SDK the embedded engine needs, checked before a run starts.

The engine drives Pulumi's mock monitor the way the Pulumi CLI drives a real one, and asks it for
the features it supports with ``GetDeploymentInfo``, which the SDK's mocks have from pulumi 3.256
on. An older SDK (a pinned environment, ``pip install --no-deps``) would otherwise fail every
program with an ``AttributeError`` from deep inside the run.

Examples:
    >>> class Old: ...
    >>> check_engine(Old, installed="3.223.0")
    Traceback (most recent call last):
    ...
    iaccore.core.errors.EngineVersionError: iaccore's engine needs pulumi >= 3.256 (its mock \
monitor has no GetDeploymentInfo); pulumi 3.223.0 is installed: pip install "pulumi>=3.256"
"""

from __future__ import annotations

from importlib import metadata

from pulumi.runtime.mocks import MockMonitor

from iaccore.core.errors import EngineVersionError

__all__ = ["REQUIRED_PULUMI", "check_engine"]

#: The lowest pulumi whose mocks have every call the engine makes (pyproject.toml's floor).
REQUIRED_PULUMI = "3.256"
_NEEDED_CALL = "GetDeploymentInfo"


def check_engine(monitor: type = MockMonitor, *, installed: str | None = None) -> None:
    """Raise ``EngineVersionError`` (one line: installed and required version) when ``monitor``,
    the SDK's mock monitor, lacks a call the engine makes.

    Args:
        monitor: The mock monitor class to check (the installed SDK's by default).
        installed: The pulumi version to name; default: the installed distribution's.
    """
    if hasattr(monitor, _NEEDED_CALL):
        return
    if installed is None:
        try:
            installed = metadata.version("pulumi")
        except metadata.PackageNotFoundError:
            installed = "unknown"
    raise EngineVersionError(
        f"iaccore's engine needs pulumi >= {REQUIRED_PULUMI} (its mock monitor has no "
        f'{_NEEDED_CALL}); pulumi {installed} is installed: pip install "pulumi>={REQUIRED_PULUMI}"'
    )
