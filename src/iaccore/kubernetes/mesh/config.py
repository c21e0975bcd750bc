"""``ServiceMeshConfig``: Istio's namespace, Helm values and mesh-wide mTLS (no Pulumi import).

Secure defaults: the control-plane namespace enforces the ``restricted`` Pod Security Standard;
istiod and the injected sidecars run with the ``RuntimeDefault`` seccomp profile (Istio leaves
both empty, which ``restricted`` refuses); sidecars are never privileged; the Istio CNI node agent
sets up traffic redirection, so injected pods need no ``istio-init`` container with ``NET_ADMIN``
and ``NET_RAW`` and are admitted by ``restricted`` namespaces; mTLS is ``STRICT`` mesh-wide.

The ``istiod`` chart (Istio 1.22 and later) reads its values at the top level (``seccompProfile``,
``cni.enabled``, ``autoscaleMin``); the old ``pilot.*`` keys are ignored by the chart.

Examples:
    >>> ServiceMeshConfig().mtls_mode
    'STRICT'
    >>> istiod_values(ServiceMeshConfig(istiod_values={"autoscaleMin": 2}))["seccompProfile"]
    {'type': 'RuntimeDefault'}
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator

from iaccore.core.config.base import ComponentConfig, IaccoreModel
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes._rules import DnsLabel
from iaccore.kubernetes.namespace.config import PodSecurityConfig
from iaccore.kubernetes.versions import check_version

__all__ = [
    "ISTIOD_DEFAULT_VALUES",
    "CniConfig",
    "ServiceMeshConfig",
    "base_values",
    "cni_values",
    "deep_merge",
    "istiod_values",
]

_RUNTIME_DEFAULT: Mapping[str, str] = {"type": "RuntimeDefault"}

#: Helm values of the ``istiod`` chart that iaccore sets; config values are merged over them.
#: ``seccompProfile`` is istiod's own container, ``global.proxy.seccompProfile`` the injected
#: sidecar and its init container.
ISTIOD_DEFAULT_VALUES: Mapping[str, Any] = {
    "global": {"proxy": {"privileged": False, "seccompProfile": dict(_RUNTIME_DEFAULT)}},
    "seccompProfile": dict(_RUNTIME_DEFAULT),
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


class CniConfig(IaccoreModel):
    """The Istio CNI node agent: where it runs and its Helm values.

    Examples:
        >>> CniConfig().namespace
        'istio-cni'
    """

    enabled: bool = Field(
        True,
        description="Install the Istio CNI node agent (chart `cni`) and tell istiod to use it, so "
        "injected pods need no `istio-init` container with `NET_ADMIN`/`NET_RAW` and are "
        "admitted by `restricted` namespaces. With `false`, injected namespaces must enforce "
        "`privileged`.",
    )
    namespace: DnsLabel = Field(
        "istio-cni",
        description="Namespace of the CNI DaemonSet, created by the component with Pod Security "
        "`privileged` (the agent needs host paths and `NET_ADMIN`); only the agent runs there.",
    )
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="Helm values of the `cni` chart (for example `cniBinDir` on platforms with "
        "another CNI binary directory).",
    )


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
    cni: CniConfig = Field(
        CniConfig(),
        description="The Istio CNI node agent; on by default so meshed namespaces can stay "
        "`restricted`.",
    )
    base_values: dict[str, Any] = Field(
        default_factory=dict, description="Helm values of the Istio `base` chart."
    )
    istiod_values: dict[str, Any] = Field(
        default_factory=dict,
        description="Helm values of the `istiod` chart (top-level keys such as `autoscaleMin`), "
        "merged over iaccore's secure defaults (`seccompProfile` and "
        "`global.proxy.seccompProfile` `RuntimeDefault`, `global.proxy.privileged: false`, "
        "`cni.enabled` as `cni.enabled` says).",
    )
    timeout: int = Field(
        600, ge=1, description="Seconds Helm waits for each release's resources to be ready."
    )

    @field_validator("istiod_values")
    @classmethod
    def _no_pilot_key(cls, value: dict[str, Any]) -> dict[str, Any]:
        if "pilot" in value:
            raise ValueError(
                "istiod_values.pilot is ignored by the istiod chart since Istio 1.22; set its "
                "keys at the top level (istiod_values.autoscaleMin, istiod_values.resources)"
            )
        return value

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
        >>> istiod_values(ServiceMeshConfig())["cni"]
        {'enabled': True}
    """
    defaults = deep_merge(ISTIOD_DEFAULT_VALUES, {"cni": {"enabled": config.cni.enabled}})
    return deep_merge(defaults, config.istiod_values)


def cni_values(config: ServiceMeshConfig) -> dict[str, Any]:
    """Helm values of the ``cni`` chart: the config's (the chart's defaults suit EKS and AKS).

    Examples:
        >>> cni_values(ServiceMeshConfig(cni={"values": {"cniBinDir": "/home/kubernetes/bin"}}))
        {'cniBinDir': '/home/kubernetes/bin'}
    """
    return deep_merge({}, config.cni.values)
