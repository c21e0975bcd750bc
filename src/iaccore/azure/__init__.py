"""Azure components: ``from iaccore.azure import SecureVnet, AksCluster``.

Components are imported lazily so that reading Azure config (``iaccore.azure.config``) never
imports the ``pulumi_azure_native`` SDK. Asking for a component without the SDK installed raises
[`iaccore.MissingExtraError`][iaccore.MissingExtraError] naming ``pip install "iaccore[azure]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iaccore._lazy import lazy_attributes

if TYPE_CHECKING:
    from iaccore.azure._base import AzureComponent
    from iaccore.azure.aks.cluster import AksCluster
    from iaccore.azure.compute.vm import LinuxVirtualMachine
    from iaccore.azure.network.vnet import SecureVnet
    from iaccore.azure.rbac.assignment import RoleAssignment, assign_role
    from iaccore.azure.storage.account import SecureStorageAccount

__all__ = [
    "AksCluster",
    "AzureComponent",
    "LinuxVirtualMachine",
    "RoleAssignment",
    "SecureStorageAccount",
    "SecureVnet",
    "assign_role",
]

_LAZY: dict[str, str] = {
    "AksCluster": "iaccore.azure.aks.cluster",
    "AzureComponent": "iaccore.azure._base",
    "LinuxVirtualMachine": "iaccore.azure.compute.vm",
    "RoleAssignment": "iaccore.azure.rbac.assignment",
    "SecureStorageAccount": "iaccore.azure.storage.account",
    "SecureVnet": "iaccore.azure.network.vnet",
    "assign_role": "iaccore.azure.rbac.assignment",
}


def _require_sdk() -> None:
    from iaccore.azure.module import MODULE

    MODULE.require_sdk()


__getattr__ = lazy_attributes(__name__, _LAZY, globals(), before_import=_require_sdk)


def __dir__() -> list[str]:
    return sorted(__all__)
