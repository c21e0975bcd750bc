"""Kubernetes provider module: Namespace, Application and ServiceMesh, clusters by name, label
rules, versions, and the kubeconfig builder shared with the cloud modules that create clusters.

Components (``from iaccore.kubernetes import Namespace, Application, ServiceMesh``) are imported
lazily, so importing this package imports no ``pulumi_kubernetes``; asking for a component without
the SDK raises [`iaccore.MissingExtraError`][iaccore.MissingExtraError] naming
``pip install "iaccore[kubernetes]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iaccore._lazy import lazy_attributes

if TYPE_CHECKING:
    from iaccore.kubernetes.application.component import Application
    from iaccore.kubernetes.mesh.component import ServiceMesh
    from iaccore.kubernetes.namespace.component import Namespace
    from iaccore.kubernetes.provider import cluster_opts, cluster_provider, cluster_version
    from iaccore.kubernetes.versions import check_api, check_version

__all__ = [
    "Application",
    "Namespace",
    "ServiceMesh",
    "check_api",
    "check_version",
    "cluster_opts",
    "cluster_provider",
    "cluster_version",
]

_LAZY: dict[str, str] = {
    "Application": "iaccore.kubernetes.application.component",
    "Namespace": "iaccore.kubernetes.namespace.component",
    "ServiceMesh": "iaccore.kubernetes.mesh.component",
    "check_api": "iaccore.kubernetes.versions",
    "check_version": "iaccore.kubernetes.versions",
    "cluster_opts": "iaccore.kubernetes.provider",
    "cluster_provider": "iaccore.kubernetes.provider",
    "cluster_version": "iaccore.kubernetes.provider",
}


def _require_sdk() -> None:
    from iaccore.kubernetes.module import MODULE

    MODULE.require_sdk()


__getattr__ = lazy_attributes(__name__, _LAZY, globals(), before_import=_require_sdk)


def __dir__() -> list[str]:
    return sorted(__all__)
