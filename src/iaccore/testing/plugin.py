"""pytest plugin of iaccore (registered through the ``pytest11`` entry point).

Fixtures:
    ``iaccore_synth``: a callable that synthesizes a program (directory or zero-argument
    callable) and returns its [`Graph`][iaccore.synth.Graph].
    ``iaccore_mocks``: a fresh [`IaccoreMocks`][iaccore.synth.IaccoreMocks] per test.

Option:
    ``--iaccore-update-snapshots``: [`assert_urns_match`][iaccore.testing.assert_urns_match]
    rewrites snapshot files instead of comparing them.

Secrets: each test runs in its own ``iaccore.core.redaction.scope``, so a value that was
secret in one test (a config secret, an ``Output.secret``) never redacts a message of the next;
the test's reports (failure text, captured output and logs) are redacted before pytest shows or
stores them.

Examples:
    In a user's test module; nothing to import, the plugin is loaded automatically:

    ```python
    def test_bucket_is_private(iaccore_synth):
        graph = iaccore_synth("infra", stack="dev")
        assert graph.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    ```
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from iaccore.core import redaction

if TYPE_CHECKING:
    from iaccore.synth.engine import Program
    from iaccore.synth.graph import Graph
    from iaccore.synth.mocks import IaccoreMocks

__all__ = [
    "SynthFixture",
    "iaccore_mocks",
    "iaccore_synth",
    "pytest_runtest_makereport",
    "pytest_runtest_protocol",
]

UPDATE_OPTION = "--iaccore-update-snapshots"


class SynthFixture(Protocol):
    """Signature of the ``iaccore_synth`` fixture.

    Examples:
        >>> def use(synth: SynthFixture) -> None: ...
    """

    def __call__(
        self,
        program: Program,
        *,
        stack: str = "dev",
        config: Mapping[str, Any] | None = None,
        mocks: IaccoreMocks | None = None,
    ) -> Graph: ...


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--iaccore-update-snapshots``."""
    group = parser.getgroup("iaccore")
    group.addoption(
        UPDATE_OPTION,
        action="store_true",
        default=False,
        help="rewrite iaccore URN snapshot files instead of comparing against them",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Pass ``--iaccore-update-snapshots`` on to ``iaccore.testing.snapshot``."""
    if config.getoption(UPDATE_OPTION, default=False):
        from iaccore.testing import snapshot

        snapshot.set_update_mode(True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Reset the snapshot update mode (matters when pytest runs in-process, e.g. pytester)."""
    if config.getoption(UPDATE_OPTION, default=False):
        from iaccore.testing import snapshot

        snapshot.set_update_mode(False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """Run each test (setup, call, teardown, reports) in its own redaction scope."""
    with redaction.scope(f"pytest:{item.nodeid}"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport() -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Redact the secrets of the test from its report: failure text, captured output, logs."""
    report = yield
    if report.longrepr is not None:
        text = str(report.longrepr)
        redacted = redaction.redact(text)
        if redacted != text:
            report.longrepr = redacted
    report.sections = [(title, redaction.redact(body)) for title, body in report.sections]
    return report


@pytest.fixture
def iaccore_mocks() -> IaccoreMocks:
    """A fresh [`IaccoreMocks`][iaccore.synth.IaccoreMocks] for the test."""
    from iaccore.synth.mocks import IaccoreMocks

    return IaccoreMocks()


@pytest.fixture
def iaccore_synth() -> SynthFixture:
    """Synthesize a program on the embedded engine: ``iaccore_synth(program, stack=...)``.

    ``config={"iaccore:aws": {...}}`` merges into the stack file's section key by key, like a
    higher config layer (``iaccore.synth.overrides``); other namespaces replace their value.
    """
    from iaccore.synth.engine import synth

    def run(
        program: Program,
        *,
        stack: str = "dev",
        config: Mapping[str, Any] | None = None,
        mocks: IaccoreMocks | None = None,
    ) -> Graph:
        return synth(program, stack=stack, config=config, mocks=mocks)

    return run
