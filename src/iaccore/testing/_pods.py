"""Privileged pod settings found on the recorded inputs of Kubernetes workloads (no Pulumi import).

A pod template is read from Pods (``spec``), Deployments, StatefulSets, DaemonSets, ReplicaSets
and Jobs (``spec.template.spec``) and CronJobs (``spec.jobTemplate.spec.template.spec``). Flagged
(explicit settings only; unset fields are not guessed):

* pod: ``hostNetwork``, ``hostPID`` or ``hostIPC`` true; a ``hostPath`` volume;
  ``securityContext.runAsUser: 0`` or ``runAsNonRoot: false``;
* each container, init container and ephemeral container: ``securityContext.privileged: true``,
  ``allowPrivilegeEscalation: true``, ``runAsUser: 0``, ``runAsNonRoot: false``, or added
  capabilities ``SYS_ADMIN``, ``NET_ADMIN`` or ``ALL`` (with or without ``CAP_``, any case).

Examples:
    >>> pod_problems({"hostPID": True, "containers": [
    ...     {"name": "app", "securityContext": {"capabilities": {"add": ["cap_sys_admin"]}}}]})
    ['hostPID: true', 'container app: capabilities.add SYS_ADMIN']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DANGEROUS_CAPABILITIES", "WORKLOAD_KINDS", "pod_problems", "pod_spec"]

#: Kubernetes type tokens (``kubernetes:<group>/<version>:<Kind>``) kinds holding a pod template.
WORKLOAD_KINDS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob")
#: Added capabilities that amount to root on the node.
DANGEROUS_CAPABILITIES = frozenset({"SYS_ADMIN", "NET_ADMIN", "ALL"})
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def pod_spec(kind: str, spec: Any) -> Mapping[str, Any] | None:
    """The pod spec inside the ``spec`` of a workload of ``kind`` (None for other kinds).

    Examples:
        >>> pod_spec("CronJob", {"jobTemplate": {"spec": {"template": {"spec": {"a": 1}}}}})
        {'a': 1}
        >>> pod_spec("Service", {"type": "ClusterIP"}) is None
        True
    """
    if kind not in WORKLOAD_KINDS:
        return None
    found = _mapping(spec)
    if kind == "Pod":
        return found
    if kind == "CronJob":
        found = _mapping(_mapping(found.get("jobTemplate")).get("spec"))
    return _mapping(_mapping(found.get("template")).get("spec"))


def _identity(context: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    if context.get("runAsUser") == 0:
        found.append("runAsUser: 0")
    if context.get("runAsNonRoot") is False:
        found.append("runAsNonRoot: false")
    return found


def _capability(name: Any) -> str:
    text = str(name).upper()
    return text[len("CAP_") :] if text.startswith("CAP_") else text


def _container(container: Mapping[str, Any]) -> list[str]:
    context = _mapping(container.get("securityContext"))
    found: list[str] = []
    if context.get("privileged") is True:
        found.append("privileged: true")
    if context.get("allowPrivilegeEscalation") is True:
        found.append("allowPrivilegeEscalation: true")
    found.extend(_identity(context))
    added = _mapping(context.get("capabilities")).get("add") or []
    for name in sorted({_capability(c) for c in added} & DANGEROUS_CAPABILITIES):
        found.append(f"capabilities.add {name}")
    return found


def pod_problems(spec: Mapping[str, Any]) -> list[str]:
    """Every privileged setting of one pod spec, as ``what: value`` texts."""
    found = [f"{key}: true" for key in ("hostNetwork", "hostPID", "hostIPC") if spec.get(key)]
    found.extend(
        f"securityContext.{text}" for text in _identity(_mapping(spec.get("securityContext")))
    )
    for item in spec.get("volumes") or []:
        volume = _mapping(item)
        if "hostPath" in volume:
            path = _mapping(volume.get("hostPath")).get("path", "?")
            found.append(f"volume {volume.get('name', '?')}: hostPath {path}")
    for key in _CONTAINER_LISTS:
        for entry in spec.get(key) or []:
            container = _mapping(entry)
            found.extend(
                f"container {container.get('name', '?')}: {text}" for text in _container(container)
            )
    return found
