"""Physical names of Azure resources, by one convention (pure logic, no Pulumi import).

Resource groups follow the Cloud Adoption Framework's ``rg-<workload>-<environment>-<instance>``:
``rg-<project>-<environment>-<component>`` for a component's own group, and
``rg-<project>-<environment>`` (plus ``-<provider>`` for a named provider) for the shared one.
Storage account names must be 3-24 lowercase letters and digits and unique across Azure: they are
``st`` + the project, environment and component squeezed to letters and digits, shortened, plus a
hash of the subscription, resource group and component so two stacks never collide.

Examples:
    >>> resource_group_name("payments", "dev", "core")
    'rg-payments-dev-core'
    >>> storage_account_name("payments", "dev", "logs", seed="sub/rg")
    'stpaymentsdevlogsd77642'
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "RESOURCE_GROUP_MAX_LENGTH",
    "STORAGE_NAME_MAX_LENGTH",
    "STORAGE_NAME_MIN_LENGTH",
    "resource_group_name",
    "shared_resource_group_name",
    "storage_account_name",
    "storage_name_error",
]

RESOURCE_GROUP_MAX_LENGTH = 90
STORAGE_NAME_MIN_LENGTH = 3
STORAGE_NAME_MAX_LENGTH = 24
_HASH_LENGTH = 6
_RG_CHAR = re.compile(r"[^-\w.()]+")
_STORAGE_NAME = re.compile(r"^[a-z0-9]{3,24}$")


def _digest(seed: str, length: int = _HASH_LENGTH) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


def _rg(parts: list[str]) -> str:
    # Lowercase first: lowercasing can itself produce characters the rule refuses ("İ" becomes
    # "i" plus a combining dot), which the substitution must then replace.
    name = _RG_CHAR.sub("-", "-".join(p for p in parts if p).lower()).strip("-.")
    if len(name) > RESOURCE_GROUP_MAX_LENGTH:
        name = f"{name[: RESOURCE_GROUP_MAX_LENGTH - _HASH_LENGTH - 1]}-{_digest(name)}"
    return name


def resource_group_name(project: str, environment: str, component: str) -> str:
    """The resource group of one component: ``rg-<project>-<environment>-<component>``.

    Examples:
        >>> resource_group_name("Payments", "prod", "main")
        'rg-payments-prod-main'
    """
    return _rg(["rg", project, environment, component])


def shared_resource_group_name(project: str, environment: str, provider: str = "default") -> str:
    """The stack's shared resource group: ``rg-<project>-<environment>`` (``-<provider>`` when
    not the default provider, so another location gets its own group).

    Examples:
        >>> shared_resource_group_name("payments", "dev")
        'rg-payments-dev'
        >>> shared_resource_group_name("payments", "dev", "dr")
        'rg-payments-dev-dr'
    """
    return _rg(["rg", project, environment, "" if provider == "default" else provider])


def storage_account_name(project: str, environment: str, component: str, *, seed: str) -> str:
    """A storage account name: ``st`` + squeezed parts (shortened) + a 6-character hash.

    ``seed`` (subscription and resource group) makes the name unique per place; the same inputs
    always give the same name.

    Examples:
        >>> name = storage_account_name("a-long-project", "production", "diagnostics", seed="x")
        >>> len(name), name.startswith("stalong")
        (24, True)
    """
    squeezed = re.sub(r"[^a-z0-9]", "", f"{project}{environment}{component}".lower())
    digest = _digest(f"{seed}/{project}/{environment}/{component}")
    room = STORAGE_NAME_MAX_LENGTH - len("st") - len(digest)
    return f"st{squeezed[:room]}{digest}"


def storage_name_error(name: str) -> str | None:
    """Why ``name`` breaks Azure's storage account rules, or None when it is valid.

    Examples:
        >>> storage_name_error("Logs_1")
        "storage account name 'Logs_1' must be 3 to 24 lowercase letters and digits"
    """
    if _STORAGE_NAME.match(name):
        return None
    return f"storage account name {name!r} must be 3 to 24 lowercase letters and digits"
