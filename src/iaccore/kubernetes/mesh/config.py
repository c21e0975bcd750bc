"""``ServiceMeshConfig``: Istio's namespace, Helm values and mesh-wide mTLS (no Pulumi import).

Secure defaults: the control-plane namespace enforces the ``restricted`` Pod Security Standard,
istiod runs with the ``RuntimeDefault`` seccomp profile (Istio leaves ``pilot.seccompProfile``
empty, which ``restricted`` refuses), sidecars are never privileged, and mTLS is ``STRICT``
mesh-wide.

Examples:
    >>> ServiceMeshConfig().mtls_mode
    'STRICT'
    >>> istiod_values(ServiceMeshConfig(istiod_values={"pilot": {"replicaCount": 2}}))["pilot"]
    {'seccompProfile': {'type': 'RuntimeDefault'}, 'replicaCount': 2}
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator

from iaccore.core.config.base import ComponentConfig
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes._rules import DnsLabel
from iaccore.kubernetes.namespace.config import PodSecurityConfig
from iaccore.kubernetes.versions import check_version

__all__ = [
    "ISTIOD_DEFAULT_VALUES",
    "ServiceMeshConfig",
    "base_values",
    "deep_merge",
    "istiod_values",
]

#: Helm values of the ``istiod`` chart that iaccore sets; config values are merged over them.
ISTIOD_DEFAULT_VALUES: Mapping[str, Any] = {
    "global": {"proxy": {"privileged": False}},
    "pilot": {"seccompProfile": {"type": "RuntimeDefault"}},
}


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` merged over ``base``: mappings merge key by key, other values replace.

    Examples:
        >>> deep_merge({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}, "d": 4})
        {'a': {'b': 1, 'c': 3}, 'd': 4}
    """
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class ServiceMeshConfig(ComponentConfig):
    """Config of a [`ServiceMesh`][iaccore.kubernetes.ServiceMesh].

    Examples:
        >>> ServiceMeshConfig().namespace
        'istio-system'
    """

    namespace: DnsLabel = Field(
        "istio-system",
        description="Namespace of the control plane, created by the component; also the mesh's "
        "root namespace (where the mesh-wide PeerAuthentication lives).",
    )
    pod_security: PodSecurityConfig = Field(
        PodSecurityConfig(),
        description="Pod Security Admission levels of the control-plane namespace; `restricted` "
        "for enforce, audit and warn.",
    )
    mtls_mode: Literal["STRICT", "PERMISSIVE"] = Field(
        "STRICT",
        description="Mode of the mesh-wide PeerAuthentication: `STRICT` accepts only mTLS; "
        "`PERMISSIVE` also accepts plaintext (a migration step).",
    )
    kubernetes_version: str | None = Field(
        None,
        description="Kubernetes version of the target cluster (`1.33`); the pinned charts must "
        "support it. Unchecked when unset.",
    )
    base_values: dict[str, Any] = Field(
        default_factory=dict, description="Helm values of the Istio `base` chart."
    )
    istiod_values: dict[str, Any] = Field(
        default_factory=dict,
        description="Helm values of the `istiod` chart, merged over iaccore's secure defaults "
        "(`global.proxy.privileged: false`, `pilot.seccompProfile.type: RuntimeDefault`).",
    )
    timeout: int = Field(
        600, ge=1, description="Seconds Helm waits for each release's resources to be ready."
    )

    @field_validator("kubernetes_version")
    @classmethod
    def _version(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_version(value, key_path="kubernetes_version")
        except ConfigurationError as err:
            raise ValueError(f"{err.message}; expected {err.details['expected']}") from None


def base_values(config: ServiceMeshConfig) -> dict[str, Any]:
    """Helm values of the ``base`` chart (the config's; ``base`` has no iaccore defaults).

    Examples:
        >>> base_values(ServiceMeshConfig(base_values={"defaultRevision": "default"}))
        {'defaultRevision': 'default'}
    """
    return deep_merge({}, config.base_values)


def istiod_values(config: ServiceMeshConfig) -> dict[str, Any]:
    """Helm values of the ``istiod`` chart: the config's over ``ISTIOD_DEFAULT_VALUES``.

    Examples:
        >>> istiod_values(ServiceMeshConfig())["global"]
        {'proxy': {'privileged': False}}
    """
    return deep_merge(ISTIOD_DEFAULT_VALUES, config.istiod_values)
