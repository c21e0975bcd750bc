"""The code blocks of docs/guides/extending.md run as written on the embedded engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "extending.md"
BLOCKS = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_guide_has_its_examples() -> None:
    """The component, helper, provider-module and mock-contributor examples are all there."""
    assert len(BLOCKS) == 4


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_block_runs(index: int) -> None:
    """Each block runs on its own, and its asserts about the synthesized graph hold."""
    code = compile(BLOCKS[index], f"{GUIDE.name}[block {index}]", "exec")
    exec(code, {"__name__": f"extending_guide_{index}"})
