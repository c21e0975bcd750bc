"""Print a constraints file that pins every direct requirement of iaccore at its lower bound.

``python .ci/floors.py all test`` covers the package's dependencies and those of the named extras
(following extras that name other extras, such as ``all``). Installing with it
(``uv pip install --resolution lowest-direct -c floors.txt -e ".[all,test]"``) tests the floors
pyproject.toml declares, exactly: a floor that cannot be installed with the others fails the
install, and no resolver choice (a pre-release picked over an older stable release) can stand in
for it.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def floors(project: dict[str, Any], extras: list[str]) -> list[str]:
    """``name==lower bound`` for each direct requirement of the package and ``extras``."""
    optional: dict[str, list[str]] = project["optional-dependencies"]
    texts: list[str] = list(project["dependencies"])
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in optional[extra]:
            requirement = Requirement(text)
            if requirement.name == project["name"]:
                pending.extend(requirement.extras)
            else:
                texts.append(text)
    pins: dict[str, str] = {}
    for text in texts:
        requirement = Requirement(text)
        lower = [spec.version for spec in requirement.specifier if spec.operator in (">=", "==")]
        if not lower:
            raise SystemExit(f"{text}: no lower bound to test")
        pins[requirement.name] = str(max(Version(version) for version in lower))
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


if __name__ == "__main__":
    project = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]
    print("\n".join(floors(project, sys.argv[1:])))  # noqa: T201 - the script's output
