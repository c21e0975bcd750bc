"""Fixtures for the synth tests: the sample program and its graph (synthesized once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaccore.synth import Graph, synth

PROGRAMS = Path(__file__).resolve().parents[1] / "fixtures" / "programs"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return PROGRAMS / "aws_k8s_sample"


@pytest.fixture(scope="session")
def sample_graph(sample_dir: Path) -> Graph:
    return synth(sample_dir, stack="dev")
