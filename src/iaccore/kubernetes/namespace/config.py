"""``NamespaceConfig``: Pod Security Admission levels, quota, limit range and network policy.

Pure config (no Pulumi import). Defaults are the secure ones: ``enforce: restricted``, a
default-deny NetworkPolicy with DNS egress allowed, and default container requests and limits.

Examples:
    >>> NamespaceConfig.model_validate({"quota": {"cpu": "20", "memory": "64Gi"}}).quota.hard()
    {'requests.cpu': '20', 'requests.memory': '64Gi'}
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from iaccore.core.config.base import ComponentConfig, IaccoreModel
from iaccore.kubernetes._rules import (
    DnsLabel,
    parse_quantity,
    quantity_problem,
)

__all__ = [
    "ContainerResources",
    "LimitRangeConfig",
    "NamespaceConfig",
    "NetworkPolicyConfig",
    "PodSecurityConfig",
    "PodSecurityLevel",
    "QuotaConfig",
]

#: A Pod Security Standard level.
PodSecurityLevel = Literal["privileged", "baseline", "restricted"]
_PSA_VERSION = re.compile(r"^(latest|v1\.\d+)$")


def _check_quantity(value: str | None) -> str | None:
    if value is not None:
        problem = quantity_problem(value)
        if problem:
            raise ValueError(problem)
    return value


class PodSecurityConfig(IaccoreModel):
    """Pod Security Admission labels of the namespace (``pod-security.kubernetes.io/*``).

    Examples:
        >>> PodSecurityConfig().labels()["pod-security.kubernetes.io/enforce"]
        'restricted'
    """

    enforce: PodSecurityLevel = Field(
        "restricted", description="Level whose violations are rejected; `restricted` by default."
    )
    audit: PodSecurityLevel = Field(
        "restricted", description="Level whose violations are recorded in the audit log."
    )
    warn: PodSecurityLevel = Field(
        "restricted", description="Level whose violations warn the user who applies the object."
    )
    version: str = Field(
        "latest",
        description="Policy version of every mode: `latest` or a minor version such as `v1.30`.",
    )

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not _PSA_VERSION.match(value):
            raise ValueError(
                f"{value!r} is not a policy version; expected 'latest' or 'v1.<minor>'"
            )
        return value

    def labels(self) -> dict[str, str]:
        """The namespace labels of these settings, with the version of each mode."""
        labels: dict[str, str] = {}
        for mode in ("enforce", "audit", "warn"):
            labels[f"pod-security.kubernetes.io/{mode}"] = getattr(self, mode)
            labels[f"pod-security.kubernetes.io/{mode}-version"] = self.version
        return labels


class QuotaConfig(IaccoreModel):
    """ResourceQuota limits of the namespace; unset keys are not limited.

    Examples:
        >>> QuotaConfig(pods=50).hard()
        {'pods': '50'}
    """

    cpu: str | None = Field(None, description="Total CPU requests (`requests.cpu`), as `20`.")
    memory: str | None = Field(None, description="Total memory requests (`requests.memory`).")
    limits_cpu: str | None = Field(None, description="Total CPU limits (`limits.cpu`).")
    limits_memory: str | None = Field(None, description="Total memory limits (`limits.memory`).")
    storage: str | None = Field(None, description="Total storage requested by claims.")
    pods: int | None = Field(None, ge=0, description="Most pods in the namespace.")
    services: int | None = Field(None, ge=0, description="Most services in the namespace.")
    persistent_volume_claims: int | None = Field(
        None, ge=0, description="Most PersistentVolumeClaims in the namespace."
    )

    _q = field_validator("cpu", "memory", "limits_cpu", "limits_memory", "storage")(_check_quantity)

    def hard(self) -> dict[str, str]:
        """The ``spec.hard`` map of the ResourceQuota (empty when nothing is limited)."""
        keys = {
            "cpu": "requests.cpu",
            "memory": "requests.memory",
            "limits_cpu": "limits.cpu",
            "limits_memory": "limits.memory",
            "storage": "requests.storage",
            "pods": "pods",
            "services": "services",
            "persistent_volume_claims": "persistentvolumeclaims",
        }
        return {
            hard: str(getattr(self, field))
            for field, hard in keys.items()
            if getattr(self, field) is not None
        }


class ContainerResources(IaccoreModel):
    """CPU and memory of a container.

    Examples:
        >>> ContainerResources(cpu="100m").as_map()
        {'cpu': '100m'}
    """

    cpu: str | None = Field(None, description="CPU, as a quantity (`250m`, `1`).")
    memory: str | None = Field(None, description="Memory, as a quantity (`256Mi`).")

    _q = field_validator("cpu", "memory")(_check_quantity)

    def as_map(self) -> dict[str, str]:
        """The set values as a Kubernetes resource map."""
        return {k: v for k, v in (("cpu", self.cpu), ("memory", self.memory)) if v is not None}


class LimitRangeConfig(IaccoreModel):
    """Default requests and limits of containers that declare none.

    Examples:
        >>> LimitRangeConfig().default_limit.memory
        '512Mi'
    """

    default_request: ContainerResources = Field(
        ContainerResources(cpu="100m", memory="128Mi"),
        description="Requests of a container that sets none (100m CPU, 128Mi memory).",
    )
    default_limit: ContainerResources = Field(
        ContainerResources(cpu="500m", memory="512Mi"),
        description="Limits of a container that sets none (500m CPU, 512Mi memory).",
    )

    @model_validator(mode="after")
    def _limits_cover_requests(self) -> LimitRangeConfig:
        for key in ("cpu", "memory"):
            request = getattr(self.default_request, key)
            limit = getattr(self.default_limit, key)
            if request and limit and parse_quantity(limit) < parse_quantity(request):
                raise ValueError(
                    f"default_limit.{key} ({limit}) is below default_request.{key} ({request})"
                )
        return self


class NetworkPolicyConfig(IaccoreModel):
    """The namespace's baseline NetworkPolicies.

    Examples:
        >>> NetworkPolicyConfig().default_deny
        True
    """

    default_deny: bool = Field(
        True, description="Deny all ingress and egress of every pod unless another policy allows."
    )
    allow_dns: bool = Field(
        True, description="Allow egress to kube-dns (UDP and TCP 53 in kube-system)."
    )


class NamespaceConfig(ComponentConfig):
    """Config of a [`Namespace`][iaccore.kubernetes.Namespace].

    Examples:
        >>> NamespaceConfig().pod_security.enforce
        'restricted'
    """

    name: DnsLabel | None = Field(
        None, description="Name of the namespace object; the component's name when unset."
    )
    pod_security: PodSecurityConfig = Field(
        PodSecurityConfig(),
        description="Pod Security Admission levels; `restricted` for enforce, audit and warn.",
    )
    quota: QuotaConfig | None = Field(
        None, description="ResourceQuota limits; no ResourceQuota when unset."
    )
    limit_range: LimitRangeConfig | None = Field(
        LimitRangeConfig(),
        description="Default container requests and limits; `null` creates no LimitRange.",
    )
    network_policy: NetworkPolicyConfig = Field(
        NetworkPolicyConfig(), description="Default-deny NetworkPolicy and the DNS egress allow."
    )
    labels: dict[str, str] = Field(
        default_factory=dict, description="Extra labels of the namespace object."
    )
    mesh_injection: bool = Field(
        False,
        description="Label the namespace `istio-injection: enabled` so a `ServiceMesh` injects "
        "its sidecar into new pods.",
    )
