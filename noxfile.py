"""Developer sessions: ``nox`` runs lint, typecheck and tests; ``nox -s docs`` builds the site;
``nox -s screenshots`` refreshes the screenshots of the site in docs/screenshots/.

Each session installs what it needs into its own virtualenv (under ``.nox/``), so the sessions
run on a fresh machine with only ``nox`` installed. Tool versions come from the ``dev`` extra of
pyproject.toml, the same list ``pip install -e ".[dev]"`` and CI (``.ci/run``) install.
"""

from __future__ import annotations

import nox
from packaging.requirements import Requirement

nox.needs_version = ">=2024.4"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

DEV_EXTRA: list[str] = nox.project.load_toml("pyproject.toml")["project"]["optional-dependencies"][
    "dev"
]


def dev_requirement(name: str) -> str:
    """The ``dev`` extra's requirement for distribution ``name`` (e.g. ``ruff>=0.6``)."""
    for text in DEV_EXTRA:
        if Requirement(text).name == name:
            return text
    raise LookupError(f"{name} is not in the dev extra of pyproject.toml")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (all extras installed, as CI does); arguments go to pytest."""
    session.install("-e", ".[all,test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff lint and format check."""
    session.install(dev_requirement("ruff"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src/iaccore (configured in pyproject.toml); the test extra brings pytest,
    which the iaccore.testing plugin imports."""
    session.install("-e", ".[all,test]", dev_requirement("mypy"), dev_requirement("types-protobuf"))
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with mkdocs-material and mkdocstrings (strict)."""
    session.install("-e", ".[all,docs]")
    session.run(
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        "site",
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


@nox.session
def screenshots(session: nox.Session) -> None:
    """Refresh docs/screenshots/*.png: build the site and shoot pages in headless Chromium.

    Needs the ``chromium`` binary (Debian: ``apt-get install -y chromium``); runs
    ``python docs/screenshots.py``.
    """
    session.install("-e", ".[docs]")
    session.run("python", "docs/screenshots.py")
