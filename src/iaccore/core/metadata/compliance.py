"""Compliance frameworks and controls turned into tags.

Examples:
    >>> from iaccore.core.config.models import ComplianceConfig
    >>> config = ComplianceConfig(frameworks=["soc2", "cis"], data_classification="internal")
    >>> compliance_tags(config)
    {'compliance:frameworks': 'cis+soc2', 'compliance:data-classification': 'internal'}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from iaccore.core.config.models import KNOWN_FRAMEWORKS, ComplianceConfig
from iaccore.core.errors import ConfigurationError

__all__ = [
    "CONTROLS_TAG",
    "DATA_CLASSIFICATION_TAG",
    "FRAMEWORKS_TAG",
    "LIST_SEPARATOR",
    "check_frameworks",
    "compliance_tags",
]

FRAMEWORKS_TAG = "compliance:frameworks"
CONTROLS_TAG = "compliance:controls"
DATA_CLASSIFICATION_TAG = "compliance:data-classification"
#: Joins list values in one tag; ``+`` is valid in the tag values of every first-party module.
LIST_SEPARATOR = "+"


def check_frameworks(frameworks: Iterable[str]) -> tuple[str, ...]:
    """Return the frameworks sorted and de-duplicated; unknown ones raise.

    Raises:
        ConfigurationError: A framework is not in ``KNOWN_FRAMEWORKS`` (key path
            ``compliance.frameworks``); the message lists the known ones.

    Examples:
        >>> check_frameworks(["soc2", "cis", "soc2"])
        ('cis', 'soc2')
    """
    names = tuple(sorted(set(frameworks)))
    unknown = [name for name in names if name not in KNOWN_FRAMEWORKS]
    if unknown:
        close = difflib.get_close_matches(unknown[0], KNOWN_FRAMEWORKS, n=1)
        listed = ", ".join(repr(name) for name in unknown)
        raise ConfigurationError(
            f"unknown compliance framework{'s' if len(unknown) > 1 else ''} {listed}",
            key_path="compliance.frameworks",
            expected=f"one of: {', '.join(KNOWN_FRAMEWORKS)}",
            hint=f"did you mean {close[0]!r}?" if close else None,
        )
    return names


def compliance_tags(config: ComplianceConfig) -> dict[str, str]:
    """Return the compliance tags of ``config``; empty settings give no tag.

    ``compliance:frameworks`` and ``compliance:controls`` are sorted, de-duplicated and joined
    with ``+``; ``compliance:data-classification`` is the classification.

    Raises:
        ConfigurationError: An unknown framework (see ``check_frameworks``).

    Examples:
        >>> compliance_tags(ComplianceConfig(controls=["soc2:CC6.1", "cis:1.1", "cis:1.1"]))
        {'compliance:controls': 'cis:1.1+soc2:CC6.1'}
    """
    tags: dict[str, str] = {}
    frameworks = check_frameworks(config.frameworks)
    if frameworks:
        tags[FRAMEWORKS_TAG] = LIST_SEPARATOR.join(frameworks)
    controls = sorted({control.strip() for control in config.controls if control.strip()})
    if controls:
        tags[CONTROLS_TAG] = LIST_SEPARATOR.join(controls)
    if config.data_classification is not None:
        tags[DATA_CLASSIFICATION_TAG] = config.data_classification
    return tags
