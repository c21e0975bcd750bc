"""Pure subnet planning of an Azure virtual network: address spaces x tiers (no Pulumi import).

Azure subnets are regional (they span every availability zone), so a VNet gets one subnet per
enabled tier. The blocks are placed by ``iaccore.core.cidr.allocate_blocks``, the allocator the
AWS VPC planner uses too, with the same rules:

* Every subnet is aligned on its own size and lies inside an address space.
* Subnets are placed largest first (ties in tier order: ``aks, workload, private_endpoints,
  bastion``, then other tiers by name); with power-of-two sizes this packs without gaps.
  A VNet with several address spaces fills them in the order given.
* A subnet with an explicit ``address_prefix`` stays where it is; the planner allocates the
  others around it, and around the ``reserved`` ranges.
* The address spaces must not overlap one another nor any ``existing`` network (peered VNets,
  on-premises ranges).
* The result lists subnets in tier order, whatever the allocation order.

Default sizes (relative to the first address space's prefix, capped at ``/29``), for a ``/16``:

============================  ========  ==============================================
tier                          size      why
============================  ========  ==============================================
``aks``                       ``/20``   4,091 node IPs; with Azure CNI overlay pods take
                                        their IPs from the overlay, not the subnet
``workload``                  ``/22``   1,019 addresses for VMs and internal load balancers
``private_endpoints``         ``/24``   251 private endpoints
``bastion`` (off by default)  ``/26``   the size Azure Bastion requires (always ``/26``)
other tiers                   ``/24``   the VNet prefix + 8
============================  ========  ==============================================

This takes 20,736 of 65,536 addresses (32 %), leaving the rest of the ``/16`` for growth.

Examples:
    >>> plan = plan_vnet("10.30.0.0/16")
    >>> [(s.tier, s.cidr) for s in plan.subnets]
    [('aks', '10.30.0.0/20'), ('workload', '10.30.16.0/22'), ('private_endpoints', '10.30.20.0/24')]
    >>> plan.subnet("private_endpoints").name
    'snet-private-endpoints'
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from iaccore.azure.network.limits import (
    BASTION_SUBNET_MAX_PREFIX,
    BASTION_SUBNET_NAME,
    FORBIDDEN_RANGES,
    RESERVED_IPS_PER_SUBNET,
    RFC1918_RANGES,
    SHARED_ADDRESS_RANGE,
    SUBNET_MAX_PREFIX,
    VNET_MAX_PREFIX,
    VNET_MIN_PREFIX,
)
from iaccore.core.cidr import (
    BlockAllocationError,
    allocate_blocks,
    overlapping_pairs,
    parse_ipv4_network,
    parse_ipv4_networks,
)
from iaccore.core.errors import ConfigurationError

__all__ = [
    "BASTION_TIER",
    "DEFAULT_PREFIX_OFFSETS",
    "DEFAULT_TIERS",
    "OTHER_TIER_OFFSET",
    "TIER_ORDER",
    "TIER_PATTERN",
    "PlannedSubnet",
    "SubnetSpec",
    "VnetPlan",
    "address_space_list",
    "address_space_warnings",
    "default_prefix_length",
    "ordered_tiers",
    "parse_address_spaces",
    "plan_vnet",
    "subnet_name",
]

#: Well-known tiers, in their stable order; other tiers follow, sorted by name.
TIER_ORDER: tuple[str, ...] = ("aks", "workload", "private_endpoints", "bastion")
#: Tiers a VNet gets when its config names none (the bastion tier is off by default).
DEFAULT_TIERS: tuple[str, ...] = ("aks", "workload", "private_endpoints")
#: The tier of the Azure Bastion subnet (named ``AzureBastionSubnet``, at least ``/26``).
BASTION_TIER = "bastion"
#: Default subnet prefix of each tier, as bits added to the first address space's prefix.
DEFAULT_PREFIX_OFFSETS: Mapping[str, int] = {"aks": 4, "workload": 6, "private_endpoints": 8}
#: Offset of any tier not in ``DEFAULT_PREFIX_OFFSETS`` (bastion excepted).
OTHER_TIER_OFFSET = 8
#: A tier name: lower case, digits and ``_``, starting with a letter (a Python-style key).
TIER_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

_FORBIDDEN = tuple(ipaddress.IPv4Network(cidr) for cidr in FORBIDDEN_RANGES)
_PRIVATE = tuple(ipaddress.IPv4Network(cidr) for cidr in (*RFC1918_RANGES, SHARED_ADDRESS_RANGE))
_TIER = re.compile(TIER_PATTERN)


@dataclass(frozen=True)
class SubnetSpec:
    """One tier's planning input: its size, or its fixed prefix (None: the default size).

    Examples:
        >>> SubnetSpec(prefix_length=22).address_prefix is None
        True
    """

    prefix_length: int | None = None
    address_prefix: str | None = None


@dataclass(frozen=True)
class PlannedSubnet:
    """One planned subnet: its tier, Azure name and CIDR.

    Examples:
        >>> s = PlannedSubnet("workload", "snet-workload", "10.0.16.0/22")
        >>> s.usable_ips
        1019
    """

    tier: str
    name: str
    cidr: str

    @property
    def network(self) -> ipaddress.IPv4Network:
        """The CIDR as an ``ipaddress`` network."""
        return ipaddress.IPv4Network(self.cidr)

    @property
    def usable_ips(self) -> int:
        """Addresses left after the five Azure reserves in every subnet."""
        return self.network.num_addresses - RESERVED_IPS_PER_SUBNET


@dataclass(frozen=True)
class VnetPlan:
    """The planned subnets of a VNet, in tier order, with non-fatal warnings.

    Examples:
        >>> plan = plan_vnet(["10.1.0.0/24", "10.2.0.0/24"], {"workload": SubnetSpec(25)})
        >>> plan.address_space, plan.tiers, plan.cidrs()
        (('10.1.0.0/24', '10.2.0.0/24'), ('workload',), {'workload': '10.1.0.0/25'})
    """

    address_space: tuple[str, ...]
    subnets: tuple[PlannedSubnet, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def tiers(self) -> tuple[str, ...]:
        """Enabled tiers, in tier order."""
        return tuple(s.tier for s in self.subnets)

    def subnet(self, tier: str) -> PlannedSubnet:
        """The subnet of ``tier``.

        Raises:
            KeyError: the tier is not in the plan.
        """
        for planned in self.subnets:
            if planned.tier == tier:
                return planned
        raise KeyError(tier)

    def cidrs(self) -> dict[str, str]:
        """Tier → CIDR, in tier order."""
        return {s.tier: s.cidr for s in self.subnets}


def _join(base: str, *parts: str) -> str:
    return ".".join(part for part in (base, *parts) if part)


def subnet_name(tier: str) -> str:
    """The Azure name of a tier's subnet: ``snet-<tier>`` (CAF), ``AzureBastionSubnet`` for the
    bastion tier (Azure Bastion requires that exact name).

    Examples:
        >>> subnet_name("private_endpoints"), subnet_name("bastion")
        ('snet-private-endpoints', 'AzureBastionSubnet')
    """
    if tier == BASTION_TIER:
        return BASTION_SUBNET_NAME
    return "snet-" + tier.replace("_", "-")


def ordered_tiers(tiers: Sequence[str] | Mapping[str, object]) -> tuple[str, ...]:
    """``tiers`` in the stable tier order: the well-known ones first, then the others by name.

    Examples:
        >>> ordered_tiers(["db", "private_endpoints", "aks"])
        ('aks', 'private_endpoints', 'db')
    """
    names = list(tiers)
    known = [tier for tier in TIER_ORDER if tier in names]
    return (*known, *sorted(tier for tier in names if tier not in TIER_ORDER))


def default_prefix_length(tier: str, space_prefix: int) -> int:
    """Default subnet prefix of ``tier`` in an address space of ``space_prefix`` (at most /29;
    bastion always ``/26``).

    Examples:
        >>> default_prefix_length("aks", 16), default_prefix_length("workload", 26)
        (20, 29)
        >>> default_prefix_length("bastion", 16)
        26
    """
    if tier == BASTION_TIER:
        return BASTION_SUBNET_MAX_PREFIX
    offset = DEFAULT_PREFIX_OFFSETS.get(tier, OTHER_TIER_OFFSET)
    return min(space_prefix + offset, SUBNET_MAX_PREFIX)


def address_space_list(address_space: str | Sequence[str]) -> tuple[str, ...]:
    """The address space as a tuple of CIDR strings (a single string is one space).

    Examples:
        >>> address_space_list("10.0.0.0/16")
        ('10.0.0.0/16',)
    """
    if isinstance(address_space, str):
        return (address_space,)
    return tuple(address_space)


def _parse_cidr(
    cidr: object, key_path: str, *, what: str, min_prefix: int, max_prefix: int
) -> ipaddress.IPv4Network:
    return parse_ipv4_network(
        cidr,
        key_path=key_path,
        what=what,
        min_prefix=min_prefix,
        max_prefix=max_prefix,
        limits="Azure",
    )


def parse_address_spaces(
    address_space: str | Sequence[str], *, key_path: str = "azure.vnet"
) -> tuple[ipaddress.IPv4Network, ...]:
    """Parse and check a VNet's address space(s): IPv4, no host bits, ``/8`` to ``/29``, not a
    range Azure refuses, and no two spaces overlapping.

    Raises:
        ConfigurationError: naming ``<key_path>.address_space`` (``[i]`` for a list).

    Examples:
        >>> parse_address_spaces(["10.0.0.0/16", "10.0.128.0/24"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: azure.vnet.address_space[1]: ...
    """
    single = isinstance(address_space, str)
    spaces = address_space_list(address_space)
    base = _join(key_path, "address_space")
    if not spaces:
        raise ConfigurationError(
            "the VNet has no address space", key_path=base, expected="at least one CIDR block"
        )

    def where(index: int) -> str:
        return base if single else f"{base}[{index}]"

    networks: list[ipaddress.IPv4Network] = []
    for index, cidr in enumerate(spaces):
        network = _parse_cidr(
            cidr,
            where(index),
            what="address space",
            min_prefix=VNET_MIN_PREFIX,
            max_prefix=VNET_MAX_PREFIX,
        )
        for forbidden in _FORBIDDEN:
            if network.overlaps(forbidden):
                raise ConfigurationError(
                    f"{network} overlaps {forbidden}, which Azure does not allow in a VNet",
                    key_path=where(index),
                    expected="a private range: " + ", ".join(RFC1918_RANGES),
                )
        networks.append(network)
    for first, second in overlapping_pairs(networks):
        raise ConfigurationError(
            f"address space {networks[second]} overlaps {networks[first]} "
            f"(address_space[{first}]) of the same VNet",
            key_path=where(second),
            expected="address spaces that do not overlap each other",
        )
    return tuple(networks)


def address_space_warnings(networks: Sequence[ipaddress.IPv4Network]) -> tuple[str, ...]:
    """Warnings (not errors) about valid address spaces outside the private ranges.

    Examples:
        >>> address_space_warnings([ipaddress.IPv4Network("10.0.0.0/16")])
        ()
    """
    private = ", ".join((*RFC1918_RANGES, SHARED_ADDRESS_RANGE))
    return tuple(
        f"address space {network} is outside the private ranges ({private}); it may clash "
        "with public addresses"
        for network in networks
        if not any(network.subnet_of(p) for p in _PRIVATE)
    )


def _check_prefix(tier: str, prefix: object, largest: int, where: str) -> int:
    smallest = BASTION_SUBNET_MAX_PREFIX if tier == BASTION_TIER else SUBNET_MAX_PREFIX
    expected = f"an integer from {largest} to {smallest}"
    if isinstance(prefix, bool) or not isinstance(prefix, int):
        raise ConfigurationError(
            f"prefix length must be an integer, got {prefix!r}", key_path=where, expected=expected
        )
    if prefix < largest:
        raise ConfigurationError(
            f"subnet prefix /{prefix} is larger than every address space (largest /{largest})",
            key_path=where,
            expected=expected,
        )
    if prefix > smallest:
        reason = (
            "Azure Bastion needs a /26 or larger subnet"
            if tier == BASTION_TIER
            else f"Azure's smallest subnet is /{SUBNET_MAX_PREFIX}"
        )
        raise ConfigurationError(
            f"subnet prefix /{prefix} is too small: {reason}", key_path=where, expected=expected
        )
    return prefix


def _check_tier(tier: object, key_path: str) -> str:
    if not isinstance(tier, str) or not _TIER.match(tier):
        raise ConfigurationError(
            f"{tier!r} is not a tier name",
            key_path=_join(key_path, "subnets", str(tier)),
            expected="lower-case letters, digits and _, starting with a letter (at most 40)",
        )
    return tier


def plan_vnet(
    address_space: str | Sequence[str],
    subnets: Mapping[str, SubnetSpec | int | None] | None = None,
    *,
    reserved: Sequence[str] = (),
    existing: Sequence[str] = (),
    key_path: str = "azure.vnet",
) -> VnetPlan:
    """Plan one subnet per tier of ``subnets`` inside ``address_space``.

    Args:
        address_space: The VNet's IPv4 address space: one CIDR or a list (filled in order).
        subnets: Tier → ``SubnetSpec``, a prefix length, or None (default size). Tiers not
            listed get no subnet. None (the default) plans ``aks``, ``workload`` and
            ``private_endpoints`` at their default sizes.
        reserved: Ranges inside the address space to keep free.
        existing: Networks the address space must not overlap (peered VNets, on-premises).
        key_path: Dotted config path of the VNet, used in error key paths.

    Returns:
        The plan, with a warning for each address space outside the private ranges.

    Raises:
        ConfigurationError: overlapping address spaces, a space overlapping ``existing``, a
            fixed subnet outside the space or overlapping another, or subnets that do not fit.
    """
    networks = parse_address_spaces(address_space, key_path=key_path)
    space_path = _join(key_path, "address_space")
    single = isinstance(address_space, str)
    for index, other in enumerate(parse_ipv4_networks(existing, _join(key_path, "existing_cidrs"))):
        for position, network in enumerate(networks):
            if network.overlaps(other):
                raise ConfigurationError(
                    f"address space {network} overlaps existing network {other} "
                    f"(existing_cidrs[{index}])",
                    key_path=space_path if single else f"{space_path}[{position}]",
                    expected="an address space that overlaps none of "
                    + ", ".join(map(str, existing)),
                )
    specs = _specs(subnets, key_path)
    if not specs:
        raise ConfigurationError(
            "the VNet has no subnet tier enabled",
            key_path=_join(key_path, "subnets"),
            expected="at least one tier, such as " + ", ".join(DEFAULT_TIERS),
        )
    blocked = parse_ipv4_networks(reserved, _join(key_path, "reserved_cidrs"))
    fixed = _fixed_subnets(specs, networks, blocked, key_path)
    largest = min(n.prefixlen for n in networks)
    demands: list[tuple[str, int]] = []
    for tier, spec in specs.items():
        if tier in fixed:
            continue
        where = _join(key_path, "subnets", tier, "prefix_length")
        if spec.prefix_length is None:
            demands.append((tier, default_prefix_length(tier, networks[0].prefixlen)))
        else:
            demands.append((tier, _check_prefix(tier, spec.prefix_length, largest, where)))
    try:
        placed = allocate_blocks(networks, demands, blocked=[*blocked, *fixed.values()])
    except BlockAllocationError:
        wanted = ", ".join(f"{tier} /{prefix}" for tier, prefix in demands)
        needed = sum(1 << (32 - prefix) for _, prefix in demands)
        total = sum(n.num_addresses for n in networks)
        raise ConfigurationError(
            f"address space {', '.join(map(str, networks))} is too small for the subnets: "
            f"{wanted} need {needed} addresses, the VNet has {total}"
            + (" with reserved ranges and fixed subnets kept free" if blocked or fixed else ""),
            key_path=space_path,
            expected="a larger address space, longer prefix lengths or fewer tiers",
        ) from None
    cidrs = {**fixed, **{tier: block for (tier, _), block in placed.items()}}
    return VnetPlan(
        address_space=tuple(str(n) for n in networks),
        subnets=tuple(
            PlannedSubnet(tier=tier, name=subnet_name(tier), cidr=str(cidrs[tier]))
            for tier in specs
        ),
        warnings=address_space_warnings(networks),
    )


def _specs(
    subnets: Mapping[str, SubnetSpec | int | None] | None, key_path: str
) -> dict[str, SubnetSpec]:
    """The tiers as ``SubnetSpec`` in tier order (the default tiers when ``subnets`` is None)."""
    raw: Mapping[str, SubnetSpec | int | None] = (
        dict.fromkeys(DEFAULT_TIERS) if subnets is None else subnets
    )
    specs: dict[str, SubnetSpec] = {}
    for tier in ordered_tiers([_check_tier(t, key_path) for t in raw]):
        spec = raw[tier]
        if spec is None:
            specs[tier] = SubnetSpec()
        elif isinstance(spec, int) and not isinstance(spec, bool):
            specs[tier] = SubnetSpec(prefix_length=spec)
        elif isinstance(spec, SubnetSpec):
            specs[tier] = spec
        else:
            raise ConfigurationError(
                f"tier {tier!r} has an invalid spec {spec!r}",
                key_path=_join(key_path, "subnets", tier),
                expected="a prefix length, a SubnetSpec or None",
            )
    return specs


def _fixed_subnets(
    specs: Mapping[str, SubnetSpec],
    networks: Sequence[ipaddress.IPv4Network],
    blocked: Sequence[ipaddress.IPv4Network],
    key_path: str,
) -> dict[str, ipaddress.IPv4Network]:
    """The subnets with an explicit ``address_prefix``, checked: inside a space, no overlaps."""
    fixed: dict[str, ipaddress.IPv4Network] = {}
    spaces = ", ".join(map(str, networks))
    for tier, spec in specs.items():
        if spec.address_prefix is None:
            continue
        where = _join(key_path, "subnets", tier, "address_prefix")
        smallest = BASTION_SUBNET_MAX_PREFIX if tier == BASTION_TIER else SUBNET_MAX_PREFIX
        subnet = _parse_cidr(
            spec.address_prefix,
            where,
            what="subnet",
            min_prefix=VNET_MIN_PREFIX,
            max_prefix=smallest,
        )
        if spec.prefix_length is not None and spec.prefix_length != subnet.prefixlen:
            raise ConfigurationError(
                f"prefix_length /{spec.prefix_length} contradicts address_prefix {subnet}",
                key_path=where,
                expected="address_prefix alone, or a matching prefix_length",
            )
        if not any(subnet.subnet_of(network) for network in networks):
            raise ConfigurationError(
                f"subnet {subnet} is outside the VNet's address space ({spaces})",
                key_path=where,
                expected=f"a CIDR block inside {spaces}",
            )
        for other_tier, other in fixed.items():
            if subnet.overlaps(other):
                raise ConfigurationError(
                    f"subnet {subnet} overlaps subnet {other} of tier {other_tier!r}",
                    key_path=where,
                    expected="subnets that do not overlap each other",
                )
        for index, block in enumerate(blocked):
            if subnet.overlaps(block):
                raise ConfigurationError(
                    f"subnet {subnet} overlaps reserved range {block} (reserved_cidrs[{index}])",
                    key_path=where,
                    expected="a CIDR block outside the reserved ranges",
                )
        fixed[tier] = subnet
    return fixed
