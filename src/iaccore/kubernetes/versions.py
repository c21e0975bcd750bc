"""Kubernetes versions, removed APIs and chart pins (pure, no Pulumi import).

One table of the upstream Kubernetes minor versions this release of iaccore targets, shared by
every module that reads or creates clusters: the Kubernetes module checks a cluster's
``version`` against it with [`check_version`][iaccore.kubernetes.versions.check_version], and
the cloud modules derive their accepted versions from it, filtered by their own support
calendars (EKS: ``iaccore.aws.eks.versions``, AKS: ``iaccore.azure.aks.versions``), so adding a
version starts here. ``REMOVED_APIS`` holds the API versions the Kubernetes deprecation guide
(https://kubernetes.io/docs/reference/using-api/deprecation-guide/) lists as no longer served;
[`check_api`][iaccore.kubernetes.versions.check_api] refuses them for a target version.
``CHART_VERSIONS`` pins the Helm charts the module installs; stack config overrides a pin under
``iaccore:kubernetes.charts``.

Examples:
    >>> check_version("v1.33", key_path="kubernetes.clusters.main.version")
    '1.33'
    >>> check_api("policy/v1", "PodDisruptionBudget", "1.33", key_path="app.pdb")
    >>> resolve_chart("istiod").chart
    'istiod'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from iaccore.core.errors import ConfigurationError

__all__ = [
    "CHART_VERSIONS",
    "REMOVED_APIS",
    "SUPPORTED_VERSIONS",
    "ChartVersion",
    "RemovedApi",
    "check_api",
    "check_version",
    "compare_versions",
    "normalize_version",
    "resolve_chart",
]

#: Upstream Kubernetes minor versions this release of iaccore targets, oldest first. Cloud
#: modules accept a subset (their own support calendars); a version missing here is refused.
SUPPORTED_VERSIONS: tuple[str, ...] = ("1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35")

_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


def normalize_version(version: str) -> str:
    """``"v1.31"`` or ``"1.31.4"`` as the minor version ``"1.31"``; ``ValueError`` otherwise.

    Examples:
        >>> normalize_version("v1.31.4")
        '1.31'
    """
    match = _VERSION.match(str(version).strip())
    if match is None:
        raise ValueError(f"{version!r} is not a Kubernetes version such as '1.31'")
    return f"{int(match.group(1))}.{int(match.group(2))}"


def _key(version: str) -> tuple[int, int]:
    major, minor = normalize_version(version).split(".")
    return int(major), int(minor)


def compare_versions(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` is older than, equal to or newer than ``right``.

    Examples:
        >>> compare_versions("1.9", "1.31"), compare_versions("1.31.2", "v1.31")
        (-1, 0)
    """
    a, b = _key(left), _key(right)
    return (a > b) - (a < b)


def check_version(
    version: str, key_path: str, supported: tuple[str, ...] = SUPPORTED_VERSIONS
) -> str:
    """Return the normalized minor version or raise a ``ConfigurationError`` naming ``key_path``.

    Args:
        version: The configured version (``"1.33"``, ``"v1.33"``, ``"1.33.2"``).
        key_path: Dotted path of the key, for the error.
        supported: The accepted versions; a cloud module passes its own subset.

    Examples:
        >>> try:
        ...     check_version("1.27", key_path="kubernetes.clusters.main.version")
        ... except ConfigurationError as err:
        ...     print(err.message)
        Kubernetes 1.27 is not supported by this release of iaccore
    """
    expected = "one of " + ", ".join(supported)
    try:
        normalized = normalize_version(version)
    except ValueError as err:
        raise ConfigurationError(str(err), key_path=key_path, expected=expected) from None
    if normalized not in supported:
        raise ConfigurationError(
            f"Kubernetes {normalized} is not supported by this release of iaccore",
            key_path=key_path,
            expected=expected,
        )
    return normalized


@dataclass(frozen=True)
class RemovedApi:
    """An API version of a kind that Kubernetes stopped serving in ``removed_in``.

    Examples:
        >>> REMOVED_APIS[("policy/v1beta1", "PodDisruptionBudget")].replacement
        'policy/v1'
    """

    api_version: str
    kind: str
    removed_in: str
    replacement: str


def _removed(api_version: str, kinds: str, removed_in: str, replacement: str) -> list[RemovedApi]:
    return [RemovedApi(api_version, kind, removed_in, replacement) for kind in kinds.split()]


#: (apiVersion, kind) → removal, from the Kubernetes deprecated API migration guide.
REMOVED_APIS: dict[tuple[str, str], RemovedApi] = {
    (r.api_version, r.kind): r
    for r in (
        *_removed("extensions/v1beta1", "Deployment DaemonSet ReplicaSet", "1.16", "apps/v1"),
        *_removed("apps/v1beta1", "Deployment StatefulSet", "1.16", "apps/v1"),
        *_removed("apps/v1beta2", "Deployment DaemonSet ReplicaSet StatefulSet", "1.16", "apps/v1"),
        *_removed("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),
        *_removed("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
        *_removed(
            "networking.k8s.io/v1beta1", "Ingress IngressClass", "1.22", "networking.k8s.io/v1"
        ),
        *_removed(
            "rbac.authorization.k8s.io/v1beta1",
            "ClusterRole ClusterRoleBinding Role RoleBinding",
            "1.22",
            "rbac.authorization.k8s.io/v1",
        ),
        *_removed(
            "apiextensions.k8s.io/v1beta1",
            "CustomResourceDefinition",
            "1.22",
            "apiextensions.k8s.io/v1",
        ),
        *_removed(
            "admissionregistration.k8s.io/v1beta1",
            "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
            "1.22",
            "admissionregistration.k8s.io/v1",
        ),
        *_removed("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
        *_removed("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
        *_removed("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        *_removed("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
        *_removed("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
        *_removed("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"),
        *_removed("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
        *_removed("policy/v1beta1", "PodSecurityPolicy", "1.25", "Pod Security Admission"),
        *_removed("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),
        *_removed("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        *_removed(
            "flowcontrol.apiserver.k8s.io/v1beta1",
            "FlowSchema PriorityLevelConfiguration",
            "1.26",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        *_removed("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
        *_removed(
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "FlowSchema PriorityLevelConfiguration",
            "1.29",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        *_removed(
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "FlowSchema PriorityLevelConfiguration",
            "1.32",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
    )
}


def check_api(api_version: str, kind: str, target_version: str, key_path: str) -> None:
    """Raise a ``ConfigurationError`` when ``target_version`` no longer serves this API.

    Args:
        api_version: The manifest's ``apiVersion``, e.g. ``policy/v1beta1``.
        kind: The manifest's ``kind``, e.g. ``PodDisruptionBudget``.
        target_version: The cluster's Kubernetes version.
        key_path: Dotted path of the key that asked for the resource.

    Examples:
        >>> try:
        ...     check_api("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.33", "app.hpa")
        ... except ConfigurationError as err:
        ...     print(err.message)
        autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26 (target: 1.33)
    """
    removed = REMOVED_APIS.get((api_version, kind))
    if removed is None or compare_versions(target_version, removed.removed_in) < 0:
        return
    raise ConfigurationError(
        f"{api_version} {kind} was removed in Kubernetes {removed.removed_in} "
        f"(target: {normalize_version(target_version)})",
        key_path=key_path,
        expected=f"{removed.replacement} {kind}",
    )


@dataclass(frozen=True)
class ChartVersion:
    """A pinned Helm chart: its name, repository and version, and the Kubernetes it supports.

    Examples:
        >>> CHART_VERSIONS["istio-base"].repository
        'https://istio-release.storage.googleapis.com/charts'
    """

    chart: str
    repository: str
    version: str
    min_kubernetes: str
    max_kubernetes: str


_ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts"

#: Charts the module installs, by key; override under ``iaccore:kubernetes.charts.<key>``.
#: Istio 1.29 supports Kubernetes 1.30 to 1.35 (istio.io supported releases).
CHART_VERSIONS: dict[str, ChartVersion] = {
    "istio-base": ChartVersion("base", _ISTIO_REPO, "1.29.0", "1.30", "1.35"),
    "istiod": ChartVersion("istiod", _ISTIO_REPO, "1.29.0", "1.30", "1.35"),
    "istio-cni": ChartVersion("cni", _ISTIO_REPO, "1.29.0", "1.30", "1.35"),
}


def resolve_chart(
    key: str,
    overrides: Mapping[str, Mapping[str, str | None]] | None = None,
    target_version: str | None = None,
    key_path: str = "kubernetes.charts",
) -> ChartVersion:
    """The pin of chart ``key``, with the stack's ``version``/``repository`` overrides applied.

    With ``target_version``, a chart pinned by iaccore (not overridden) that does not support
    that Kubernetes version is refused; an overridden version is the team's call.

    Raises:
        ConfigurationError: Unknown chart key, or the pinned chart does not support the target.

    Examples:
        >>> resolve_chart("istiod", {"istiod": {"version": "1.28.1"}}).version
        '1.28.1'
    """
    pin = CHART_VERSIONS.get(key)
    if pin is None:
        raise ConfigurationError(
            f"unknown chart {key!r}", key_path=f"{key_path}.{key}", expected=_known_charts()
        )
    override = (overrides or {}).get(key) or {}
    changes = {field: value for field, value in override.items() if value is not None}
    if changes:
        return replace(pin, **changes)
    if target_version is not None and not (
        compare_versions(pin.min_kubernetes, target_version)
        <= 0
        <= compare_versions(pin.max_kubernetes, target_version)
    ):
        raise ConfigurationError(
            f"chart {pin.chart} {pin.version} supports Kubernetes {pin.min_kubernetes} to "
            f"{pin.max_kubernetes}, not {normalize_version(target_version)}",
            key_path=f"{key_path}.{key}.version",
            expected="a chart version that supports the cluster's Kubernetes version",
        )
    return pin


def _known_charts() -> str:
    return "one of " + ", ".join(sorted(CHART_VERSIONS))
