"""The set-up a new machine gets: floors, the lock, checkov apart, and CI running the README."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]
#: Every direct requirement of the package and its extras (the extras naming extras left out).
REQUIREMENTS = [
    Requirement(text)
    for text in [*PROJECT["dependencies"], *(r for extra in EXTRAS.values() for r in extra)]
    if Requirement(text).name != PROJECT["name"]
]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    """``{canonical name: version}`` of a compiled requirements file."""
    text = (ROOT / "requirements" / lock).read_text("utf-8")
    return {canonicalize_name(m["name"]): m["version"] for m in PIN.finditer(text)}


def ci_script(name: str) -> ModuleType:
    """Import ``.ci/<name>.py`` (CI's helpers are scripts, not a package)."""
    path = ROOT / ".ci" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestRequirements:
    def test_checkov_is_in_no_extra(self) -> None:
        """checkov pins packaging<24, which would drag pulumi down: it lives in its own env."""
        assert "checkov" not in {r.name for r in REQUIREMENTS}

    def test_dev_extra_holds_every_tool_ci_and_nox_run(self) -> None:
        """nox, uv, mypy, ruff and the stubs come from the dev extra (and so from the lock)."""
        names = {Requirement(r).name for r in EXTRAS["dev"]}
        assert {"iaccore", "nox", "uv", "mypy", "ruff", "types-protobuf"} <= names

    def test_docs_extra_formats_signatures(self) -> None:
        """mkdocstrings needs Ruff or Black to format signatures; the docs extra brings Ruff."""
        assert "ruff" in {Requirement(r).name for r in EXTRAS["docs"]}


class TestFloors:
    def test_floors_pin_each_direct_requirement_at_its_lower_bound(self) -> None:
        """.ci/floors.py turns `>=` bounds into `==` pins, following extras that name extras."""
        pins = ci_script("floors").floors(PROJECT, ["all", "test"])
        assert "pulumi==3.256" in pins
        assert "pulumi-azure-native==3.26" in pins  # through all -> azure
        assert "mkdocstrings==1.0" in pins  # through test -> docs
        assert not any(pin.startswith(("iaccore", "checkov", "nox")) for pin in pins)

    def test_every_requirement_of_every_extra_has_a_floor(self) -> None:
        """Each requirement of the package and of each extra states a lower bound to test."""
        pins = ci_script("floors").floors(PROJECT, list(EXTRAS))
        assert {pin.split("==")[0] for pin in pins} == {r.name for r in REQUIREMENTS}

    def test_a_requirement_without_a_floor_is_refused(self) -> None:
        """A dependency with no lower bound cannot be tested at its floor: the script says so."""
        project = {"name": "demo", "dependencies": ["pulumi<4"], "optional-dependencies": {}}
        with pytest.raises(SystemExit, match="pulumi<4: no lower bound"):
            ci_script("floors").floors(project, [])


class TestLock:
    def test_lock_pins_every_requirement_within_its_range(self) -> None:
        """requirements/dev.txt pins each direct requirement at a version pyproject.toml allows:
        a range moved without `nox -s lock` fails here."""
        locked = pins("dev.txt")
        for requirement in REQUIREMENTS:
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{name} is not in requirements/dev.txt: run `nox -s lock`"
            assert requirement.specifier.contains(locked[name], prereleases=True), (
                f"requirements/dev.txt pins {name}=={locked[name]}, outside {requirement}"
            )

    def test_lock_keeps_checkov_out(self) -> None:
        """No checkov in the development lock; checkov's own lock pins what checkov.in asks."""
        assert "checkov" not in pins("dev.txt")
        checkov = pins("checkov.txt")
        wanted = Requirement(
            next(
                line
                for line in (ROOT / "requirements" / "checkov.in").read_text("utf-8").splitlines()
                if line and not line.startswith("#")
            )
        )
        assert wanted.specifier.contains(checkov["checkov"])


class TestContinuousIntegration:
    def test_readme_quick_start_has_the_two_commands(self) -> None:
        """The Quick start holds the main job (synth an example) and the tests, one line each."""
        text = (ROOT / "README.md").read_text("utf-8")
        synth, tests = ci_script("readme_commands").quick_start_commands(text)
        assert synth.endswith("iaccore synth examples/aws-eks-platform --stack dev")
        assert tests.endswith('pip install -e ".[all,test]" && pytest')
        assert all(command.startswith("python3 -m venv .venv && ") for command in (synth, tests))

    def test_ci_runs_them_verbatim_then_lowest_then_the_rest(self) -> None:
        """.ci/run runs both README commands as extracted, the lowest-versions suite, then the
        locked lint, type check and docs; the scanner tests may not skip."""
        ci = (ROOT / ".ci" / "run").read_text("utf-8")
        order = [
            'verbatim "${readme[0]}"',
            'verbatim "${readme[1]}"',
            '.ci/floors.py all test >"$floors"',
            '--resolution lowest-direct \\\n    -c "$floors" -e ".[all,test]"',
            "-m pytest",
            '-c requirements/dev.txt \\\n    -e ".[all,test]" mypy ruff types-protobuf',
            ".venv-dev/bin/ruff check .",
            ".venv-dev/bin/mypy",
            '.ci/floors.py docs >"$floors"',
            '"${pin[@]}" -e ".[docs]"',
            '.venv-docs-$docs/bin/mkdocs" build --strict',
        ]
        positions = [ci.index(part) for part in order]
        assert positions == sorted(positions)
        assert "export IACCORE_REQUIRE_SCANNERS=1" in ci
