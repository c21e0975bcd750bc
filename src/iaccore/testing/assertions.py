"""Assertions over a synthesized graph: tags and labels, public ingress, encryption at rest,
privileged pods.

Each assertion checks every relevant resource and, on failure, raises one ``AssertionError``
listing all offenders, so a single test run shows everything to fix.

Taggability: a custom resource is *taggable* when its inputs have a ``tags`` key, or when the
SDK class registered for its type token accepts a ``tags`` argument. The class is found through
the Pulumi SDK's resource-module registry (filled when ``pulumi_aws`` & co. are imported), so no
hand-kept list of types can go stale. Kubernetes resources are checked on ``metadata.labels``.

Examples:
    >>> import pulumi, pulumi_aws as aws
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: aws.s3.Bucket("logs", tags={"owner": "me"}))
    >>> assert_tagged(graph, ["owner"])
    >>> assert_tagged(graph, ["owner", "cost-center"])
    Traceback (most recent call last):
    ...
    AssertionError: 1 of 1 taggable resources lack required tags/labels:
      aws:s3/bucket:Bucket::logs (tags) missing: cost-center
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Iterable, Mapping

from iaccore.kubernetes.manifests import is_manifest_resource
from iaccore.synth.graph import Graph, Resource
from iaccore.testing._encryption import problems as encryption_problems
from iaccore.testing._exposure import public_exposures
from iaccore.testing._pods import pod_problems, pod_spec

__all__ = [
    "assert_all_encrypted",
    "assert_no_privileged_pods",
    "assert_no_public_ingress",
    "assert_tagged",
    "is_taggable",
    "sdk_class",
]


@functools.cache
def sdk_class(type_: str) -> type | None:
    """The SDK class registered for type token ``type_`` (None when unknown or not imported)."""
    from pulumi.runtime.rpc import get_resource_module

    parts = type_.split(":")
    if len(parts) != 3:
        return None
    module = get_resource_module(parts[0], parts[1], "")
    info = getattr(module, "mod_info", None)
    if not isinstance(info, Mapping):
        return None
    class_name = info.get("classes", {}).get(type_)
    fqn = info.get("fqn")
    if not isinstance(class_name, str) or not isinstance(fqn, str):
        return None
    try:
        found = getattr(importlib.import_module(fqn), class_name, None)
    except ImportError:
        return None
    return found if isinstance(found, type) else None


@functools.cache
def _class_accepts_tags(type_: str) -> bool:
    cls = sdk_class(type_)
    if cls is None:
        return False
    init = getattr(cls, "_internal_init", None) or getattr(cls, "__init__", None)
    if init is None:
        return False
    try:
        return "tags" in inspect.signature(init).parameters
    except (TypeError, ValueError):
        return False


def is_taggable(resource: Resource) -> bool:
    """Whether ``resource`` carries tags (``tags`` input or SDK argument) or Kubernetes labels."""
    if not resource.custom or resource.is_provider:
        return False
    if is_manifest_resource(resource):
        return True
    return "tags" in resource.inputs or _class_accepts_tags(resource.type)


def _tag_keys(resource: Resource) -> tuple[str, set[str]]:
    if is_manifest_resource(resource):
        metadata = resource.inputs.get("metadata")
        labels = metadata.get("labels") if isinstance(metadata, Mapping) else None
        return "labels", set(labels) if isinstance(labels, Mapping) else set()
    tags = resource.inputs.get("tags")
    return "tags", set(tags) if isinstance(tags, Mapping) else set()


def _short(resource: Resource) -> str:
    return f"{resource.type}::{resource.name}"


def _matches(resource: Resource, types: Iterable[str] | None) -> bool:
    if types is None:
        return True
    for pattern in types:
        if pattern.endswith("*") and resource.type.startswith(pattern[:-1]):
            return True
        if resource.type == pattern:
            return True
    return False


def assert_tagged(
    graph: Graph, required: Iterable[str], *, types: Iterable[str] | None = None
) -> None:
    """Every taggable resource (of ``types``; ``*`` suffix = prefix) has every ``required`` key.

    AWS-style resources are checked on their ``tags`` input, Kubernetes resources on
    ``metadata.labels``. A tag whose value is a secret still counts as present.
    """
    keys = list(required)
    wanted = list(types) if types is not None else None
    checked = 0
    problems: list[str] = []
    for res in graph:
        if not is_taggable(res) or not _matches(res, wanted):
            continue
        checked += 1
        where, present = _tag_keys(res)
        missing = [key for key in keys if key not in present]
        if missing:
            problems.append(f"  {_short(res)} ({where}) missing: {', '.join(missing)}")
    if problems:
        raise AssertionError(
            f"{len(problems)} of {checked} taggable resources lack required tags/labels:\n"
            + "\n".join(problems)
        )


def assert_no_public_ingress(graph: Graph) -> None:
    """Nothing in ``graph`` admits the whole internet (all of IPv4 or all of IPv6).

    Checked: AWS security groups (inline ``ingress`` of ``SecurityGroup`` and
    ``DefaultSecurityGroup``, ``ec2.SecurityGroupRule``, ``vpc.SecurityGroupIngressRule``), the
    EKS public API endpoint, Azure network security group inbound rules (``Internet``, ``Any``
    and ``*`` count as the world), the AKS public API server, Azure storage accounts open to
    public networks, Kubernetes ``LoadBalancer`` Services and ``NetworkPolicy``
    ``ipBlock`` peers. Ranges are compared as networks, together per target and port range:
    ``0.0.0.0/1`` plus ``128.0.0.0/1`` is the world, in one rule or two; so are ``::/0``,
    ``::0/0`` and a ``1.2.3.4/0``. See ``iaccore.testing._exposure``.

    Examples:
        >>> import pulumi_aws as aws
        >>> from iaccore.synth import synth
        >>> graph = synth(lambda: aws.ec2.SecurityGroup("web", ingress=[{
        ...     "protocol": "tcp", "from_port": 443, "to_port": 443,
        ...     "cidr_blocks": ["0.0.0.0/1", "128.0.0.0/1"]}]))
        >>> assert_no_public_ingress(graph)
        Traceback (most recent call last):
        ...
        AssertionError: public ingress found:
          aws:ec2/securityGroup:SecurityGroup::web ingress[0]: tcp 443-443 from \
0.0.0.0/1, 128.0.0.0/1 (opens 0.0.0.0/0)
    """
    problems = [
        f"  {item.where} {item.label}: {item.ports} from {', '.join(item.sources)} "
        f"(opens {', '.join(opened)})"
        for item, opened in public_exposures(graph)
    ]
    if problems:
        raise AssertionError("public ingress found:\n" + "\n".join(sorted(problems)))


def assert_all_encrypted(graph: Graph) -> None:
    """Every resource of ``graph`` that stores data keeps it encrypted at rest.

    Checked: S3 buckets (inline configuration or a ``BucketServerSideEncryptionConfiguration``),
    EBS volumes, EFS file systems, RDS instances and clusters, EC2 instances (root volume and
    every EBS volume), launch templates (every EBS mapping), EKS clusters (``secrets`` envelope
    encryption) and node groups (through their launch template). See
    ``iaccore.testing._encryption``.

    Examples:
        >>> import pulumi_aws as aws
        >>> from iaccore.synth import synth
        >>> graph = synth(lambda: aws.ec2.Instance("web", ami="ami-1", instance_type="t3.micro"))
        >>> assert_all_encrypted(graph)
        Traceback (most recent call last):
        ...
        AssertionError: unencrypted resources:
          aws:ec2/instance:Instance::web: root volume (rootBlockDevice.encrypted is not true)
    """
    others = graph.custom_resources()
    lines: list[str] = []
    for res in others:
        for problem in encryption_problems(res, others) or []:
            lines.append(f"  {_short(res)}: {problem}")
    if lines:
        raise AssertionError("unencrypted resources:\n" + "\n".join(lines))


def assert_no_privileged_pods(graph: Graph) -> None:
    """No Kubernetes workload of ``graph`` runs a privileged pod.

    Checked: Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs (their
    pod templates). Privileged: ``hostNetwork``, ``hostPID`` or ``hostIPC``; a ``hostPath``
    volume; a pod or container ``runAsUser: 0`` or ``runAsNonRoot: false``; a container
    ``privileged: true`` or ``allowPrivilegeEscalation: true``; added capabilities
    ``SYS_ADMIN``, ``NET_ADMIN`` or ``ALL``. Only explicit settings count. See
    ``iaccore.testing._pods``.

    Examples:
        >>> import pulumi_kubernetes as k8s
        >>> from iaccore.synth import synth
        >>> graph = synth(lambda: k8s.core.v1.Pod("debug", spec={"host_network": True,
        ...     "containers": [{"name": "sh", "image": "busybox:1.36",
        ...                     "security_context": {"privileged": True}}]}))
        >>> assert_no_privileged_pods(graph)
        Traceback (most recent call last):
        ...
        AssertionError: privileged pods found:
          kubernetes:core/v1:Pod::debug: hostNetwork: true
          kubernetes:core/v1:Pod::debug: container sh: privileged: true
    """
    lines: list[str] = []
    for res in graph.custom_resources():
        if not is_manifest_resource(res):
            continue
        spec = pod_spec(res.type.rsplit(":", 1)[-1], res.inputs.get("spec"))
        if spec is not None:
            lines.extend(f"  {_short(res)}: {problem}" for problem in pod_problems(spec))
    if lines:
        raise AssertionError("privileged pods found:\n" + "\n".join(lines))
