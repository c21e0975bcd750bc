"""Test that bad input fails cleanly: the expected error, and nothing registered.

Examples:
    >>> from iaccore.core.errors import ConfigurationError
    >>> def build() -> None:
    ...     raise ConfigurationError("bad cidr", key_path="aws.vpc.cidr")
    >>> captured = capture_error(build)
    >>> captured.error.key_path, captured.registered_nothing
    ('aws.vpc.cidr', True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from iaccore.core.errors import ConfigurationError
from iaccore.synth.engine import synth
from iaccore.synth.graph import Graph

__all__ = ["CapturedError", "capture_error"]

ErrorT = TypeVar("ErrorT", bound=BaseException)


@dataclass(frozen=True)
class CapturedError(Generic[ErrorT]):
    """The error a program raised and the graph of what it registered before and after.

    Examples:
        >>> CapturedError(ValueError("x"), Graph([], outputs={})).registered_nothing
        True
    """

    error: ErrorT
    graph: Graph

    @property
    def registered_nothing(self) -> bool:
        """No custom resource and no component was registered (only the stack)."""
        return all(r.type == "pulumi:pulumi:Stack" for r in self.graph)


def capture_error(
    build: Callable[[], Any],
    *,
    error: type[ErrorT] = ConfigurationError,  # type: ignore[assignment]
    **synth_options: Any,
) -> CapturedError[ErrorT]:
    """Synthesize a program that calls ``build()``, expecting it to raise ``error``.

    The error is caught inside the program, so the rest of the synthesis completes and the
    returned graph shows exactly what was registered: for bad config, nothing.

    Args:
        build: Creates the component(s) under test.
        error: The exception type expected (``ConfigurationError`` by default).
        **synth_options: Passed to [`synth`][iaccore.synth.synth] (``config=``, ``project=`` ...).

    Raises:
        AssertionError: ``build()`` raised nothing.
    """
    caught: list[ErrorT] = []

    def program() -> None:
        try:
            build()
        except error as err:
            caught.append(err)

    graph = synth(program, **synth_options)
    if not caught:
        raise AssertionError(f"expected {error.__name__}, but nothing was raised")
    return CapturedError(caught[0], graph)
