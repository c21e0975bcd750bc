"""The iaccore exception hierarchy.

Every error iaccore raises on purpose derives from [`IaccoreError`][iaccore.IaccoreError] and
carries its structured fields (``details``) beside the human message, so tools can render or test
them.

Examples:
    >>> err = ConfigurationError("expected an integer", key_path="demo.network.zones",
    ...                          file="Pulumi.dev.yaml", line=12, column=5)
    >>> str(err)
    'Pulumi.dev.yaml:12:5: demo.network.zones: expected an integer'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "ConfigurationError",
    "DependencyError",
    "EngineVersionError",
    "IaccoreError",
    "MetadataError",
    "MissingExtraError",
    "ProgramError",
    "ProviderError",
]


class IaccoreError(Exception):
    """Base class of every error iaccore raises on purpose.

    Examples:
        >>> try:
        ...     raise IaccoreError("boom", component="vpc")
        ... except IaccoreError as err:
        ...     err.details["component"]
        'vpc'
    """

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message


class ConfigurationError(IaccoreError):
    """Invalid configuration: names the key path, the layer, the file position and the expectation.

    Args:
        message: What is wrong, in one sentence.
        key_path: Dotted path of the offending key, e.g. ``demo.network.cidr``.
        layer: Which config layer supplied the value (``defaults``, ``org``, ``project``,
            ``stack``, ``environment`` or ``code``).
        file: File the value came from, when it came from a file.
        line: 1-based line in ``file``.
        column: 1-based column in ``file``.
        expected: What would have been accepted.
        hint: A suggestion, such as a "did you mean" spelling.
        problems: Further errors found in the same pass (each a ``ConfigurationError``).

    Examples:
        >>> err = ConfigurationError("unknown key", key_path="demo.networkk", layer="stack",
        ...                          file="Pulumi.dev.yaml", line=3, column=3,
        ...                          hint="did you mean 'network'?")
        >>> print(err)
        Pulumi.dev.yaml:3:3: demo.networkk: unknown key; did you mean 'network'? [layer: stack]
    """

    def __init__(
        self,
        message: str,
        *,
        key_path: str | None = None,
        layer: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        expected: str | None = None,
        hint: str | None = None,
        problems: Sequence[ConfigurationError] = (),
    ) -> None:
        super().__init__(
            message,
            key_path=key_path,
            layer=layer,
            file=file,
            line=line,
            column=column,
            expected=expected,
            hint=hint,
        )
        self.key_path = key_path
        self.layer = layer
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected
        self.hint = hint
        self.problems: tuple[ConfigurationError, ...] = tuple(problems)

    @property
    def location(self) -> str | None:
        """``file:line:column`` (as much of it as is known), or None."""
        if self.file is None:
            return None
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def _one_line(self) -> str:
        text = self.message
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f"; {self.hint}"
        prefix = ""
        if self.location:
            prefix += f"{self.location}: "
        if self.key_path:
            prefix += f"{self.key_path}: "
        suffix = f" [layer: {self.layer}]" if self.layer else ""
        return prefix + text + suffix

    def _restates(self, problem: ConfigurationError) -> bool:
        """The problem is this error's own headline (the first problem, summarized above)."""
        return (
            problem.key_path == self.key_path
            and problem.line == self.line
            and self.message.startswith(problem.message)
        )

    def __str__(self) -> str:
        lines = [self._one_line()]
        lines.extend(f"  - {p._one_line()}" for p in self.problems if not self._restates(p))
        return "\n".join(lines)


class ProviderError(IaccoreError):
    """A provider could not be found, enabled or created.

    Examples:
        >>> raise ProviderError("no provider 'dr' for demo; known: default", cloud="demo",
        ...                     name="dr", known=["default"])
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ProviderError: no provider 'dr' for demo; known: default
    """


class DependencyError(IaccoreError):
    """Modules or components depend on each other in a cycle or on something missing.

    Examples:
        >>> err = DependencyError("dependency cycle: a -> b -> a", cycle=("a", "b", "a"))
        >>> " -> ".join(err.details["cycle"])
        'a -> b -> a'
    """


class MetadataError(IaccoreError):
    """Metadata (git, tags, compliance) could not be built as asked.

    Examples:
        >>> str(MetadataError("tag key is empty", key=""))
        'tag key is empty'
    """


class ProgramError(IaccoreError):
    """The user's Pulumi program failed while iaccore ran it (synth, check, testing).

    ``details`` carries ``file`` and ``line`` of the innermost frame in the user's program.

    Examples:
        >>> str(ProgramError("__main__.py:3: NameError: name 'x' is not defined",
        ...                  file="__main__.py", line=3))
        "__main__.py:3: NameError: name 'x' is not defined"
    """


class EngineVersionError(IaccoreError):
    """The installed Pulumi SDK lacks what the embedded engine calls.

    Examples:
        >>> str(EngineVersionError("iaccore's engine needs pulumi >= 3.256; 3.223.0 is installed"))
        "iaccore's engine needs pulumi >= 3.256; 3.223.0 is installed"
    """


class MissingExtraError(IaccoreError, ImportError):
    """A provider module was used without its optional dependencies installed.

    Examples:
        >>> str(MissingExtraError.for_extra("demo", "pulumi_demo"))
        'iaccore.demo needs the pulumi_demo SDK: pip install "iaccore[demo]"'
    """

    @classmethod
    def for_extra(cls, extra: str, sdk_module: str) -> MissingExtraError:
        """Build the error that names the ``pip install`` command fixing it."""
        return cls(
            f'iaccore.{extra} needs the {sdk_module} SDK: pip install "iaccore[{extra}]"',
            extra=extra,
            sdk_module=sdk_module,
        )
