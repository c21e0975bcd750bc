"""Developer sessions: ``nox`` runs lint, typecheck and the tests on the lock.

Sessions:
    tests          the suite on the locked versions (requirements/dev.txt)
    tests_latest   the suite on whatever the index serves today (no lock): an upstream release
                   that breaks iaccore shows up here first, not on main
    tests_lowest   the suite with each direct requirement at its declared floor
    lint           ruff check and ruff format --check
    typecheck      mypy --strict on src/iaccore
    docs           the site, built --strict with the docs extra alone
    scanners       build (or find) checkov's own environment for the scanner tests
    lock           refresh requirements/dev.txt and requirements/checkov.txt deliberately
    screenshots    refresh docs/screenshots/*.png

Each session installs what it needs into its own virtualenv under ``.nox/`` (with uv when it is
installed), so the sessions run on a fresh machine with only ``nox`` and ``uv`` installed:
``pip install nox uv`` or ``pip install -e ".[dev]"``.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.needs_version = ">=2024.4"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "uv|virtualenv"

LOCK = "requirements/dev.txt"
CHECKOV_IN = "requirements/checkov.in"
CHECKOV_LOCK = "requirements/checkov.txt"
#: The oldest Python iaccore supports; the locks are compiled for it and hold on newer ones.
PYTHON = "3.11"


def _locked(session: nox.Session, *requirements: str) -> None:
    session.install("-c", LOCK, *requirements)


def _pulumi_versions(session: nox.Session) -> None:
    session.run("python", ".ci/versions.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite on the lock (all extras installed, as CI does); arguments go to pytest."""
    _locked(session, "-e", ".[all,test]")
    _pulumi_versions(session)
    session.run("pytest", *session.posargs)


@nox.session
def tests_latest(session: nox.Session) -> None:
    """Run the test suite on the newest versions the index serves (no lock)."""
    session.install("--upgrade", "-e", ".[all,test]")
    _pulumi_versions(session)
    session.run("pytest", *session.posargs)


@nox.session(venv_backend="uv")
def tests_lowest(session: nox.Session) -> None:
    """Run the test suite with every direct requirement at the floor pyproject.toml declares
    (.ci/floors.py writes them as constraints): the floors hold."""
    session.install("packaging")
    floors = Path(session.create_tmp()) / "floors.txt"
    text = session.run("python", ".ci/floors.py", "all", "test", silent=True)
    floors.write_text(str(text), encoding="utf-8")
    session.install("--resolution", "lowest-direct", "-c", str(floors), "-e", ".[all,test]")
    _pulumi_versions(session)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff lint and format check."""
    _locked(session, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src/iaccore (configured in pyproject.toml); the test extra brings pytest,
    which the iaccore.testing plugin imports."""
    _locked(session, "-e", ".[all,test]", "mypy", "types-protobuf")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with the docs extra alone (mkdocstrings reads the source
    statically, so no provider SDK is needed), --strict."""
    _locked(session, "-e", ".[docs]")
    session.run(
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        "site",
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


@nox.session
def scanners(session: nox.Session) -> None:
    """Build checkov's own environment (tests/scanners.py) and print where it is."""
    _locked(session, "pytest")
    session.run("python", "-m", "tests.scanners")


@nox.session(venv_backend="uv")
def lock(session: nox.Session) -> None:
    """Refresh the locks from pyproject.toml and requirements/checkov.in: a deliberate step, whose
    diff is reviewed like code."""
    compile_ = ("uv", "pip", "compile", "--quiet", "--universal", "--python-version", PYTHON)
    session.run(
        *compile_, "pyproject.toml", "--extra", "dev", "--upgrade", "-o", LOCK, external=True
    )
    session.run(*compile_, CHECKOV_IN, "--upgrade", "-o", CHECKOV_LOCK, external=True)


@nox.session
def screenshots(session: nox.Session) -> None:
    """Refresh docs/screenshots/*.png: build the site and shoot pages in headless Chromium.

    Needs the ``chromium`` binary (Debian: ``apt-get install -y chromium``); runs
    ``python docs/screenshots.py``.
    """
    _locked(session, "-e", ".[docs]")
    session.run("python", "docs/screenshots.py")
