"""iaccore's public test kit: synthesize programs offline and assert on the real resource graph.

The pytest plugin (fixtures ``iaccore_synth`` and ``iaccore_mocks``, option
``--iaccore-update-snapshots``) is loaded automatically once iaccore is installed. Names are
imported lazily, so loading the plugin does not import the Pulumi SDK.

Examples:
    >>> import pulumi
    >>> from iaccore.testing import synth
    >>> graph = synth(lambda: pulumi.export("env", "dev"))
    >>> graph.outputs["env"]
    'dev'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iaccore._lazy import lazy_attributes

if TYPE_CHECKING:
    from iaccore.synth.engine import synth, synth_run
    from iaccore.synth.graph import Graph, Resource
    from iaccore.synth.mocks import IaccoreMocks
    from iaccore.testing.assertions import (
        assert_all_encrypted,
        assert_no_privileged_pods,
        assert_no_public_ingress,
        assert_tagged,
        is_taggable,
    )
    from iaccore.testing.errors import CapturedError, capture_error
    from iaccore.testing.snapshot import assert_urns_match

__all__ = [
    "CapturedError",
    "Graph",
    "IaccoreMocks",
    "Resource",
    "assert_all_encrypted",
    "assert_no_privileged_pods",
    "assert_no_public_ingress",
    "assert_tagged",
    "assert_urns_match",
    "capture_error",
    "is_taggable",
    "synth",
    "synth_run",
]

_WHERE = {
    "synth": "iaccore.synth.engine",
    "synth_run": "iaccore.synth.engine",
    "Graph": "iaccore.synth.graph",
    "Resource": "iaccore.synth.graph",
    "IaccoreMocks": "iaccore.synth.mocks",
    "assert_all_encrypted": "iaccore.testing.assertions",
    "assert_no_privileged_pods": "iaccore.testing.assertions",
    "assert_no_public_ingress": "iaccore.testing.assertions",
    "assert_tagged": "iaccore.testing.assertions",
    "is_taggable": "iaccore.testing.assertions",
    "assert_urns_match": "iaccore.testing.snapshot",
    "CapturedError": "iaccore.testing.errors",
    "capture_error": "iaccore.testing.errors",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
