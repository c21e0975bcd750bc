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

__all__ = ["AzureComponent"]

_LAZY: dict[str, str] = {
    "AzureComponent": "iaccore.azure._base",
}


def _require_sdk() -> None:
    from iaccore.azure.module import MODULE

    MODULE.require_sdk()


__getattr__ = lazy_attributes(__name__, _LAZY, globals(), before_import=_require_sdk)


def __dir__() -> list[str]:
    return sorted(__all__)
