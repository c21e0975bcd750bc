"""Check the ``requires`` specifier of a stack against the installed iaccore version.

Examples:
    >>> check_requires(">=0.1,<1", "0.1.0")
    >>> try:
    ...     check_requires(">=0.3,<0.4", "0.1.0")
    ... except ConfigurationError as err:
    ...     print(err.message)
    this project requires iaccore >=0.3,<0.4 but 0.1.0 is installed
"""

from __future__ import annotations

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from iaccore.core.errors import ConfigurationError

__all__ = ["check_requires"]


def check_requires(
    spec: str,
    installed: str,
    *,
    key_path: str = "requires",
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    layer: str | None = None,
) -> None:
    """Raise ``ConfigurationError`` if ``spec`` is invalid or ``installed`` does not match."""
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        raise ConfigurationError(
            f"invalid version specifier {spec!r}",
            key_path=key_path,
            layer=layer,
            file=file,
            line=line,
            column=column,
            expected="a PEP 440 specifier set such as '>=0.3,<0.4'",
        ) from None
    try:
        version = Version(installed)
    except InvalidVersion:
        raise ConfigurationError(
            f"installed iaccore version {installed!r} is not a PEP 440 version",
            key_path=key_path,
            layer=layer,
        ) from None
    if not specifier.contains(version, prereleases=True):
        raise ConfigurationError(
            f"this project requires iaccore {spec.strip()} but {installed} is installed",
            key_path=key_path,
            layer=layer,
            file=file,
            line=line,
            column=column,
            expected=f"iaccore {spec.strip()}",
            hint=f'pip install "iaccore{specifier}"',
        )
