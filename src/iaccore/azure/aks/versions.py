"""Kubernetes versions Azure Kubernetes Service supports (pure, no Pulumi import).

A subset of the shared table
[`SUPPORTED_VERSIONS`][iaccore.kubernetes.versions.SUPPORTED_VERSIONS]: the AKS minor versions in
(standard, community) support on ``CALENDAR_REFERENCE_DATE``, from the AKS Kubernetes release
calendar (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions), at month
granularity (the calendar gives months), with the same reference date as EKS's calendar. AKS
supports a minor version for about 12 months after its AKS GA; long-term support (two more
years) needs the Premium tier and ``support_plan: AKSLongTermSupport``, which this release of
iaccore does not offer. Newer versions are added in a minor release.

Examples:
    >>> check_aks_version("v1.35", key_path="azure.aks.clusters.main.version")
    '1.35'
    >>> set(AKS_SUPPORTED_VERSIONS) <= set(SUPPORTED_VERSIONS)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.versions import SUPPORTED_VERSIONS, check_version, normalize_version

__all__ = [
    "AKS_CALENDAR",
    "AKS_SUPPORTED_VERSIONS",
    "CALENDAR_REFERENCE_DATE",
    "DEFAULT_VERSION",
    "AksVersion",
    "check_aks_version",
    "support_warning",
    "today",
]


@dataclass(frozen=True)
class AksVersion:
    """AKS support window of one Kubernetes minor version (first of the month).

    Examples:
        >>> AKS_CALENDAR["1.34"].end_of_life
        datetime.date(2026, 11, 1)
    """

    version: str
    ga: date
    end_of_life: date


#: AKS release calendar: GA and end of (standard) support, by minor version.
AKS_CALENDAR: dict[str, AksVersion] = {
    v.version: v
    for v in (
        AksVersion("1.29", date(2024, 3, 1), date(2025, 3, 1)),
        AksVersion("1.30", date(2024, 7, 1), date(2025, 7, 1)),
        AksVersion("1.31", date(2024, 11, 1), date(2025, 11, 1)),
        AksVersion("1.32", date(2025, 4, 1), date(2026, 4, 1)),
        AksVersion("1.33", date(2025, 6, 1), date(2026, 6, 1)),
        AksVersion("1.34", date(2025, 11, 1), date(2026, 11, 1)),
        AksVersion("1.35", date(2026, 3, 1), date(2027, 3, 1)),
    )
}

#: The date ``AKS_SUPPORTED_VERSIONS`` is computed for.
CALENDAR_REFERENCE_DATE = date(2026, 9, 1)

#: Versions AksCluster accepts, oldest first: in AKS support on the reference date and in the
#: shared Kubernetes table.
AKS_SUPPORTED_VERSIONS: tuple[str, ...] = tuple(
    v.version
    for v in AKS_CALENDAR.values()
    if v.end_of_life > CALENDAR_REFERENCE_DATE and v.version in SUPPORTED_VERSIONS
)

#: Version used when the config names none: the newest, in AKS support until March 2027.
DEFAULT_VERSION = "1.35"


def check_aks_version(version: str, key_path: str) -> str:
    """Return the normalized minor version (``"1.33"``) or raise a ``ConfigurationError``.

    A patch version (``1.33.2``) is refused: the cluster tracks a minor version and its patches
    come from the ``patch`` auto-upgrade channel.

    Examples:
        >>> try:
        ...     check_aks_version("1.33", key_path="azure.aks.clusters.main.version")
        ... except ConfigurationError as err:
        ...     print(err.message)
        Kubernetes 1.33 reached its AKS end of life on 2026-06-01
    """
    expected = "one of " + ", ".join(AKS_SUPPORTED_VERSIONS)
    if str(version).strip().lstrip("v").count(".") > 1:
        raise ConfigurationError(
            f"{version!r} is a patch version; give the minor version (such as "
            f"{normalize_version(version) if _parses(version) else '1.33'})",
            key_path=key_path,
            expected=expected,
        )
    normalized = check_version(version, key_path=key_path)
    if normalized in AKS_SUPPORTED_VERSIONS:
        return normalized
    entry = AKS_CALENDAR.get(normalized)
    if entry is not None and entry.end_of_life <= CALENDAR_REFERENCE_DATE:
        ended = entry.end_of_life.isoformat()
        message = f"Kubernetes {normalized} reached its AKS end of life on {ended}"
    else:
        message = f"Kubernetes {normalized} is not supported on AKS by this release of iaccore"
    raise ConfigurationError(message, key_path=key_path, expected=expected)


def _parses(version: str) -> bool:
    try:
        normalize_version(version)
    except ValueError:
        return False
    return True


def support_warning(version: str, on: date) -> str | None:
    """A warning when ``version`` is past, or within 60 days of, its AKS end of life on ``on``.

    Examples:
        >>> support_warning("1.35", on=date(2026, 9, 1)) is None
        True
        >>> print(support_warning("1.34", on=date(2026, 10, 1)))
        Kubernetes 1.34 leaves AKS support on 2026-11-01; raise `version` to 1.35
    """
    entry = AKS_CALENDAR.get(normalize_version(version))
    if entry is None or (entry.end_of_life - on).days > 60:
        return None
    newer = [v for v in AKS_SUPPORTED_VERSIONS if AKS_CALENDAR[v].end_of_life > entry.end_of_life]
    target = " or ".join(newer) if newer else "a newer version"
    verb = "left" if on >= entry.end_of_life else "leaves"
    return (
        f"Kubernetes {entry.version} {verb} AKS support on {entry.end_of_life.isoformat()}; "
        f"raise `version` to {target}"
    )


def today() -> date:
    """The date the support warning is computed for (a function, so tests can pin it).

    Examples:
        >>> today() >= date(2026, 1, 1)
        True
    """
    return date.today()
