"""pytest plugin of iaccore (registered through the ``pytest11`` entry point).

Fixtures:
    ``iaccore_synth``: a callable that synthesizes a program (directory or zero-argument
    callable) and returns its :class:`~iaccore.synth.graph.Graph`.
    ``iaccore_mocks``: a fresh :class:`~iaccore.synth.mocks.IaccoreMocks` per test.

Option:
    ``--iaccore-update-snapshots``: :func:`iaccore.testing.snapshot.assert_urns_match` rewrites
    snapshot files instead of comparing them.

Example (in a user's test module; nothing to import, the plugin is loaded automatically)::

    def test_bucket_is_private(iaccore_synth):
        graph = iaccore_synth("infra", stack="dev")
        assert graph.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from iaccore.synth.engine import Program
    from iaccore.synth.graph import Graph
    from iaccore.synth.mocks import IaccoreMocks

__all__ = ["SynthFixture", "iaccore_mocks", "iaccore_synth"]

UPDATE_OPTION = "--iaccore-update-snapshots"


class SynthFixture(Protocol):
    """Signature of the ``iaccore_synth`` fixture.

    Example:
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
    """Pass ``--iaccore-update-snapshots`` on to :mod:`iaccore.testing.snapshot`."""
    if config.getoption(UPDATE_OPTION, default=False):
        from iaccore.testing import snapshot

        snapshot.set_update_mode(True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Reset the snapshot update mode (matters when pytest runs in-process, e.g. pytester)."""
    if config.getoption(UPDATE_OPTION, default=False):
        from iaccore.testing import snapshot

        snapshot.set_update_mode(False)


@pytest.fixture
def iaccore_mocks() -> IaccoreMocks:
    """A fresh :class:`~iaccore.synth.mocks.IaccoreMocks` for the test."""
    from iaccore.synth.mocks import IaccoreMocks

    return IaccoreMocks()


@pytest.fixture
def iaccore_synth() -> SynthFixture:
    """Synthesize a program on the embedded engine: ``iaccore_synth(program, stack=...)``."""
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
