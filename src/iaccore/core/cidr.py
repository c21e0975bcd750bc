"""Pure block placement inside IPv4 networks: the allocator behind every subnet planner.

``allocate_blocks`` places address blocks ("demands": a key and a prefix length, each wanted in
``slots`` copies) inside one network, or inside several networks in order, so that a plan is
deterministic and reviewable:

* Every block is aligned on its own size and lies inside a network.
* Demands are placed largest blocks first; demands of one size keep the order they were given
  in. Each demand gets its ``slots`` blocks one after the other. With power-of-two sizes in
  descending order this packs without gaps.
* ``blocked`` ranges are kept free; the allocator places blocks around them.
* With several networks, a block goes into the first network (in the order given) that still
  has room for it at its cursor; each network keeps its own cursor.

No Pulumi import and no knowledge of any provider: callers turn
``BlockAllocationError`` into their own configuration error.

Examples:
    >>> import ipaddress
    >>> placed = allocate_blocks(
    ...     ipaddress.IPv4Network("10.0.0.0/16"), [("small", 24), ("large", 20)], slots=2)
    >>> [(key, str(net)) for key, net in sorted(placed.items())]  # doctest: +NORMALIZE_WHITESPACE
    [(('large', 0), '10.0.0.0/20'), (('large', 1), '10.0.16.0/20'),
     (('small', 0), '10.0.32.0/24'), (('small', 1), '10.0.33.0/24')]
"""

from __future__ import annotations

import ipaddress
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from iaccore.core.errors import ConfigurationError

__all__ = [
    "BlockAllocationError",
    "allocate_blocks",
    "block_bounds",
    "overlapping_pairs",
    "parse_ipv4_network",
    "parse_ipv4_networks",
]

K = TypeVar("K", bound=Hashable)


class BlockAllocationError(ValueError):
    """The demanded blocks do not fit in the networks (with the blocked ranges kept free).

    Attributes:
        key: The demand whose block found no room.
        slot: Which of the demand's ``slots`` blocks it was (0-based).
        prefix: The block's prefix length.

    Examples:
        >>> BlockAllocationError("db", 0, 24).prefix
        24
    """

    def __init__(self, key: object, slot: int, prefix: int) -> None:
        super().__init__(f"no room for block {slot} of {key!r} (/{prefix})")
        self.key = key
        self.slot = slot
        self.prefix = prefix


def block_bounds(network: ipaddress.IPv4Network) -> tuple[int, int]:
    """``(first address, one past the last address)`` of ``network`` as integers.

    Examples:
        >>> block_bounds(ipaddress.IPv4Network("10.0.0.0/30"))
        (167772160, 167772164)
    """
    return int(network.network_address), int(network.broadcast_address) + 1


def allocate_blocks(
    network: ipaddress.IPv4Network | Sequence[ipaddress.IPv4Network],
    demands: Sequence[tuple[K, int]],
    *,
    slots: int = 1,
    blocked: Iterable[ipaddress.IPv4Network] = (),
) -> dict[tuple[K, int], ipaddress.IPv4Network]:
    """Place ``slots`` blocks of each ``(key, prefix length)`` demand inside ``network``.

    Args:
        network: The network to allocate from, or several, tried in order for each block.
        demands: ``(key, prefix length)`` pairs; keys are distinct. Prefix lengths are not
            checked against the network: a block larger than every network does not fit.
        slots: Blocks per demand (at least 1), consecutive in the result.
        blocked: Ranges no block may overlap (anywhere; ranges outside the networks are
            ignored).

    Returns:
        ``{(key, slot): block}`` for every demand and slot ``0 .. slots - 1``.

    Raises:
        BlockAllocationError: the first block that finds no room.
        ValueError: ``slots`` is below 1 or a key repeats.

    Examples:
        >>> net = ipaddress.IPv4Network("10.0.0.0/24")
        >>> low_half = ipaddress.IPv4Network("10.0.0.0/25")
        >>> placed = allocate_blocks(net, [("a", 26)], blocked=[low_half])
        >>> str(placed[("a", 0)])
        '10.0.0.128/26'
    """
    networks = (network,) if isinstance(network, ipaddress.IPv4Network) else tuple(network)
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < 1:
        raise ValueError(f"slots must be a positive integer, got {slots!r}")
    keys = [key for key, _ in demands]
    if len(set(keys)) != len(keys):
        raise ValueError("demand keys must be distinct")
    ranges = sorted(
        (block_bounds(b) for b in blocked if any(b.overlaps(n) for n in networks)),
        key=lambda bounds: bounds[0],
    )
    cursors = [block_bounds(n)[0] for n in networks]
    placed: dict[tuple[K, int], ipaddress.IPv4Network] = {}
    # A stable sort: demands of one size keep the caller's order.
    for key, prefix in sorted(demands, key=lambda demand: demand[1]):
        size = 1 << (32 - prefix)
        for slot in range(slots):
            for index, net in enumerate(networks):
                end = block_bounds(net)[1]
                candidate = -(-cursors[index] // size) * size
                for low, high in ranges:
                    if candidate < high and low < candidate + size:
                        candidate = -(-high // size) * size
                if candidate + size <= end:
                    placed[(key, slot)] = ipaddress.IPv4Network((candidate, prefix))
                    cursors[index] = candidate + size
                    break
            else:
                raise BlockAllocationError(key, slot, prefix)
    return placed


def overlapping_pairs(
    networks: Sequence[ipaddress.IPv4Network],
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of the ``networks`` that overlap each other.

    Examples:
        >>> nets = [ipaddress.IPv4Network(c) for c in ("10.0.0.0/16", "10.1.0.0/16", "10.0.5.0/24")]
        >>> overlapping_pairs(nets)
        [(0, 2)]
    """
    return [
        (i, j)
        for i in range(len(networks))
        for j in range(i + 1, len(networks))
        if networks[i].overlaps(networks[j])
    ]


def parse_ipv4_network(
    cidr: object,
    *,
    key_path: str,
    what: str,
    min_prefix: int,
    max_prefix: int,
    limits: str,
) -> ipaddress.IPv4Network:
    """Parse and check the CIDR of a network ``what`` (``"VPC"``, ``"address space"``): IPv4, no
    host bits, a prefix from ``min_prefix`` to ``max_prefix`` (``limits`` names whose).

    Raises:
        ConfigurationError: naming ``key_path`` and what would have been accepted.

    Examples:
        >>> parse_ipv4_network("10.0.0.0/16", key_path="net", what="VPC", min_prefix=16,
        ...                    max_prefix=28, limits="the provider")
        IPv4Network('10.0.0.0/16')
    """
    expected = f"an IPv4 network such as 10.0.0.0/16, prefix /{min_prefix} to /{max_prefix}"
    if not isinstance(cidr, str) or "/" not in cidr:
        raise ConfigurationError(
            f"{cidr!r} is not a CIDR block", key_path=key_path, expected=expected
        )
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        raise ConfigurationError(
            f"{cidr!r} is not a valid CIDR block", key_path=key_path, expected=expected
        ) from None
    if not isinstance(network, ipaddress.IPv4Network):
        raise ConfigurationError(
            f"{cidr!r} is an IPv6 network; the {what} needs an IPv4 CIDR block",
            key_path=key_path,
            expected=expected,
        )
    if str(network) != cidr.strip():
        raise ConfigurationError(
            f"{cidr!r} has host bits set; the network address is {network}",
            key_path=key_path,
            expected=str(network),
        )
    if not min_prefix <= network.prefixlen <= max_prefix:
        raise ConfigurationError(
            f"{what} prefix /{network.prefixlen} is outside the {limits} limits",
            key_path=key_path,
            expected=f"a prefix from /{min_prefix} to /{max_prefix}",
        )
    return network


def parse_ipv4_networks(cidrs: Iterable[str], key_path: str) -> list[ipaddress.IPv4Network]:
    """The IPv4 networks of ``cidrs`` (IPv6 entries are skipped), each without host bits.

    Raises:
        ConfigurationError: naming ``key_path[index]`` of the first entry that is not a CIDR.

    Examples:
        >>> parse_ipv4_networks(["10.0.0.0/8", "fd00::/8"], "reserved")
        [IPv4Network('10.0.0.0/8')]
    """
    networks: list[ipaddress.IPv4Network] = []
    for index, cidr in enumerate(cidrs):
        try:
            network = ipaddress.ip_network(str(cidr).strip(), strict=True)
        except ValueError:
            raise ConfigurationError(
                f"{cidr!r} is not a valid CIDR block without host bits",
                key_path=f"{key_path}[{index}]",
                expected="an IPv4 network such as 10.0.255.0/24",
            ) from None
        if isinstance(network, ipaddress.IPv4Network):
            networks.append(network)
    return networks
