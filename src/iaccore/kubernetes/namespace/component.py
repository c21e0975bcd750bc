"""``Namespace``: a namespace with Pod Security Admission labels, quota, limits and default deny.

Examples:
    >>> def program() -> None:
    ...     Namespace("apps", {"quota": {"cpu": "20", "memory": "64Gi"}})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi_kubernetes as k8s

from iaccore.kubernetes._base import KubernetesComponent
from iaccore.kubernetes._rules import require_dns_label, standard_labels
from iaccore.kubernetes.namespace.config import NamespaceConfig

__all__ = [
    "DNS_NAMESPACE",
    "DNS_POD_LABELS",
    "MESH_INJECTION_LABEL",
    "Namespace",
    "NamespaceConfig",
]

#: Namespace of the cluster DNS pods (kube-dns or CoreDNS).
DNS_NAMESPACE = "kube-system"
#: Labels of the cluster DNS pods; CoreDNS keeps ``k8s-app: kube-dns`` on EKS, AKS and kubeadm.
DNS_POD_LABELS: Mapping[str, str] = {"k8s-app": "kube-dns"}
#: Namespace label that makes Istio inject its sidecar into new pods (``mesh_injection``).
MESH_INJECTION_LABEL = "istio-injection"
_COMPONENT = "namespace"


class Namespace(KubernetesComponent[NamespaceConfig]):
    """A namespace that admits only ``restricted`` pods and denies traffic by default.

    Args:
        name: Logical name, and the namespace's name unless ``config.name`` sets it.
        config: ``NamespaceConfig`` or a mapping.
        opts: Pulumi options; ``provider`` is the cluster's ``pulumi_kubernetes.Provider``.
        tags: Extra metadata tags, applied as sanitized labels.

    Attributes:
        namespace: The ``k8s.core.v1.Namespace``.
        namespace_name: The namespace's name, once it exists (children depend on it).

    Examples:
        >>> def program() -> None:
        ...     ns = Namespace("apps", {"pod_security": {"enforce": "baseline"}})
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:kubernetes:Namespace"
    CONFIG_MODEL: ClassVar[type[NamespaceConfig]] = NamespaceConfig
    API_KINDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("v1", "Namespace"),
        ("v1", "ResourceQuota"),
        ("v1", "LimitRange"),
        ("networking.k8s.io/v1", "NetworkPolicy"),
    )
    ROLES: ClassVar[tuple[str, ...]] = (
        "namespace",
        "resource_quota",
        "limit_range",
        "network_policy",
    )

    namespace: k8s.core.v1.Namespace
    namespace_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: NamespaceConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(name, config, opts, tags=tags)

    @property
    def object_name(self) -> str:
        """The namespace's name as known before deployment (``config.name`` or the name)."""
        return self.config.name or self.name

    def _prepare(self, config: NamespaceConfig) -> None:
        super()._prepare(config)
        if config.name is None:
            require_dns_label(
                self.name,
                what="the namespace name",
                key_path=f"{self.key_path}.name",
                hint="; set name to a valid one",
            )

    def _labels(self, role: str) -> dict[str, str]:
        return {**self.child_tags(role), **standard_labels(self.object_name, _COMPONENT)}

    def _meta(self, role: str, object_name: str) -> k8s.meta.v1.ObjectMetaArgs:
        return k8s.meta.v1.ObjectMetaArgs(
            name=object_name, namespace=self.namespace_name, labels=self._labels(role)
        )

    def _create(self) -> None:
        cfg = self.config
        labels = {**self._labels("namespace"), **cfg.labels, **cfg.pod_security.labels()}
        if cfg.mesh_injection:
            labels[MESH_INJECTION_LABEL] = "enabled"
        self.namespace = k8s.core.v1.Namespace(
            self.child_name("namespace"),
            metadata=k8s.meta.v1.ObjectMetaArgs(name=self.object_name, labels=labels),
            opts=self.child_opts("namespace"),
        )
        self.namespace_name = self.namespace.metadata.apply(lambda m: m.name or self.object_name)
        self._quota()
        self._limit_range()
        self._network_policies()
        self.register(namespace_name=self.namespace_name)

    def _quota(self) -> None:
        hard = self.config.quota.hard() if self.config.quota else {}
        if not hard:
            return
        k8s.core.v1.ResourceQuota(
            self.child_name("resource_quota"),
            metadata=self._meta("resource_quota", "quota"),
            spec=k8s.core.v1.ResourceQuotaSpecArgs(hard=hard),
            opts=self.child_opts("resource_quota"),
        )

    def _limit_range(self) -> None:
        limits = self.config.limit_range
        if limits is None:
            return
        k8s.core.v1.LimitRange(
            self.child_name("limit_range"),
            metadata=self._meta("limit_range", "limits"),
            spec=k8s.core.v1.LimitRangeSpecArgs(
                limits=[
                    k8s.core.v1.LimitRangeItemArgs(
                        type="Container",
                        default=limits.default_limit.as_map() or None,
                        default_request=limits.default_request.as_map() or None,
                    )
                ]
            ),
            opts=self.child_opts("limit_range"),
        )

    def _network_policies(self) -> None:
        policy = self.config.network_policy
        every_pod = k8s.meta.v1.LabelSelectorArgs()
        if policy.default_deny:
            k8s.networking.v1.NetworkPolicy(
                self.child_name("network_policy", "default_deny"),
                metadata=self._meta("network_policy", "default-deny"),
                spec=k8s.networking.v1.NetworkPolicySpecArgs(
                    pod_selector=every_pod, policy_types=["Ingress", "Egress"]
                ),
                opts=self.child_opts("network_policy"),
            )
        if policy.allow_dns:
            dns = k8s.networking.v1.NetworkPolicyPeerArgs(
                namespace_selector=k8s.meta.v1.LabelSelectorArgs(
                    match_labels={"kubernetes.io/metadata.name": DNS_NAMESPACE}
                ),
                pod_selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(DNS_POD_LABELS)),
            )
            k8s.networking.v1.NetworkPolicy(
                self.child_name("network_policy", "allow_dns"),
                metadata=self._meta("network_policy", "allow-dns"),
                spec=k8s.networking.v1.NetworkPolicySpecArgs(
                    pod_selector=every_pod,
                    policy_types=["Egress"],
                    egress=[
                        k8s.networking.v1.NetworkPolicyEgressRuleArgs(
                            to=[dns],
                            ports=[
                                k8s.networking.v1.NetworkPolicyPortArgs(protocol=p, port=53)
                                for p in ("UDP", "TCP")
                            ],
                        )
                    ],
                ),
                opts=self.child_opts("network_policy"),
            )
