"""Many syntheses in one process do not leak resources, outputs or config into each other."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.synth import Graph, synth
from iaccore.synth.render import render_json


@pytest.mark.slow
def test_fifty_syntheses_stay_identical(sample_dir: Path, sample_graph: Graph) -> None:
    expected_counts = sample_graph.counts_by_type()
    expected_json = render_json(sample_graph)
    for index in range(50):
        graph = synth(sample_dir, stack="dev")
        assert len(graph) == len(sample_graph), index
        assert graph.counts_by_type() == expected_counts, index
        assert graph.outputs == sample_graph.outputs, index
    assert render_json(graph) == expected_json


def test_callables_and_directories_interleave(sample_dir: Path, sample_graph: Graph) -> None:
    def small() -> None:
        aws.s3.Bucket("only")
        pulumi.export("n", 1)

    for _ in range(3):
        one = synth(small, config={"aws:region": "us-west-2"})
        assert [r.type for r in one.custom_resources()] == ["aws:s3/bucket:Bucket"]
        assert one.outputs == {"n": 1}
        assert len(synth(sample_dir)) == len(sample_graph)
