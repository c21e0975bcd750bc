"""Cross-section checks of ``iaccore:azure`` run by ``iaccore validate``: refuse at validate time
what the components would refuse (or Azure would break) later.

``AzureSection.check_in_stack`` runs these once the whole stack config is valid, so
``iaccore validate`` (and ``load_stack`` in a program) refuse, naming the key and its file and
line:

* address spaces: the address spaces of ``azure.vnet`` and of every ``azure.vnets.<name>`` must
  not overlap one another (overlapping VNets can never be peered or routed to each other).

Pure logic (no ``pulumi_azure_native`` import). Each check raises ``ValueError("azure.<key>:
...")``.

Examples:
    >>> from iaccore.azure.config import AzureSection
    >>> azure = AzureSection(vnet={"address_space": "10.0.0.0/16"},
    ...                      vnets={"hub": {"address_space": "10.0.128.0/20"}})
    >>> check_azure_stack(azure, None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: azure.vnets.hub.address_space: 10.0.128.0/20 overlaps 10.0.0.0/16 of azure.vnet; ...
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from iaccore.azure.network.planning import address_space_list

if TYPE_CHECKING:
    from iaccore.azure.config import AzureSection
    from iaccore.azure.network.config import VnetConfig

__all__ = ["check_azure_stack", "check_vnet_address_spaces"]


def check_vnet_address_spaces(section: AzureSection) -> None:
    """Refuse two configured VNets whose address spaces overlap.

    The key path is the later VNet's ``address_space`` (``azure.vnet`` first, then
    ``azure.vnets`` in order); the message names the list index when it is a list.
    """
    vnets: list[tuple[str, VnetConfig]] = (
        [("azure.vnet", section.vnet)] if section.vnet is not None else []
    )
    vnets += [(f"azure.vnets.{name}", vnet) for name, vnet in section.vnets.items()]
    seen: list[tuple[str, ipaddress.IPv4Network]] = []
    for where, vnet in vnets:
        single = isinstance(vnet.address_space, str)
        mine: list[tuple[str, ipaddress.IPv4Network]] = []
        for index, cidr in enumerate(address_space_list(vnet.address_space)):
            # The VnetConfig model has already checked each CIDR.
            network = ipaddress.IPv4Network(cidr)
            key = f"{where}.address_space"
            which = "" if single else f" (address_space[{index}])"
            for other_where, other in seen:
                if network.overlaps(other):
                    raise ValueError(
                        f"{key}: {network}{which} overlaps {other} of {other_where}; VNets with "
                        "overlapping address spaces cannot be peered or routed to each other "
                        "(expected address spaces that overlap no other configured VNet)"
                    )
            mine.append((where, network))
        seen.extend(mine)


def check_azure_stack(section: AzureSection, stack: Any) -> None:
    """Refuse, at validate time, what the Azure components would refuse later.

    Raises:
        ValueError: ``"azure.<key path>: <what is wrong>"`` for the first problem.
    """
    del stack
    check_vnet_address_spaces(section)
