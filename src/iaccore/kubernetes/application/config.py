"""``ApplicationConfig``: image, port, resources, probes, config, secrets, scaling and exposure.

Pure config (no Pulumi import). Required: ``image`` (pinned by tag or digest), ``port``,
``resources`` (requests and limits) and ``probes`` (a path, or an explicit waiver).

Examples:
    >>> cfg = ApplicationConfig.model_validate({
    ...     "image": "ghcr.io/acme/api:1.4.2", "port": 8080,
    ...     "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
    ...                   "limits": {"cpu": "1", "memory": "512Mi"}},
    ...     "probes": {"path": "/healthz"}})
    >>> cfg.replicas, cfg.automount_service_account_token
    (2, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from iaccore.core.config.base import ComponentConfig, IaccoreModel, Secret
from iaccore.kubernetes._rules import (
    DnsLabel,
    image_problem,
    quantity_problem,
)

__all__ = [
    "ApplicationConfig",
    "AutoscalingConfig",
    "DisruptionBudgetConfig",
    "IngressConfig",
    "IngressPeer",
    "ProbesConfig",
    "ResourceValues",
    "ResourcesConfig",
]

# Kubernetes: environment variable names and ConfigMap/Secret keys ([-._a-zA-Z0-9]+).
_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_ENV = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")


def _check_keys(values: Mapping[str, object], pattern: re.Pattern[str], what: str) -> None:
    for key in values:
        if not pattern.match(key):
            raise ValueError(f"{key!r} is not a valid {what} ({pattern.pattern})")


class ResourceValues(IaccoreModel):
    """CPU and memory of the container, both required.

    Examples:
        >>> ResourceValues(cpu="250m", memory="256Mi").as_map()
        {'cpu': '250m', 'memory': '256Mi'}
    """

    cpu: str = Field(description="CPU, as a Kubernetes quantity (`250m`, `1`).")
    memory: str = Field(description="Memory, as a Kubernetes quantity (`256Mi`).")

    @field_validator("cpu", "memory")
    @classmethod
    def _quantity(cls, value: str) -> str:
        problem = quantity_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def as_map(self) -> dict[str, str]:
        """The values as a Kubernetes resource map."""
        return {"cpu": self.cpu, "memory": self.memory}


class ResourcesConfig(IaccoreModel):
    """Requests and limits of the container; limits may not be below requests.

    Examples:
        >>> ResourcesConfig(requests={"cpu": "1", "memory": "1Gi"},
        ...                 limits={"cpu": "2", "memory": "1Gi"}).limits.cpu
        '2'
    """

    requests: ResourceValues = Field(description="What the scheduler reserves for the container.")
    limits: ResourceValues = Field(description="What the container may use at most.")


class ProbesConfig(IaccoreModel):
    """Liveness and readiness probes (HTTP GET on the app port), or a waiver with its reason.

    Examples:
        >>> ProbesConfig(path="/healthz").readiness
        '/healthz'
        >>> ProbesConfig(waived="batch worker, no HTTP server").path is None
        True
    """

    path: str | None = Field(
        None, description="HTTP path of the liveness probe (and readiness, unless set)."
    )
    readiness_path: str | None = Field(
        None, description="HTTP path of the readiness probe; `path` when unset."
    )
    initial_delay_seconds: int = Field(5, ge=0, description="Seconds before the first probe.")
    period_seconds: int = Field(10, ge=1, description="Seconds between probes.")
    failure_threshold: int = Field(3, ge=1, description="Failures before the probe fails.")
    waived: str | None = Field(
        None, description="Reason to run without probes; set instead of `path`."
    )

    @model_validator(mode="after")
    def _path_or_waiver(self) -> ProbesConfig:
        if self.waived is not None:
            if not self.waived.strip():
                raise ValueError("waived needs the reason the probes are omitted")
            if self.path or self.readiness_path:
                raise ValueError("give either probe paths or waived, not both")
        elif not self.path:
            raise ValueError("set path (HTTP probe path) or waived: '<reason>'")
        for value in (self.path, self.readiness_path):
            if value is not None and not value.startswith("/"):
                raise ValueError(f"probe path {value!r} must start with '/'")
        return self

    @property
    def readiness(self) -> str | None:
        """The readiness probe's path."""
        return self.readiness_path or self.path


class AutoscalingConfig(IaccoreModel):
    """A HorizontalPodAutoscaler (autoscaling/v2) on CPU and/or memory utilization.

    Examples:
        >>> AutoscalingConfig.model_validate({"min": 3, "max": 10, "cpu_percent": 70}).max_replicas
        10
    """

    min_replicas: int = Field(2, ge=1, alias="min", description="Fewest replicas.")
    max_replicas: int = Field(alias="max", ge=1, description="Most replicas.")
    cpu_percent: int | None = Field(
        None, ge=1, le=100, description="Target average CPU utilization, percent of requests."
    )
    memory_percent: int | None = Field(
        None, ge=1, le=100, description="Target average memory utilization, percent of requests."
    )

    @model_validator(mode="after")
    def _check(self) -> AutoscalingConfig:
        if self.min_replicas > self.max_replicas:
            raise ValueError(f"min ({self.min_replicas}) is above max ({self.max_replicas})")
        if self.cpu_percent is None and self.memory_percent is None:
            raise ValueError("set cpu_percent and/or memory_percent")
        return self


class DisruptionBudgetConfig(IaccoreModel):
    """A PodDisruptionBudget (policy/v1): exactly one of its two limits.

    Examples:
        >>> DisruptionBudgetConfig(max_unavailable=1).max_unavailable
        1
    """

    min_available: int | str | None = Field(
        None, description="Pods (or percent, `50%`) that must stay available."
    )
    max_unavailable: int | str | None = Field(
        None, description="Pods (or percent) that may be down at once."
    )

    @model_validator(mode="after")
    def _one(self) -> DisruptionBudgetConfig:
        if (self.min_available is None) == (self.max_unavailable is None):
            raise ValueError("set exactly one of min_available and max_unavailable")
        return self


class IngressConfig(IaccoreModel):
    """An Ingress (networking/v1) routing a host and path to the Service.

    Examples:
        >>> IngressConfig(host="api.example.com").path
        '/'
    """

    host: str = Field(description="Host name the Ingress serves.")
    path: str = Field("/", description="Path prefix routed to the Service.")
    class_name: str | None = Field(None, description="IngressClass; the cluster default if unset.")
    tls_secret_name: str | None = Field(
        None, description="Secret holding the TLS certificate; no TLS section when unset."
    )
    annotations: dict[str, str] = Field(
        default_factory=dict, description="Annotations for the ingress controller."
    )


class IngressPeer(IaccoreModel):
    """A source the application's NetworkPolicy admits on its port.

    Examples:
        >>> IngressPeer(namespace="ingress-nginx").namespace
        'ingress-nginx'
    """

    namespace: str | None = Field(None, description="Pods in this namespace (by name).")
    namespace_labels: dict[str, str] | None = Field(
        None, description="Pods in namespaces with these labels."
    )
    pod_labels: dict[str, str] | None = Field(
        None, description="Pods with these labels (in this namespace unless a namespace is set)."
    )
    cidr: str | None = Field(None, description="Addresses in this CIDR block.")

    @model_validator(mode="after")
    def _something(self) -> IngressPeer:
        if self.cidr is not None and any(
            v is not None for v in (self.namespace, self.namespace_labels, self.pod_labels)
        ):
            raise ValueError("cidr cannot be combined with namespace or pod selectors")
        if self.namespace is not None and self.namespace_labels is not None:
            raise ValueError("give namespace or namespace_labels, not both")
        if all(
            v is None for v in (self.cidr, self.namespace, self.namespace_labels, self.pod_labels)
        ):
            raise ValueError("set namespace, namespace_labels, pod_labels or cidr")
        return self


class ApplicationConfig(ComponentConfig):
    """Config of an [`Application`][iaccore.kubernetes.Application].

    Examples:
        >>> ApplicationConfig.model_fields["image"].is_required()
        True
    """

    image: str = Field(description="Container image, pinned by a tag (not `latest`) or digest.")
    port: int = Field(ge=1, le=65535, description="Port the container listens on.")
    service_port: int | None = Field(
        None, ge=1, le=65535, description="Port of the Service; `port` when unset."
    )
    name: DnsLabel | None = Field(
        None, description="Name of the Kubernetes objects; the component's name when unset."
    )
    replicas: int = Field(
        2, ge=0, description="Pod replicas; left to the autoscaler when `autoscaling` is set."
    )
    resources: ResourcesConfig = Field(description="Container requests and limits (required).")
    probes: ProbesConfig = Field(
        description="Liveness and readiness probes, or `waived: <reason>` to omit them."
    )
    command: list[str] | None = Field(
        None, description="Container entrypoint; the image's if unset."
    )
    args: list[str] | None = Field(None, description="Container arguments; the image's if unset.")
    env: dict[str, str] = Field(
        default_factory=dict, description="Environment variables, held in a ConfigMap."
    )
    secret_env: dict[str, Secret] = Field(
        default_factory=dict,
        description="Secret environment variables (secret config values), held in a Secret.",
    )
    config_files: dict[str, str] = Field(
        default_factory=dict, description="Files (name to content) mounted from a ConfigMap."
    )
    config_mount_path: str = Field(
        "/etc/config", description="Directory where `config_files` are mounted, read-only."
    )
    autoscaling: AutoscalingConfig | None = Field(
        None, description="HorizontalPodAutoscaler; none when unset."
    )
    disruption_budget: DisruptionBudgetConfig | None = Field(
        None, description="PodDisruptionBudget; none when unset."
    )
    ingress: IngressConfig | None = Field(None, description="Ingress; none when unset.")
    allow_from: list[IngressPeer] = Field(
        default_factory=list,
        description="Sources admitted on the port by the NetworkPolicy; none admitted when empty.",
    )
    iam_role_arn: str | None = Field(
        None,
        description="IAM role ARN for the ServiceAccount (IRSA, `eks.amazonaws.com/role-arn`).",
    )
    azure_client_id: str | None = Field(
        None,
        description="Workload identity client id (annotation `azure.workload.identity/client-id`).",
    )
    automount_service_account_token: bool = Field(
        False, description="Mount the ServiceAccount token into the pods; off by default."
    )
    run_as_user: int = Field(10001, ge=1, description="UID the container runs as (never 0).")
    run_as_group: int = Field(10001, ge=1, description="GID the container runs as (never 0).")
    image_pull_policy: Literal["Always", "IfNotPresent"] = Field(
        "Always", description="When the kubelet pulls the image."
    )

    @field_validator("image")
    @classmethod
    def _image(cls, value: str) -> str:
        problem = image_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("config_files")
    @classmethod
    def _file_keys(cls, value: dict[str, str]) -> dict[str, str]:
        _check_keys(value, _KEY, "file name")
        return value

    @field_validator("env", "secret_env")
    @classmethod
    def _env_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_keys(value, _ENV, "environment variable name")
        return value

    @model_validator(mode="after")
    def _env_clash(self) -> ApplicationConfig:
        clash = sorted(set(self.env) & set(self.secret_env))
        if clash:
            raise ValueError(f"{clash[0]!r} is in both env and secret_env")
        if not self.config_mount_path.startswith("/"):
            raise ValueError("config_mount_path must be an absolute path")
        return self
