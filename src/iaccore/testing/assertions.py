"""Assertions over a synthesized graph: tags and labels, public ingress, encryption.

Each assertion checks every relevant resource and, on failure, raises one ``AssertionError``
listing all offenders, so a single test run shows everything to fix.

Taggability: a custom resource is *taggable* when its inputs have a ``tags`` key, or when the
SDK class registered for its type token accepts a ``tags`` argument. The class is found through
the Pulumi SDK's resource-module registry (filled when ``pulumi_aws`` & co. are imported), so no
hand-kept list of types can go stale. Kubernetes resources are checked on ``metadata.labels``.

Example:
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
from typing import Any

from iaccore.kubernetes.manifests import is_manifest_resource
from iaccore.synth.graph import Graph, Resource

__all__ = [
    "assert_all_encrypted",
    "assert_no_public_ingress",
    "assert_tagged",
    "is_taggable",
    "sdk_class",
]

_PUBLIC_CIDRS = {"0.0.0.0/0", "::/0"}


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


def _rules(resource: Resource) -> list[tuple[str, Mapping[str, Any]]]:
    """``(label, rule)`` for each ingress rule ``resource`` defines."""
    inputs = resource.inputs
    if resource.type == "aws:ec2/securityGroup:SecurityGroup":
        rules = inputs.get("ingress") or []
        return [(f"ingress[{i}]", r) for i, r in enumerate(rules) if isinstance(r, Mapping)]
    if resource.type == "aws:ec2/securityGroupRule:SecurityGroupRule":
        return [("rule", inputs)] if inputs.get("type") == "ingress" else []
    if resource.type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        return [("rule", inputs)]
    return []


def assert_no_public_ingress(graph: Graph) -> None:
    """No AWS security group, security group rule or ingress rule admits 0.0.0.0/0 or ::/0."""
    problems: list[str] = []
    for res in graph.custom_resources():
        for label, rule in _rules(res):
            cidrs: set[str] = set()
            for key in ("cidrBlocks", "ipv6CidrBlocks"):
                value = rule.get(key)
                if isinstance(value, list):
                    cidrs.update(str(v) for v in value)
            for key in ("cidrIpv4", "cidrIpv6"):
                if isinstance(rule.get(key), str):
                    cidrs.add(str(rule[key]))
            public = sorted(cidrs & _PUBLIC_CIDRS)
            if public:
                ports = f"{rule.get('fromPort', '?')}-{rule.get('toPort', '?')}"
                problems.append(
                    f"  {_short(res)} {label}: {rule.get('protocol', '?')} {ports} from "
                    + ", ".join(public)
                )
    if problems:
        raise AssertionError("public ingress found:\n" + "\n".join(problems))


def _encrypted(resource: Resource, graph: Graph) -> bool | None:
    """True/False for types with a known encryption setting, None for others."""
    inputs = resource.inputs
    if resource.type in ("aws:ebs/volume:Volume", "aws:efs/fileSystem:FileSystem"):
        return inputs.get("encrypted") is True
    if resource.type in ("aws:rds/instance:Instance", "aws:rds/cluster:Cluster"):
        return inputs.get("storageEncrypted") is True
    if resource.type == "aws:s3/bucket:Bucket":
        if inputs.get("serverSideEncryptionConfiguration"):
            return True
        return any(
            other.type.startswith(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
            )
            and other.inputs.get("bucket") in (resource.id, resource.outputs.get("bucket"))
            for other in graph.custom_resources()
        )
    return None


def assert_all_encrypted(graph: Graph) -> None:
    """S3 buckets, EBS volumes, EFS file systems and RDS instances/clusters are encrypted at rest.

    Buckets count as encrypted with an inline ``serverSideEncryptionConfiguration`` or a
    ``BucketServerSideEncryptionConfiguration`` resource pointing at them.
    """
    problems = [
        f"  {_short(res)} is not encrypted at rest"
        for res in graph.custom_resources()
        if _encrypted(res, graph) is False
    ]
    if problems:
        raise AssertionError("unencrypted resources:\n" + "\n".join(problems))
