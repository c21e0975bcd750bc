"""Pure subnet planning: split a VPC CIDR into tiers and availability zones (no Pulumi import).

Tiers are ``public`` (route to an internet gateway), ``private`` (egress through NAT) and
``isolated`` (no route out of the VPC). Each enabled tier gets one subnet per AZ.

Layout rules, so that a plan is deterministic and reviewable:

* Every subnet is aligned on its own size and lies inside the VPC CIDR.
* Tiers are allocated largest subnets first (ties in tier order ``public, private, isolated``),
  each tier as a contiguous block of ``az_slots`` subnets (default: one per AZ) in AZ order.
  With power-of-two sizes in descending order this packs without gaps. The placement is
  ``iaccore.core.cidr.allocate_blocks``, the allocator every
  subnet planner of the library shares.
* ``reserved`` ranges inside the VPC are kept free; the planner allocates around them.
* ``existing`` networks (peered VPCs, on-premises) must not overlap the VPC at all.
* The result lists subnets in tier order, then AZ order, whatever the allocation order.

Default prefix lengths are relative to the VPC prefix (``DEFAULT_PREFIX_OFFSETS``). For a
``/16``: private ``/20`` (4,096 addresses, room for EKS pod IPs), public and isolated ``/24``
(load balancers and NAT gateways; databases). This is the layout of the terraform-aws-eks
examples and fits six AZs in about 40 % of the VPC, leaving room to grow.

Examples:
    >>> plan = plan_subnets("10.0.0.0/16", ["eu-west-1a", "eu-west-1b"])
    >>> [(s.name_suffix, s.cidr) for s in plan.by_tier("private")]
    [('private-a', '10.0.0.0/20'), ('private-b', '10.0.16.0/20')]
    >>> plan.for_az("eu-west-1b")[0].cidr
    '10.0.33.0/24'
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from iaccore.aws.limits import RESERVED_IPS_PER_SUBNET, SUBNET_MAX_PREFIX
from iaccore.aws.network._cidr import (
    az_suffix,
    check_azs,
    join_path,
    parse_vpc_cidr,
    validate_az_count,
    vpc_cidr_warnings,
)
from iaccore.core.cidr import BlockAllocationError, allocate_blocks, parse_ipv4_networks
from iaccore.core.errors import ConfigurationError

__all__ = [
    "DEFAULT_PREFIX_OFFSETS",
    "TIER_ORDER",
    "PlannedSubnet",
    "SubnetPlan",
    "TierLike",
    "TierSpec",
    "az_suffix",
    "default_prefix_length",
    "parse_vpc_cidr",
    "plan_subnets",
    "validate_az_count",
    "vpc_cidr_warnings",
]

#: Tiers in their stable order.
TIER_ORDER: tuple[str, ...] = ("public", "private", "isolated")

#: Default subnet prefix length of each tier, as bits added to the VPC prefix (capped at /28).
DEFAULT_PREFIX_OFFSETS: Mapping[str, int] = {"public": 8, "private": 4, "isolated": 8}


class TierLike(Protocol):
    """Anything with ``enabled`` and ``prefix_length``, such as the VPC config's tier model."""

    @property
    def enabled(self) -> bool:
        """Whether the tier gets subnets."""

    @property
    def prefix_length(self) -> int | None:
        """Subnet prefix length; None for the default."""


@dataclass(frozen=True)
class TierSpec:
    """One tier's settings: enabled, and the subnet prefix length (None for the default).

    Examples:
        >>> TierSpec(prefix_length=22).enabled
        True
    """

    enabled: bool = True
    prefix_length: int | None = None


TierInput = int | None | TierSpec | TierLike


@dataclass(frozen=True)
class PlannedSubnet:
    """One planned subnet.

    Examples:
        >>> s = PlannedSubnet("public", "eu-west-1a", 0, "10.0.48.0/24", "public-a")
        >>> s.usable_ips
        251
    """

    tier: str
    az: str
    az_index: int
    cidr: str
    name_suffix: str

    @property
    def network(self) -> ipaddress.IPv4Network:
        """The CIDR as an ``ipaddress`` network."""
        return ipaddress.IPv4Network(self.cidr)

    @property
    def usable_ips(self) -> int:
        """Addresses left after the five AWS reserves in every subnet."""
        return self.network.num_addresses - RESERVED_IPS_PER_SUBNET


@dataclass(frozen=True)
class SubnetPlan:
    """The planned subnets of a VPC, in tier order then AZ order, with non-fatal warnings.

    Examples:
        >>> plan = plan_subnets("10.0.0.0/16", ["us-east-1a"], tiers={"private": 24})
        >>> plan.tiers, plan.by_tier("private")[0].cidr
        (('private',), '10.0.0.0/24')
    """

    vpc_cidr: str
    azs: tuple[str, ...]
    subnets: tuple[PlannedSubnet, ...]
    prefix_lengths: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def tiers(self) -> tuple[str, ...]:
        """Enabled tiers, in tier order."""
        return tuple(tier for tier, _ in self.prefix_lengths)

    def by_tier(self, tier: str) -> tuple[PlannedSubnet, ...]:
        """Subnets of ``tier``, in AZ order (empty when the tier is disabled)."""
        return tuple(s for s in self.subnets if s.tier == tier)

    def for_az(self, az: str) -> tuple[PlannedSubnet, ...]:
        """Subnets in ``az``, in tier order."""
        return tuple(s for s in self.subnets if s.az == az)

    def cidrs(self, tier: str) -> tuple[str, ...]:
        """CIDRs of ``tier``, in AZ order."""
        return tuple(s.cidr for s in self.by_tier(tier))


def default_prefix_length(tier: str, vpc_prefix: int) -> int:
    """Default subnet prefix of ``tier`` in a VPC of ``vpc_prefix`` (capped at ``/28``).

    Examples:
        >>> default_prefix_length("private", 16), default_prefix_length("public", 24)
        (20, 28)
    """
    return min(vpc_prefix + DEFAULT_PREFIX_OFFSETS[tier], SUBNET_MAX_PREFIX)


def _check_prefix(prefix: object, vpc_prefix: int, where: str) -> None:
    expected = f"an integer from {vpc_prefix} to {SUBNET_MAX_PREFIX}"
    if isinstance(prefix, bool) or not isinstance(prefix, int):
        raise ConfigurationError(
            f"prefix length must be an integer, got {prefix!r}", key_path=where, expected=expected
        )
    if prefix < vpc_prefix:
        raise ConfigurationError(
            f"subnet prefix /{prefix} is larger than the VPC (/{vpc_prefix})",
            key_path=where,
            expected=expected,
        )
    if prefix > SUBNET_MAX_PREFIX:
        raise ConfigurationError(
            f"subnet prefix /{prefix} is smaller than AWS allows (/{SUBNET_MAX_PREFIX})",
            key_path=where,
            expected=expected,
        )


def _tier_prefixes(
    tiers: Mapping[str, TierInput] | None, vpc_prefix: int, key_path: str
) -> list[tuple[str, int]]:
    specs: dict[str, TierInput] = (
        {tier: TierSpec() for tier in TIER_ORDER} if tiers is None else dict(tiers)
    )
    unknown = sorted(set(specs) - set(TIER_ORDER))
    if unknown:
        raise ConfigurationError(
            f"unknown subnet tier {unknown[0]!r}",
            key_path=join_path(key_path, "tiers", unknown[0]),
            expected="one of " + ", ".join(TIER_ORDER),
        )
    result: list[tuple[str, int]] = []
    for tier in TIER_ORDER:
        if tier not in specs:
            continue
        spec = specs[tier]
        prefix: object
        if spec is None or isinstance(spec, int):
            prefix = spec
        else:
            if not spec.enabled:
                continue
            prefix = spec.prefix_length
        if prefix is None:
            result.append((tier, default_prefix_length(tier, vpc_prefix)))
            continue
        _check_prefix(prefix, vpc_prefix, join_path(key_path, "tiers", tier, "prefix_length"))
        result.append((tier, prefix))
    if not result:
        raise ConfigurationError(
            "no subnet tier is enabled",
            key_path=join_path(key_path, "tiers"),
            expected="at least one of " + ", ".join(TIER_ORDER) + " enabled",
        )
    return result


def plan_subnets(
    vpc_cidr: str,
    azs: Sequence[str],
    *,
    tiers: Mapping[str, TierInput] | None = None,
    reserved: Sequence[str] = (),
    existing: Sequence[str] = (),
    az_slots: int | None = None,
    key_path: str = "aws.vpc",
) -> SubnetPlan:
    """Split ``vpc_cidr`` into one subnet per enabled tier and AZ.

    Args:
        vpc_cidr: The VPC's IPv4 CIDR (``/16`` to ``/28``, no host bits).
        azs: AZ names, in the order subnets are laid out.
        tiers: Tier name → prefix length (``int``), ``None`` (default size), or a
            ``TierSpec``/``TierLike`` (``enabled`` and ``prefix_length``). Tiers not
            listed are disabled. ``None`` (the default) enables all three at default sizes.
        reserved: Ranges inside the VPC to keep free (for later tiers or appliances).
        existing: Networks the VPC must not overlap (peered VPCs, on-premises ranges).
        az_slots: Subnets reserved per tier (at least ``len(azs)``); reserve e.g. 6 so that
            adding AZs later does not move existing subnets. Defaults to ``len(azs)``.
        key_path: Dotted config path of the VPC, used in error key paths.

    Returns:
        The plan, with a warning when the VPC CIDR is outside RFC 1918.

    Raises:
        ConfigurationError: for any invalid input or when the subnets do not fit.
    """
    network = parse_vpc_cidr(vpc_cidr, key_path=join_path(key_path, "cidr"))
    names = check_azs(azs, join_path(key_path, "azs"))
    prefixes = _tier_prefixes(tiers, network.prefixlen, key_path)
    slots = len(names) if az_slots is None else az_slots
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < len(names):
        raise ConfigurationError(
            f"az_slots ({az_slots!r}) must be at least the number of AZs ({len(names)})",
            key_path=join_path(key_path, "az_slots"),
            expected=f"an integer ≥ {len(names)}",
        )
    for index, other in enumerate(
        parse_ipv4_networks(existing, join_path(key_path, "existing_cidrs"))
    ):
        if network.overlaps(other):
            raise ConfigurationError(
                f"VPC CIDR {network} overlaps existing network {other} (existing_cidrs[{index}])",
                key_path=join_path(key_path, "cidr"),
                expected="a CIDR block that overlaps none of " + ", ".join(map(str, existing)),
            )
    blocked = sorted(
        (
            r
            for r in parse_ipv4_networks(reserved, join_path(key_path, "reserved_cidrs"))
            if r.overlaps(network)
        ),
        key=lambda r: int(r.network_address),
    )
    try:
        placed = allocate_blocks(network, prefixes, slots=slots, blocked=blocked)
    except BlockAllocationError:
        demand = ", ".join(f"{slots} x {t} /{p}" for t, p in prefixes)
        needed = sum(slots << (32 - p) for _, p in prefixes)
        raise ConfigurationError(
            f"VPC CIDR {network} is too small for the requested subnets: {demand} "
            f"need {needed} addresses, the VPC has {network.num_addresses}"
            + (" with reserved ranges kept free" if blocked else ""),
            key_path=join_path(key_path, "cidr"),
            expected="a larger VPC CIDR, longer tier prefix lengths or fewer AZs",
        ) from None
    subnets = tuple(
        PlannedSubnet(
            tier=tier,
            az=az,
            az_index=index,
            cidr=str(placed[(tier, index)]),
            name_suffix=f"{tier}-{az_suffix(az)}",
        )
        for tier, _ in prefixes
        for index, az in enumerate(names)
    )
    return SubnetPlan(
        vpc_cidr=str(network),
        azs=names,
        subnets=subnets,
        prefix_lengths=tuple(prefixes),
        warnings=vpc_cidr_warnings(network),
    )
