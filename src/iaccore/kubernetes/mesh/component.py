"""``ServiceMesh``: Istio ``base``, the CNI node agent and ``istiod`` as Helm releases, with
STRICT mTLS mesh-wide.

Chart versions come from ``iaccore.kubernetes.versions.CHART_VERSIONS``, overridden by the
stack's ``iaccore:kubernetes.charts``. Only a Kubernetes provider is needed (``opts``), so the
same component runs on EKS, AKS or any cluster.

Examples:
    >>> def program() -> None:
    ...     ServiceMesh("mesh", {"istiod_values": {"autoscaleMin": 2}})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi_kubernetes as k8s

from iaccore.core import context
from iaccore.kubernetes._base import KubernetesComponent
from iaccore.kubernetes._rules import standard_labels
from iaccore.kubernetes.config import KubernetesSection
from iaccore.kubernetes.mesh.config import (
    ServiceMeshConfig,
    base_values,
    cni_values,
    istiod_values,
)
from iaccore.kubernetes.namespace.component import MESH_INJECTION_LABEL
from iaccore.kubernetes.versions import ChartVersion, resolve_chart

__all__ = ["PEER_AUTHENTICATION_API", "ServiceMesh", "ServiceMeshConfig"]

#: API version of Istio's PeerAuthentication (v1 since Istio 1.22).
PEER_AUTHENTICATION_API = "security.istio.io/v1"
_COMPONENT = "service-mesh"


def _chart_overrides() -> dict[str, dict[str, str | None]]:
    """The stack's ``iaccore:kubernetes.charts`` overrides; none without the section."""
    stack = context.current().stack_config
    if "kubernetes" not in type(stack).section_names():
        return {}
    section = stack.section("kubernetes")
    return section.chart_overrides() if isinstance(section, KubernetesSection) else {}


class ServiceMesh(KubernetesComponent[ServiceMeshConfig]):
    """Istio's control plane with mesh-wide STRICT mTLS.

    Creates the control-plane namespace (Pod Security ``restricted``), the ``base`` chart
    (CRDs and cluster roles), the Istio CNI node agent (chart ``cni``) in a namespace of its own
    with Pod Security ``privileged``, the ``istiod`` chart once both exist, and a
    ``PeerAuthentication`` named ``default`` in the root namespace once istiod exists. Workload
    namespaces join the mesh with ``Namespace(..., {"mesh_injection": True})`` and stay
    ``restricted``: with the CNI agent, injected pods carry no ``istio-init`` container.

    Args:
        name: Logical name of the component.
        config: ``ServiceMeshConfig`` or a mapping.
        opts: Pulumi options; ``provider`` is the cluster's ``pulumi_kubernetes.Provider``.
        tags: Extra metadata tags, applied as sanitized labels.

    Attributes:
        namespace: The ``k8s.core.v1.Namespace`` of the control plane.
        namespace_name: Its name, once it exists (the releases depend on it).
        base: The ``k8s.helm.v3.Release`` of the ``base`` chart.
        cni_namespace: The CNI agent's ``k8s.core.v1.Namespace`` (None with ``cni.enabled: false``).
        cni: The ``k8s.helm.v3.Release`` of the ``cni`` chart (None with ``cni.enabled: false``).
        istiod: The ``k8s.helm.v3.Release`` of the ``istiod`` chart.
        peer_authentication: The mesh-wide ``PeerAuthentication`` custom resource.
        charts: The resolved chart pins, by chart key.

    Examples:
        >>> ServiceMesh.TYPE_TOKEN
        'iaccore:kubernetes:ServiceMesh'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:kubernetes:ServiceMesh"
    CONFIG_MODEL: ClassVar[type[ServiceMeshConfig]] = ServiceMeshConfig
    API_KINDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("v1", "Namespace"),
        ("security.istio.io/v1", "PeerAuthentication"),
    )
    ROLES: ClassVar[tuple[str, ...]] = (
        "namespace",
        "base",
        "cni_namespace",
        "cni",
        "istiod",
        "peer_authentication",
    )

    namespace: k8s.core.v1.Namespace
    namespace_name: pulumi.Output[str]
    base: k8s.helm.v3.Release
    cni_namespace: k8s.core.v1.Namespace | None = None
    cni: k8s.helm.v3.Release | None = None
    istiod: k8s.helm.v3.Release
    peer_authentication: k8s.apiextensions.CustomResource
    charts: dict[str, ChartVersion]

    def __init__(
        self,
        name: str,
        config: ServiceMeshConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(name, config, opts, tags=tags)

    def _prepare(self, config: ServiceMeshConfig) -> None:
        super()._prepare(config)
        # Resolved before anything registers: an unknown chart or an unsupported version
        # fails here and creates nothing.
        overrides = _chart_overrides()
        target = config.kubernetes_version or self.kubernetes_version
        self.charts = {
            key: resolve_chart(key, overrides, target)
            for key in ("istio-base", "istiod", "istio-cni")
            if key != "istio-cni" or config.cni.enabled
        }

    def _labels(self, role: str) -> dict[str, str]:
        return {**self.child_tags(role), **standard_labels(self.config.namespace, _COMPONENT)}

    def _release(
        self,
        role: str,
        key: str,
        values: dict[str, Any],
        depends_on: list[pulumi.Resource],
        namespace: pulumi.Input[str] | None = None,
    ) -> k8s.helm.v3.Release:
        chart = self.charts[key]
        return k8s.helm.v3.Release(
            self.child_name(role),
            name=key,
            chart=chart.chart,
            version=chart.version,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=chart.repository),
            namespace=namespace if namespace is not None else self.namespace_name,
            create_namespace=False,
            skip_await=False,
            atomic=True,
            cleanup_on_fail=True,
            timeout=self.config.timeout,
            values=values,
            opts=self.child_opts(role, depends_on=depends_on),
        )

    def _create(self) -> None:
        cfg = self.config
        labels = {
            **self._labels("namespace"),
            **cfg.pod_security.labels(),
            MESH_INJECTION_LABEL: "disabled",
        }
        self.namespace = k8s.core.v1.Namespace(
            self.child_name("namespace"),
            metadata=k8s.meta.v1.ObjectMetaArgs(name=cfg.namespace, labels=labels),
            opts=self.child_opts("namespace"),
        )
        self.namespace_name = self.namespace.metadata.apply(lambda m: m.name or cfg.namespace)
        self.base = self._release("base", "istio-base", base_values(cfg), [self.namespace])
        before_istiod: list[pulumi.Resource] = [self.base]
        if cfg.cni.enabled:
            self.cni_namespace, self.cni = self._create_cni()
            before_istiod.append(self.cni)
        self.istiod = self._release("istiod", "istiod", istiod_values(cfg), before_istiod)
        self.peer_authentication = k8s.apiextensions.CustomResource(
            self.child_name("peer_authentication"),
            api_version=PEER_AUTHENTICATION_API,
            kind="PeerAuthentication",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name="default",
                namespace=self.namespace_name,
                labels=self._labels("peer_authentication"),
            ),
            spec={"mtls": {"mode": cfg.mtls_mode}},
            opts=self.child_opts("peer_authentication", depends_on=[self.istiod]),
        )
        self.register(
            namespace_name=self.namespace_name,
            cni_enabled=cfg.cni.enabled,
            istiod_version=self.charts["istiod"].version,
        )

    def _create_cni(self) -> tuple[k8s.core.v1.Namespace, k8s.helm.v3.Release]:
        """The CNI agent's own namespace (Pod Security ``privileged``: the DaemonSet mounts host
        CNI directories and needs ``NET_ADMIN``) and its release, after ``base``."""
        cfg = self.config
        privileged = {
            f"pod-security.kubernetes.io/{mode}": "privileged"
            for mode in ("enforce", "audit", "warn")
        }
        namespace = k8s.core.v1.Namespace(
            self.child_name("cni_namespace"),
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=cfg.cni.namespace,
                labels={
                    **self._labels("cni_namespace"),
                    **privileged,
                    "pod-security.kubernetes.io/enforce-version": "latest",
                    MESH_INJECTION_LABEL: "disabled",
                },
            ),
            opts=self.child_opts("cni_namespace"),
        )
        name = namespace.metadata.apply(lambda m: m.name or cfg.cni.namespace)
        release = self._release(
            "cni", "istio-cni", cni_values(cfg), [self.base, namespace], namespace=name
        )
        return namespace, release
