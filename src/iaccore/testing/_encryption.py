"""Whether each synthesized resource that stores data keeps it encrypted at rest.

A resource type with a known encryption setting gets a list of problems (empty: encrypted);
other types get None. What counts, per type:

* ``aws:s3/bucket:Bucket``: an inline ``serverSideEncryptionConfiguration`` or a
  ``BucketServerSideEncryptionConfiguration`` resource pointing at the bucket.
* ``aws:ebs/volume:Volume``, ``aws:efs/fileSystem:FileSystem``: ``encrypted: true``.
* ``aws:rds/instance:Instance``, ``aws:rds/cluster:Cluster``: ``storageEncrypted: true``.
* ``aws:ec2/instance:Instance``: the root volume (``rootBlockDevice.encrypted``, unset is
  unencrypted) and every ``ebsBlockDevices`` entry encrypted.
* ``aws:ec2/launchTemplate:LaunchTemplate``: every EBS block device mapping with
  ``encrypted: "true"`` (the SDK takes a string); mappings without ``ebs`` are not volumes.
* ``aws:eks/cluster:Cluster``: envelope encryption of ``secrets`` (``encryptionConfig``).
* ``aws:eks/nodeGroup:NodeGroup``: a launch template (the one checked above); without one the
  node volumes follow the account's EBS default, which a synthesis cannot see.

Examples:
    >>> from iaccore.synth.graph import Resource
    >>> vm = Resource(urn="u", type="aws:ec2/instance:Instance", name="web", parent=None,
    ...               custom=True, inputs={"rootBlockDevice": {"volumeSize": 20}})
    >>> problems(vm, [])
    ['root volume (rootBlockDevice.encrypted is not true)']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iaccore.synth.graph import Resource

__all__ = ["problems"]

_SSE_CONFIG = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
)


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _bucket(resource: Resource, others: Sequence[Resource]) -> list[str]:
    if resource.inputs.get("serverSideEncryptionConfiguration"):
        return []
    names = {resource.id, resource.outputs.get("bucket"), resource.outputs.get("id")} - {None}
    for other in others:
        if other.type.startswith(_SSE_CONFIG) and other.inputs.get("bucket") in names:
            return []
    return ["no server-side encryption configuration"]


def _instance(resource: Resource) -> list[str]:
    found: list[str] = []
    root = _mapping(resource.inputs.get("rootBlockDevice"))
    if not _is_true(root.get("encrypted")):
        found.append("root volume (rootBlockDevice.encrypted is not true)")
    for index, device in enumerate(_items(resource.inputs.get("ebsBlockDevices"))):
        if not _is_true(device.get("encrypted")):
            name = device.get("deviceName", f"#{index}")
            found.append(f"EBS volume {name} (ebsBlockDevices[{index}].encrypted is not true)")
    return found


def _launch_template(resource: Resource) -> list[str]:
    found: list[str] = []
    for index, mapping in enumerate(_items(resource.inputs.get("blockDeviceMappings"))):
        ebs = mapping.get("ebs")
        if isinstance(ebs, Mapping) and not _is_true(ebs.get("encrypted")):
            name = mapping.get("deviceName", f"#{index}")
            found.append(
                f"EBS volume {name} (blockDeviceMappings[{index}].ebs.encrypted is not true)"
            )
    return found


def _eks_cluster(resource: Resource) -> list[str]:
    configs = resource.inputs.get("encryptionConfig")
    configs = [configs] if isinstance(configs, Mapping) else _items(configs)
    for config in configs:
        resources = config.get("resources")
        if isinstance(resources, list) and "secrets" in resources and config.get("provider"):
            return []
    return ["Kubernetes secrets (no encryptionConfig with a KMS key for `secrets`)"]


def problems(resource: Resource, others: Sequence[Resource]) -> list[str] | None:
    """What of ``resource`` is not encrypted at rest; None when its type has no such setting.

    ``others`` are the graph's other custom resources (for settings held by another resource,
    such as a bucket's encryption configuration).
    """
    inputs = resource.inputs
    kind = resource.type
    if kind in ("aws:ebs/volume:Volume", "aws:efs/fileSystem:FileSystem"):
        return [] if _is_true(inputs.get("encrypted")) else ["encrypted is not true"]
    if kind in ("aws:rds/instance:Instance", "aws:rds/cluster:Cluster"):
        return [] if _is_true(inputs.get("storageEncrypted")) else ["storageEncrypted is not true"]
    if kind == "aws:s3/bucket:Bucket":
        return _bucket(resource, others)
    if kind == "aws:ec2/instance:Instance":
        return _instance(resource)
    if kind == "aws:ec2/launchTemplate:LaunchTemplate":
        return _launch_template(resource)
    if kind == "aws:eks/cluster:Cluster":
        return _eks_cluster(resource)
    if kind == "aws:eks/nodeGroup:NodeGroup":
        if _mapping(inputs.get("launchTemplate")):
            return []
        return ["node volumes (no launch template: the account's EBS default applies)"]
    return None
