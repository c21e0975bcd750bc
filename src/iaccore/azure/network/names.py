"""Physical names of a ``SecureVnet``'s Azure resources (pure logic, no Pulumi import).

Cloud Adoption Framework abbreviations: ``vnet-``, ``nsg-``, ``ng-`` (NAT gateway), ``ippre-``
(public IP prefix), ``pip-`` (public IP address), ``ddos-``, followed by
``<project>-<environment>-<component>`` and, per subnet, the tier. Names keep the characters
Microsoft.Network allows (letters, digits, ``_``, ``.``, ``-``), start with a letter or digit,
end with a letter, digit or ``_``, and are shortened with a hash to the type's maximum length.

Examples:
    >>> network_name("nsg", "payments", "dev", "core", "private_endpoints")
    'nsg-payments-dev-core-private-endpoints'
"""

from __future__ import annotations

import hashlib
import re

from iaccore.azure.network.limits import VNET_NAME_MAX_LENGTH

__all__ = ["NETWORK_NAME_MAX_LENGTH", "network_name"]

#: Longest name of an NSG, NAT gateway, public IP (prefix) or DDoS plan.
NETWORK_NAME_MAX_LENGTH = 80
_MAX_LENGTH = {"vnet": VNET_NAME_MAX_LENGTH}
_BAD = re.compile(r"[^A-Za-z0-9_.-]+")
_HASH = 6


def network_name(kind: str, project: str, environment: str, component: str, *suffix: str) -> str:
    """``<kind>-<project>-<environment>-<component>[-<suffix>...]``, Azure-legal and short enough.

    Examples:
        >>> network_name("vnet", "payments", "dev", "core")
        'vnet-payments-dev-core'
        >>> len(network_name("vnet", "p" * 80, "dev", "core"))
        64
    """
    parts = [kind, project, environment, component, *suffix]
    name = _BAD.sub("-", "-".join(p.replace("_", "-") for p in parts if p)).lower()
    name = re.sub(r"-{2,}", "-", name).strip("-.")
    limit = _MAX_LENGTH.get(kind, NETWORK_NAME_MAX_LENGTH)
    if len(name) > limit:
        digest = hashlib.sha256(name.encode()).hexdigest()[:_HASH]
        name = f"{name[: limit - _HASH - 1].rstrip('-.')}-{digest}"
    return name
