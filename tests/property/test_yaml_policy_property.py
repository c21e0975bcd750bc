"""Hypothesis over the YAML loader with adversarial structures: only ConfigurationError escapes.

Documents are built from aliases (chains, fan-outs, merge keys, recursion, undefined ones),
deep nesting (flow and block), long scalars, tags, duplicate keys, control characters and raw
bytes. Each goes through the file loader, the environment-value parser and the whole stack
validation; each either loads or raises :class:`ConfigurationError`, in bounded time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iaccore.core.config import ConfigurationError, validate_stack_file
from iaccore.core.config.positions import load_yaml_file, load_yaml_text
from iaccore.core.config.sources import parse_env_value
from iaccore.core.config.yamlpolicy import DEFAULT_LIMITS
from tests.core.config.conftest import MODULES

MAX_SECONDS = 2.0

WORDS = st.sampled_from(
    ["x", "lol", "'q'", '"d"', "1", "-2.5", "true", "null", "~", "''", "{}", "[]", "a b", "é"]
)
TAGS = st.sampled_from(
    ["", "", "", "!!str ", "!!int ", "!!map ", "!foo ", "!!python/object:os.system ", "! "]
)


@st.composite
def alias_bomb(draw: st.DrawFn) -> str:
    """``levels`` anchors, each a list (or merge) of ``fan`` aliases of the previous one."""
    levels = draw(st.integers(1, 12))
    fan = draw(st.integers(1, 12))
    merge = draw(st.booleans())
    lines = ["a0: &a0 {x: 1, y: [1, 2]}" if merge else "a0: &a0 [" + ", ".join(["l"] * fan) + "]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * fan)
        body = f"{{<<: [{aliases}]}}" if merge else f"[{aliases}]"
        lines.append(f"a{level}: &a{level} {body}")
    if draw(st.booleans()):
        lines.append(f"use: [*a{levels - 1}, *a{levels - 1}]")
    return "\n".join(lines) + "\n"


@st.composite
def deep(draw: st.DrawFn) -> str:
    """Flow or block nesting, up to several times the depth limit, possibly via an alias."""
    depth = draw(st.integers(1, 4 * DEFAULT_LIMITS.max_depth))
    kind = draw(st.sampled_from(["flow-list", "flow-map", "block", "alias"]))
    if kind == "flow-list":
        return "k: " + "[" * depth + "x" + "]" * depth + "\n"
    if kind == "flow-map":
        return "k: " + "{a: " * depth + "x" + "}" * depth + "\n"
    if kind == "block":
        return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "x\n"
    half = depth // 2 + 1
    return f"d: &d {'[' * half}x{']' * half}\ne: {'[' * half}*d{']' * half}\n"


@st.composite
def flow(draw: st.DrawFn) -> str:
    """Random flow collections with tags, anchors and (possibly undefined) aliases."""

    def node(level: int) -> str:
        tag = draw(TAGS)
        choice = draw(st.integers(0, 5 if level < 6 else 1))
        anchor = f"&n{draw(st.integers(0, 3))} " if draw(st.integers(0, 6)) == 0 else ""
        if choice == 0:
            return tag + anchor + draw(WORDS)
        if choice == 1:
            return f"*n{draw(st.integers(0, 4))}"
        if choice in (2, 3):
            items = [node(level + 1) for _ in range(draw(st.integers(0, 4)))]
            return tag + anchor + "[" + ", ".join(items) + "]"
        keys = draw(st.lists(st.sampled_from(["a", "b", "c", "<<", "secure"]), max_size=4))
        return tag + anchor + "{" + ", ".join(f"{k}: {node(level + 1)}" for k in keys) + "}"

    return "k: " + node(0) + "\n"


SIZES = st.sampled_from([10, 1_000, DEFAULT_LIMITS.max_scalar_length + 1, 200_000]).map(
    lambda n: "k: " + "x" * n + "\n"
)
NOISE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
) | st.sampled_from(["a: 1\na: 2\n", "a: [1, 2\n", "\t- x\n", "---\na: 1\n---\nb: 2\n", "a: \x00"])
DOCUMENTS = alias_bomb() | deep() | flow() | SIZES | NOISE


def indent(text: str, prefix: str) -> str:
    return "".join(prefix + line + "\n" for line in text.splitlines())


def bounded(func: Callable[[], object]) -> None:
    """Run ``func``: it returns or raises ConfigurationError (with a message), in bounded time."""
    start = time.perf_counter()
    error: ConfigurationError | None = None
    try:
        func()
    except ConfigurationError as err:
        error = err
    assert error is None or str(error).strip()
    assert time.perf_counter() - start < MAX_SECONDS


@settings(max_examples=300, deadline=None)
@given(document=DOCUMENTS)
def test_text_loader_raises_only_configuration_errors(document: str) -> None:
    """Any document either loads or raises ConfigurationError, in bounded time."""
    bounded(lambda: load_yaml_text(document, file="Pulumi.dev.yaml"))


@settings(max_examples=200, deadline=None)
@given(document=DOCUMENTS)
def test_env_value_parser_raises_only_configuration_errors(document: str) -> None:
    """An override value is parsed (or kept as text) or refused with ConfigurationError."""
    bounded(lambda: parse_env_value(document, source="IACCORE_DEMO__LABELS"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=DOCUMENTS, raw=st.binary(max_size=64), where=st.sampled_from(["demo", "file"]))
def test_stack_validation_raises_only_configuration_errors(
    tmp_path: Path, document: str, raw: bytes, where: str
) -> None:
    """A stack file (or raw bytes) holding the document validates or raises ConfigurationError."""
    (tmp_path / "Pulumi.yaml").write_text("name: fuzz\nruntime: python\n")
    stack = tmp_path / "Pulumi.dev.yaml"
    if where == "demo":
        stack.write_text("config:\n  iaccore:demo:\n" + indent(document, "    "), encoding="utf-8")
    else:
        stack.write_bytes(document.encode("utf-8", "surrogatepass") + raw)
    bounded(lambda: validate_stack_file(stack, environ={}, modules=MODULES))
    bounded(lambda: load_yaml_file(stack))


@pytest.mark.parametrize("levels", [9, 30])
def test_bombs_are_refused_quickly(levels: int) -> None:
    """Control: a real bomb is refused (the property above would pass on a loader that loads)."""
    bomb = "a0: &a0 [l, l, l, l, l, l, l, l, l, l]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, levels)
    )
    start = time.perf_counter()
    with pytest.raises(ConfigurationError, match="aliases included"):
        load_yaml_text(bomb)
    assert time.perf_counter() - start < 0.5
