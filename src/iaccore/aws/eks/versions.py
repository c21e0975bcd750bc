"""Kubernetes versions Amazon EKS supports, with their support windows (pure, no Pulumi import).

Source: the Amazon EKS Kubernetes release calendar
(https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), cross-checked with
https://endoflife.date/amazon-eks, read February 2026. A minor version gets 14 months of standard
support from its EKS release, then 12 months of extended support (extra cost per cluster hour).

``SUPPORTED_VERSIONS`` is the set this release of iaccore accepts on EKS: the versions of the
shared table (``iaccore.kubernetes.versions.SUPPORTED_VERSIONS``, the one list of Kubernetes
versions iaccore targets) that are still in EKS standard or extended support on
``CALENDAR_REFERENCE_DATE`` (late 2026). 1.29 and 1.30 left extended support in March and July
2026 and are refused with that reason. Newer versions are added to the shared table and to
``RELEASE_CALENDAR`` in a minor release.

Examples:
    >>> validate_version("1.33")
    '1.33'
    >>> is_extended_support("1.32", on=date(2026, 6, 1))
    True

``support_warning`` is what [`EksCluster`][iaccore.aws.EksCluster] logs when the
configured version is in extended support (or past it) on the day of the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes import versions as kubernetes_versions

__all__ = [
    "CALENDAR_REFERENCE_DATE",
    "DEFAULT_VERSION",
    "RELEASE_CALENDAR",
    "SUPPORTED_VERSIONS",
    "SupportStatus",
    "VersionSupport",
    "compare_versions",
    "is_extended_support",
    "parse_version",
    "standard_versions",
    "support_status",
    "support_warning",
    "today",
    "validate_version",
]

SupportStatus = Literal["standard", "extended", "unsupported"]


@dataclass(frozen=True)
class VersionSupport:
    """Support window of one EKS Kubernetes minor version.

    Examples:
        >>> RELEASE_CALENDAR["1.34"].end_of_standard_support
        datetime.date(2026, 12, 2)
    """

    version: str
    released: date
    end_of_standard_support: date
    end_of_extended_support: date


def _entry(version: str, released: date, standard: date, extended: date) -> VersionSupport:
    return VersionSupport(version, released, standard, extended)


#: EKS release calendar (dates from the AWS calendar / endoflife.date, February 2026).
RELEASE_CALENDAR: dict[str, VersionSupport] = {
    v.version: v
    for v in (
        _entry("1.29", date(2024, 1, 23), date(2025, 3, 23), date(2026, 3, 23)),
        _entry("1.30", date(2024, 5, 23), date(2025, 7, 23), date(2026, 7, 23)),
        _entry("1.31", date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26)),
        _entry("1.32", date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23)),
        _entry("1.33", date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29)),
        _entry("1.34", date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2)),
        _entry("1.35", date(2026, 1, 27), date(2027, 3, 27), date(2028, 3, 27)),
    )
}

#: The date ``SUPPORTED_VERSIONS`` is computed for.
CALENDAR_REFERENCE_DATE = date(2026, 9, 1)

#: Versions accepted for new and existing clusters, oldest first: the shared table's versions
#: that EKS still supports.
SUPPORTED_VERSIONS: tuple[str, ...] = tuple(
    version
    for version in kubernetes_versions.SUPPORTED_VERSIONS
    if version in RELEASE_CALENDAR
    and RELEASE_CALENDAR[version].end_of_extended_support > CALENDAR_REFERENCE_DATE
)

#: Version used when the config names none: the newest, in standard support until March 2027.
DEFAULT_VERSION = "1.35"

_VERSION = re.compile(r"^v?(\d+)\.(\d+)$")


def parse_version(version: str) -> tuple[int, int]:
    """Parse ``"1.31"`` (or ``"v1.31"``) into ``(1, 31)``; raise ``ValueError`` otherwise.

    Examples:
        >>> parse_version("1.31")
        (1, 31)
    """
    match = _VERSION.match(str(version).strip())
    if match is None:
        raise ValueError(f"{version!r} is not a Kubernetes minor version such as '1.31'")
    return int(match.group(1)), int(match.group(2))


def compare_versions(left: str, right: str) -> int:
    """Return -1, 0 or 1 as ``left`` is older than, equal to or newer than ``right``.

    Examples:
        >>> compare_versions("1.9", "1.31")
        -1
    """
    a, b = parse_version(left), parse_version(right)
    return (a > b) - (a < b)


def _normalize(version: str) -> str:
    major, minor = parse_version(version)
    return f"{major}.{minor}"


def validate_version(version: str, key_path: str = "aws.eks.version") -> str:
    """Return the normalized version (``"1.31"``) or raise a ``ConfigurationError``.

    The message lists the supported versions; a version past its extended support says so.

    Examples:
        >>> try:
        ...     validate_version("1.30", key_path="aws.eks.clusters.main.version")
        ... except ConfigurationError as err:
        ...     print(err.message)
        Kubernetes 1.30 reached the end of EKS extended support on 2026-07-23
    """
    expected = "one of " + ", ".join(SUPPORTED_VERSIONS)
    try:
        normalized = _normalize(version)
    except ValueError as err:
        raise ConfigurationError(str(err), key_path=key_path, expected=expected) from None
    if normalized in SUPPORTED_VERSIONS:
        return normalized
    retired = RELEASE_CALENDAR.get(normalized)
    if retired is not None:
        message = (
            f"Kubernetes {normalized} reached the end of EKS extended support on "
            f"{retired.end_of_extended_support.isoformat()}"
        )
    elif compare_versions(normalized, SUPPORTED_VERSIONS[-1]) > 0:
        message = f"Kubernetes {normalized} is not yet supported by this release of iaccore"
    else:
        message = f"Kubernetes {normalized} is no longer supported by Amazon EKS"
    raise ConfigurationError(message, key_path=key_path, expected=expected)


def support_status(version: str, on: date | None = None) -> SupportStatus:
    """Support status of ``version`` on date ``on`` (today when None).

    Versions missing from the calendar are ``unsupported``.

    Examples:
        >>> support_status("1.31", on=date(2025, 1, 1))
        'standard'
    """
    entry = RELEASE_CALENDAR.get(_normalize(version))
    when = on or date.today()
    if entry is None or when >= entry.end_of_extended_support or when < entry.released:
        return "unsupported"
    if when < entry.end_of_standard_support:
        return "standard"
    return "extended"


def is_extended_support(version: str, on: date | None = None) -> bool:
    """Whether ``version`` is in (paid) extended support on date ``on`` (today when None).

    Examples:
        >>> is_extended_support("1.35", on=date(2026, 9, 1))
        False
    """
    return support_status(version, on) == "extended"


def today() -> date:
    """The date support checks use by default (a function, so tests can pin it).

    Examples:
        >>> today() >= CALENDAR_REFERENCE_DATE
        True
    """
    return date.today()


def standard_versions(on: date | None = None) -> tuple[str, ...]:
    """Versions of the calendar in standard support on date ``on`` (today when None), oldest first.

    Examples:
        >>> standard_versions(on=date(2026, 12, 1))
        ('1.34', '1.35')
    """
    when = on or today()
    return tuple(v for v in RELEASE_CALENDAR if support_status(v, when) == "standard")


def support_warning(version: str, on: date | None = None) -> str | None:
    """A warning when ``version`` is past standard support on date ``on`` (today when None).

    None while the version is in standard support (or not yet released, per the calendar).
    Extended support costs extra per cluster hour; past its end EKS refuses new clusters on the
    version and upgrades existing control planes on its own schedule.

    Examples:
        >>> print(support_warning("1.33", on=date(2026, 12, 1)))
        Kubernetes 1.33 is in EKS extended support since 2026-07-29 (extra cost per cluster hour) \
until 2027-07-29; upgrade to a version in standard support: 1.34, 1.35
        >>> support_warning("1.35", on=date(2026, 12, 1)) is None
        True
    """
    when = on or today()
    normalized = _normalize(version)
    entry = RELEASE_CALENDAR.get(normalized)
    if entry is None or when < entry.end_of_standard_support:
        return None
    newer = ", ".join(standard_versions(when)) or "none known to this release of iaccore"
    if when < entry.end_of_extended_support:
        return (
            f"Kubernetes {normalized} is in EKS extended support since "
            f"{entry.end_of_standard_support.isoformat()} (extra cost per cluster hour) until "
            f"{entry.end_of_extended_support.isoformat()}; upgrade to a version in standard "
            f"support: {newer}"
        )
    return (
        f"Kubernetes {normalized} reached the end of EKS extended support on "
        f"{entry.end_of_extended_support.isoformat()}: EKS creates no new cluster on it and "
        f"upgrades existing control planes itself; upgrade to a version in standard support: "
        f"{newer}"
    )
