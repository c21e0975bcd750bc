"""Pure CIDR and AZ checks behind ``iaccore.aws.network.planning`` (no Pulumi import).

Examples:
    >>> str(parse_vpc_cidr("10.0.0.0/16"))
    '10.0.0.0/16'
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from iaccore.aws.limits import FORBIDDEN_VPC_RANGES, RFC1918_RANGES, VPC_MAX_PREFIX, VPC_MIN_PREFIX
from iaccore.core.cidr import parse_ipv4_network
from iaccore.core.errors import ConfigurationError

__all__ = [
    "az_suffix",
    "check_azs",
    "join_path",
    "parse_vpc_cidr",
    "validate_az_count",
    "vpc_cidr_warnings",
]

_FORBIDDEN = tuple(ipaddress.IPv4Network(cidr) for cidr in FORBIDDEN_VPC_RANGES)
_PRIVATE = tuple(ipaddress.IPv4Network(cidr) for cidr in RFC1918_RANGES)
_AZ_NAME = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+(?P<rest>.*)")


def join_path(base: str, *parts: str) -> str:
    return ".".join(part for part in (base, *parts) if part)


def parse_vpc_cidr(cidr: str, *, key_path: str = "aws.vpc.cidr") -> ipaddress.IPv4Network:
    """Parse and check a VPC CIDR: IPv4, no host bits, ``/16`` to ``/28``, not a forbidden range.

    Raises:
        ConfigurationError: naming ``key_path`` and what would have been accepted.
    """
    network = parse_ipv4_network(
        cidr,
        key_path=key_path,
        what="VPC",
        min_prefix=VPC_MIN_PREFIX,
        max_prefix=VPC_MAX_PREFIX,
        limits="AWS",
    )
    for forbidden in _FORBIDDEN:
        if network.overlaps(forbidden):
            raise ConfigurationError(
                f"{network} lies in {forbidden}, which AWS does not allow for a VPC",
                key_path=key_path,
                expected="a private range: " + ", ".join(RFC1918_RANGES),
            )
    return network


def vpc_cidr_warnings(network: ipaddress.IPv4Network) -> tuple[str, ...]:
    """Warnings (not errors) about a valid VPC CIDR, e.g. one outside RFC 1918."""
    if any(network.subnet_of(private) for private in _PRIVATE):
        return ()
    return (
        f"VPC CIDR {network} is outside the RFC 1918 private ranges "
        f"({', '.join(RFC1918_RANGES)}); it may clash with public addresses",
    )


def validate_az_count(
    requested: int, available: Sequence[str], key_path: str = "aws.vpc.azs"
) -> tuple[str, ...]:
    """Return the first ``requested`` of the ``available`` AZs; raise when there are too few.

    Examples:
        >>> validate_az_count(2, ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        ('eu-west-1a', 'eu-west-1b')
    """
    if isinstance(requested, bool) or not isinstance(requested, int) or requested < 1:
        raise ConfigurationError(
            f"AZ count must be a positive integer, got {requested!r}",
            key_path=key_path,
            expected=f"an integer from 1 to {len(available)}",
        )
    if requested > len(available):
        raise ConfigurationError(
            f"{requested} availability zones requested but the region has "
            f"{len(available)} ({', '.join(available) or 'none'})",
            key_path=key_path,
            expected=f"at most {len(available)}",
        )
    return tuple(available[:requested])


def az_suffix(az: str) -> str:
    """Short name of an AZ: ``eu-west-1a`` → ``a``, ``us-west-2-lax-1a`` → ``lax-1a``.

    Examples:
        >>> az_suffix("eu-west-1b"), az_suffix("us-west-2-lax-1a"), az_suffix("zone9")
        ('b', 'lax-1a', 'zone9')
    """
    match = _AZ_NAME.fullmatch(az)
    if match and match.group("rest").strip("-"):
        return match.group("rest").strip("-")
    return re.sub(r"[^a-z0-9-]+", "-", az.lower()).strip("-") or "az"


def check_azs(azs: Sequence[str], key_path: str) -> tuple[str, ...]:
    names = tuple(azs)
    if not names:
        raise ConfigurationError(
            "at least one availability zone is required",
            key_path=key_path,
            expected="a non-empty list of AZ names",
        )
    for index, az in enumerate(names):
        if not isinstance(az, str) or not az.strip():
            raise ConfigurationError(
                f"{az!r} is not an availability zone name",
                key_path=f"{key_path}[{index}]",
                expected="an AZ name such as eu-west-1a",
            )
    duplicates = sorted({az for az in names if names.count(az) > 1})
    if duplicates:
        raise ConfigurationError(
            f"availability zone {duplicates[0]!r} is listed more than once",
            key_path=key_path,
            expected="distinct AZ names",
        )
    suffixes = [az_suffix(az) for az in names]
    if len(set(suffixes)) != len(suffixes):
        raise ConfigurationError(
            "availability zones must have distinct short names: " + ", ".join(suffixes),
            key_path=key_path,
            expected="AZs of one region, such as eu-west-1a, eu-west-1b",
        )
    return names
