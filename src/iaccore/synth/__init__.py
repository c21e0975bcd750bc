"""The embedded engine: synthesize programs on the Pulumi mock engine and render the result.

Examples:
    >>> import pulumi
    >>> synth(lambda: pulumi.export("x", 1)).outputs
    {'x': 1}
"""

from iaccore.synth.engine import SynthRun, synth, synth_run
from iaccore.synth.graph import Graph, Resource
from iaccore.synth.mocks import IaccoreMocks

__all__ = ["Graph", "IaccoreMocks", "Resource", "SynthRun", "synth", "synth_run"]
