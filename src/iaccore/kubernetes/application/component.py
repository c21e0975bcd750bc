"""``Application``: a Deployment with secure pod defaults, its Service, identity and config.

Examples:
    >>> def program() -> None:
    ...     Application("api", {
    ...         "image": "ghcr.io/acme/api:1.4.2", "port": 8080,
    ...         "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
    ...                       "limits": {"cpu": "1", "memory": "512Mi"}},
    ...         "probes": {"path": "/healthz"}}, namespace="apps")
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi_kubernetes as k8s

from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes._base import KubernetesComponent
from iaccore.kubernetes._rules import parse_quantity, require_dns_label, standard_labels
from iaccore.kubernetes.application._pod import PORT_NAME, PodRefs, pod_template
from iaccore.kubernetes.application.config import ApplicationConfig, IngressPeer
from iaccore.kubernetes.namespace.component import Namespace

__all__ = [
    "IRSA_ANNOTATION",
    "WORKLOAD_IDENTITY_ANNOTATION",
    "WORKLOAD_IDENTITY_LABEL",
    "Application",
    "ApplicationConfig",
]

#: ServiceAccount annotation of IAM roles for service accounts (EKS).
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"
#: ServiceAccount annotation of Microsoft Entra Workload ID (AKS).
WORKLOAD_IDENTITY_ANNOTATION = "azure.workload.identity/client-id"
#: Pod label the Azure workload identity webhook acts on: without it, no token is projected.
WORKLOAD_IDENTITY_LABEL = "azure.workload.identity/use"
_COMPONENT = "application"


class Application(KubernetesComponent[ApplicationConfig]):
    """A stateless application: Deployment, Service, ServiceAccount, NetworkPolicy and extras.

    Args:
        name: Logical name, and the objects' name unless ``config.name`` sets it.
        config: ``ApplicationConfig`` or a mapping.
        opts: Pulumi options; ``provider`` is the cluster's ``pulumi_kubernetes.Provider``.
        namespace: A [`Namespace`][iaccore.kubernetes.Namespace] component or a namespace name.
        identity: The cloud identity the pods sign in as, wired from the cluster component: an
            object with ``client_id`` (``aks.workload_identity(...)``: the ServiceAccount's
            ``azure.workload.identity/client-id`` annotation and the pods'
            ``azure.workload.identity/use`` label) or with ``arn`` (``eks.irsa_role(...)``: the
            ``eks.amazonaws.com/role-arn`` annotation). Instead of ``azure_client_id`` or
            ``iam_role_arn`` in config, for identities created in the same program.
        tags: Extra metadata tags, applied as sanitized labels.

    Attributes:
        deployment: The ``k8s.apps.v1.Deployment``.
        service: The ``k8s.core.v1.Service``.
        service_account: The ``k8s.core.v1.ServiceAccount``.

    Examples:
        >>> Application.TYPE_TOKEN
        'iaccore:kubernetes:Application'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:kubernetes:Application"
    CONFIG_MODEL: ClassVar[type[ApplicationConfig]] = ApplicationConfig
    API_KINDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("apps/v1", "Deployment"),
        ("v1", "Service"),
        ("v1", "ServiceAccount"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("networking.k8s.io/v1", "NetworkPolicy"),
        ("networking.k8s.io/v1", "Ingress"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("policy/v1", "PodDisruptionBudget"),
    )
    ROLES: ClassVar[tuple[str, ...]] = (
        "deployment",
        "service",
        "service_account",
        "config_map",
        "secret",
        "network_policy",
        "autoscaler",
        "disruption_budget",
        "ingress",
    )

    deployment: k8s.apps.v1.Deployment
    service: k8s.core.v1.Service
    service_account: k8s.core.v1.ServiceAccount
    service_name: pulumi.Output[str]
    namespace_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: ApplicationConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        namespace: Namespace | str,
        identity: Any = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self._namespace = namespace
        self._identity = identity
        super().__init__(name, config, opts, tags=tags)

    @property
    def object_name(self) -> str:
        """The name of the application's objects (``config.name`` or the component name)."""
        return self.config.name or self.name

    # -- checks --------------------------------------------------------------------------------

    def _key(self, field: str) -> str:
        return f"{self.key_path}.{field}"

    def _prepare(self, config: ApplicationConfig) -> None:
        super()._prepare(config)
        if config.name is None:
            require_dns_label(
                self.name,
                what="the application name",
                key_path=self._key("name"),
                hint="; set name to a valid one",
            )
        if isinstance(self._namespace, str):
            require_dns_label(self._namespace, what="namespace", key_path=self._key("namespace"))
        elif not isinstance(self._namespace, Namespace):
            raise ConfigurationError(
                "namespace must be a Namespace component or a namespace name",
                key_path=self._key("namespace"),
            )
        self._check_identity(config)
        requests, limits = config.resources.requests, config.resources.limits
        for key in ("cpu", "memory"):
            request, limit = getattr(requests, key), getattr(limits, key)
            if parse_quantity(limit) < parse_quantity(request):
                raise ConfigurationError(
                    f"limits.{key} {limit} is below requests.{key} {request}",
                    key_path=self._key(f"resources.limits.{key}"),
                    expected=f"at least {request}",
                )

    def _check_identity(self, config: ApplicationConfig) -> None:
        identity = self._identity
        if identity is None:
            return
        kind = (
            "azure" if hasattr(identity, "client_id") else "aws" if hasattr(identity, "arn") else ""
        )
        if not kind:
            raise ConfigurationError(
                f"identity {type(identity).__name__} has neither client_id nor arn",
                key_path=self._key("identity"),
                expected="aks.workload_identity(...) (client_id) or eks.irsa_role(...) (arn)",
            )
        given = config.azure_client_id if kind == "azure" else config.iam_role_arn
        if given is not None:
            field = "azure_client_id" if kind == "azure" else "iam_role_arn"
            raise ConfigurationError(
                f"{field} and identity= both name the pods' identity",
                key_path=self._key(field),
                expected="one of them",
            )

    @property
    def _azure_identity(self) -> bool:
        """Whether the pods sign in to Azure through workload identity."""
        return bool(self.config.azure_client_id) or hasattr(self._identity, "client_id")

    # -- children ------------------------------------------------------------------------------

    def _selector(self) -> dict[str, str]:
        labels = standard_labels(self.object_name, _COMPONENT)
        return {k: labels[k] for k in ("app.kubernetes.io/name", "app.kubernetes.io/instance")}

    def _labels(self, role: str) -> dict[str, str]:
        return {**self.child_tags(role), **standard_labels(self.object_name, _COMPONENT)}

    def _meta(
        self,
        role: str,
        suffix: str = "",
        annotations: Mapping[str, pulumi.Input[str]] | None = None,
    ) -> k8s.meta.v1.ObjectMetaArgs:
        return k8s.meta.v1.ObjectMetaArgs(
            name=f"{self.object_name}-{suffix}" if suffix else self.object_name,
            namespace=self.namespace_name,
            labels=self._labels(role),
            annotations=dict(annotations) if annotations else None,
        )

    def _create(self) -> None:
        cfg = self.config
        ns = self._namespace
        self.namespace_name = (
            ns.namespace_name if isinstance(ns, Namespace) else pulumi.Output.from_input(ns)
        )
        self.service_account = self._service_account()
        refs = PodRefs(
            service_account=self.object_name,
            env_config_map=self._config_map("env", dict(cfg.env)),
            files_config_map=self._config_map("files", dict(cfg.config_files)),
            secret=self._secret(),
        )
        selector = self._selector()
        self.deployment = k8s.apps.v1.Deployment(
            self.child_name("deployment"),
            metadata=self._meta("deployment"),
            spec=k8s.apps.v1.DeploymentSpecArgs(
                replicas=None if cfg.autoscaling else cfg.replicas,
                selector=k8s.meta.v1.LabelSelectorArgs(match_labels=selector),
                template=pod_template(cfg, self._pod_labels(), refs),
            ),
            opts=self.child_opts("deployment", depends_on=[self.service_account]),
        )
        self.service = k8s.core.v1.Service(
            self.child_name("service"),
            metadata=self._meta("service"),
            spec=k8s.core.v1.ServiceSpecArgs(
                type="ClusterIP",
                selector=selector,
                ports=[
                    k8s.core.v1.ServicePortArgs(
                        name=PORT_NAME,
                        port=cfg.service_port or cfg.port,
                        target_port=PORT_NAME,
                        protocol="TCP",
                    )
                ],
            ),
            opts=self.child_opts("service"),
        )
        self.service_name = self.service.metadata.apply(lambda m: m.name or self.object_name)
        self._network_policy(selector)
        self._autoscaler()
        self._disruption_budget(selector)
        self._ingress()
        self.register(namespace_name=self.namespace_name, service_name=self.service_name)

    def _pod_labels(self) -> dict[str, str]:
        labels = self._labels("deployment")
        if self._azure_identity:
            labels[WORKLOAD_IDENTITY_LABEL] = "true"
        return labels

    def _service_account(self) -> k8s.core.v1.ServiceAccount:
        cfg = self.config
        annotations: dict[str, pulumi.Input[str]] = {}
        if cfg.iam_role_arn:
            annotations[IRSA_ANNOTATION] = cfg.iam_role_arn
        if cfg.azure_client_id:
            annotations[WORKLOAD_IDENTITY_ANNOTATION] = cfg.azure_client_id
        identity = self._identity
        if hasattr(identity, "client_id"):
            annotations[WORKLOAD_IDENTITY_ANNOTATION] = identity.client_id
        elif hasattr(identity, "arn"):
            annotations[IRSA_ANNOTATION] = identity.arn
        return k8s.core.v1.ServiceAccount(
            self.child_name("service_account"),
            metadata=self._meta("service_account", annotations=annotations),
            automount_service_account_token=cfg.automount_service_account_token,
            opts=self.child_opts("service_account"),
        )

    def _config_map(self, suffix: str, data: dict[str, str]) -> str | None:
        if not data:
            return None
        k8s.core.v1.ConfigMap(
            self.child_name("config_map", suffix),
            metadata=self._meta("config_map", suffix),
            data=data,
            opts=self.child_opts("config_map"),
        )
        return f"{self.object_name}-{suffix}"

    def _secret(self) -> str | None:
        values = self.config.secret_env
        if not values:
            return None
        data = pulumi.Output.secret(
            {
                key: base64.b64encode(value.reveal().encode()).decode()
                for key, value in sorted(values.items())
            }
        )
        k8s.core.v1.Secret(
            self.child_name("secret"),
            metadata=self._meta("secret", "secret"),
            type="Opaque",
            data=data,
            opts=self.child_opts("secret", additional_secret_outputs=["data", "stringData"]),
        )
        return f"{self.object_name}-secret"

    def _network_policy(self, selector: Mapping[str, str]) -> None:
        peers = [_peer(p) for p in self.config.allow_from]
        rules = [
            k8s.networking.v1.NetworkPolicyIngressRuleArgs(
                from_=peers,
                ports=[
                    k8s.networking.v1.NetworkPolicyPortArgs(protocol="TCP", port=self.config.port)
                ],
            )
        ]
        k8s.networking.v1.NetworkPolicy(
            self.child_name("network_policy"),
            metadata=self._meta("network_policy"),
            spec=k8s.networking.v1.NetworkPolicySpecArgs(
                pod_selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(selector)),
                policy_types=["Ingress"],
                ingress=rules if peers else [],
            ),
            opts=self.child_opts("network_policy"),
        )

    def _autoscaler(self) -> None:
        scaling = self.config.autoscaling
        if scaling is None:
            return
        metrics = [
            k8s.autoscaling.v2.MetricSpecArgs(
                type="Resource",
                resource=k8s.autoscaling.v2.ResourceMetricSourceArgs(
                    name=resource,
                    target=k8s.autoscaling.v2.MetricTargetArgs(
                        type="Utilization", average_utilization=percent
                    ),
                ),
            )
            for resource, percent in (
                ("cpu", scaling.cpu_percent),
                ("memory", scaling.memory_percent),
            )
            if percent is not None
        ]
        k8s.autoscaling.v2.HorizontalPodAutoscaler(
            self.child_name("autoscaler"),
            metadata=self._meta("autoscaler"),
            spec=k8s.autoscaling.v2.HorizontalPodAutoscalerSpecArgs(
                scale_target_ref=k8s.autoscaling.v2.CrossVersionObjectReferenceArgs(
                    api_version="apps/v1", kind="Deployment", name=self.object_name
                ),
                min_replicas=scaling.min_replicas,
                max_replicas=scaling.max_replicas,
                metrics=metrics,
            ),
            opts=self.child_opts("autoscaler", depends_on=[self.deployment]),
        )

    def _disruption_budget(self, selector: Mapping[str, str]) -> None:
        budget = self.config.disruption_budget
        if budget is None:
            return
        k8s.policy.v1.PodDisruptionBudget(
            self.child_name("disruption_budget"),
            metadata=self._meta("disruption_budget"),
            spec=k8s.policy.v1.PodDisruptionBudgetSpecArgs(
                selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(selector)),
                min_available=budget.min_available,
                max_unavailable=budget.max_unavailable,
            ),
            opts=self.child_opts("disruption_budget"),
        )

    def _ingress(self) -> None:
        ing = self.config.ingress
        if ing is None:
            return
        backend = k8s.networking.v1.IngressBackendArgs(
            service=k8s.networking.v1.IngressServiceBackendArgs(
                name=self.object_name,
                port=k8s.networking.v1.ServiceBackendPortArgs(name=PORT_NAME),
            )
        )
        rule = k8s.networking.v1.IngressRuleArgs(
            host=ing.host,
            http=k8s.networking.v1.HTTPIngressRuleValueArgs(
                paths=[
                    k8s.networking.v1.HTTPIngressPathArgs(
                        path=ing.path, path_type="Prefix", backend=backend
                    )
                ]
            ),
        )
        tls = (
            [k8s.networking.v1.IngressTLSArgs(hosts=[ing.host], secret_name=ing.tls_secret_name)]
            if ing.tls_secret_name
            else None
        )
        k8s.networking.v1.Ingress(
            self.child_name("ingress"),
            metadata=self._meta("ingress", annotations=ing.annotations),
            spec=k8s.networking.v1.IngressSpecArgs(
                ingress_class_name=ing.class_name, rules=[rule], tls=tls
            ),
            opts=self.child_opts("ingress", depends_on=[self.service]),
        )


def _peer(peer: IngressPeer) -> k8s.networking.v1.NetworkPolicyPeerArgs:
    """A NetworkPolicy peer of an ``allow_from`` entry."""
    if peer.cidr is not None:
        return k8s.networking.v1.NetworkPolicyPeerArgs(
            ip_block=k8s.networking.v1.IPBlockArgs(cidr=peer.cidr)
        )
    ns_labels = peer.namespace_labels
    if peer.namespace is not None:
        ns_labels = {"kubernetes.io/metadata.name": peer.namespace}
    return k8s.networking.v1.NetworkPolicyPeerArgs(
        namespace_selector=k8s.meta.v1.LabelSelectorArgs(match_labels=ns_labels)
        if ns_labels is not None
        else None,
        pod_selector=k8s.meta.v1.LabelSelectorArgs(match_labels=peer.pod_labels)
        if peer.pod_labels is not None
        else None,
    )
