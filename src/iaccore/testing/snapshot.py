"""URN snapshot assertions for pytest.

[`assert_urns_match`][iaccore.testing.assert_urns_match] compares a graph with a snapshot file; run
pytest with ``--iaccore-update-snapshots`` (or set ``IACCORE_UPDATE_SNAPSHOTS=1``) to (re)write the
files instead. A missing snapshot file is written on first use and the test passes.

Examples:
    A test module of a user's project:

    ```python
    from pathlib import Path
    from iaccore.testing import assert_urns_match, synth

    def test_no_accidental_replacements():
        graph = synth("infra", stack="prod")
        assert_urns_match(graph, Path(__file__).parent / "snapshots" / "prod-urns.json")
    ```
"""

from __future__ import annotations

import os
from pathlib import Path

from iaccore.synth.graph import Graph
from iaccore.synth.snapshot import compare_snapshot, write_snapshot

__all__ = ["assert_urns_match", "set_update_mode", "update_mode"]

_state = {"update": False}


def set_update_mode(enabled: bool) -> None:
    """Make ``assert_urns_match`` rewrite snapshots (the plugin calls this)."""
    _state["update"] = enabled


def update_mode() -> bool:
    """Whether snapshots are being rewritten (pytest option or ``IACCORE_UPDATE_SNAPSHOTS``)."""
    return _state["update"] or os.environ.get("IACCORE_UPDATE_SNAPSHOTS", "") not in ("", "0")


def assert_urns_match(graph: Graph, path: str | Path, *, allow_new: bool = False) -> None:
    """Fail when a URN of the snapshot at ``path`` disappeared without an alias.

    New URNs fail too unless ``allow_new``: update the snapshot to accept them. Renames covered
    by an alias pass. A missing snapshot is written on a developer's machine, but fails under CI
    (``CI`` set in the environment): a snapshot nobody committed guards nothing.
    """
    target = Path(path)
    if not target.exists() and os.environ.get("CI") and not update_mode():
        raise AssertionError(
            f"{target}: no URN snapshot; create it with pytest --iaccore-update-snapshots "
            "and commit it"
        )
    if update_mode() or not target.exists():
        write_snapshot(graph, target)
        return
    diff = compare_snapshot(graph, target)
    if not diff.ok or (diff.added and not allow_new):
        raise AssertionError(
            f"{target}: URNs differ from the snapshot\n{diff.render()}\n"
            "If the change is intended, rerun pytest with --iaccore-update-snapshots."
        )
