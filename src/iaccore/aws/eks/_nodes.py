"""Node IAM role, launch templates and managed node groups of an EKS cluster.

Each node group gets its own launch template: every EBS volume the AMI family boots with is
encrypted gp3 (``volume_devices``; Bottlerocket has an OS and a data volume), IMDSv2 only
(``http_tokens = "required"``) with the configured hop limit (1 by default), and tags on the
instances, volumes and network interfaces it launches, ``Name`` included (distinct per group).

A ``CUSTOM`` group's template names its AMI (``image_id``) and carries the nodeadm user data
that joins the node to the cluster (``iaccore.aws.eks.userdata``); its node group leaves
``ami_type`` and ``version`` unset, as the EKS API requires when the launch template has an image.

Examples:
    >>> volume_devices("BOTTLEROCKET_x86_64")
    (('/dev/xvda', False), ('/dev/xvdb', True))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.config import NodeGroupConfig
from iaccore.aws.iam.policy import (
    AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY,
    AMAZON_EKS_CNI_POLICY,
    AMAZON_EKS_WORKER_NODE_POLICY,
    AMAZON_SSM_MANAGED_INSTANCE_CORE,
)
from iaccore.aws.iam.role import IamRole, service_role_config
from iaccore.core.children import ChildFactory

__all__ = [
    "NODE_MANAGED_POLICIES",
    "NodeGroups",
    "create_node_role",
    "create_nodes",
    "root_device_name",
    "volume_devices",
]

#: Managed policies every node role gets (SSM is added only with ``enable_ssm``).
NODE_MANAGED_POLICIES: tuple[str, ...] = (
    AMAZON_EKS_WORKER_NODE_POLICY,
    AMAZON_EKS_CNI_POLICY,
    AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY,
)


def root_device_name(ami_type: str) -> str:
    """Device of the volume that holds images and pods for ``ami_type``.

    Bottlerocket keeps its OS on ``/dev/xvda`` and data on ``/dev/xvdb``; Windows boots from
    ``/dev/sda1``; Amazon Linux uses ``/dev/xvda``.
    """
    if ami_type.startswith("BOTTLEROCKET"):
        return "/dev/xvdb"
    if ami_type.startswith("WINDOWS"):
        return "/dev/sda1"
    return "/dev/xvda"


def volume_devices(ami_type: str) -> tuple[tuple[str, bool], ...]:
    """``(device, holds_data)`` of every EBS volume an ``ami_type`` node boots with.

    The data volume gets ``disk_size_gib``; an OS-only volume (Bottlerocket's ``/dev/xvda``)
    keeps the AMI's snapshot size, only its type and encryption are set.
    """
    data = root_device_name(ami_type)
    if ami_type.startswith("BOTTLEROCKET"):
        return (("/dev/xvda", False), (data, True))
    return ((data, True),)


def _block_device(
    device: str, size_gib: int | None
) -> aws.ec2.LaunchTemplateBlockDeviceMappingArgs:
    return aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
        device_name=device,
        ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
            volume_size=size_gib,
            volume_type="gp3",
            encrypted="true",
            delete_on_termination="true",
        ),
    )


@dataclass(frozen=True)
class NodeGroups:
    """What ``create_nodes`` built: the node role, launch templates and node groups.

    Templates and groups are in node-group name order.

    Examples:
        >>> NodeGroups.__dataclass_params__.frozen
        True
    """

    role: IamRole
    templates: tuple[aws.ec2.LaunchTemplate, ...]
    groups: tuple[aws.eks.NodeGroup, ...]


def create_node_role(children: ChildFactory, *, physical_name: str, enable_ssm: bool) -> IamRole:
    """The nodes' ``IamRole`` (role ``node_role``): worker, CNI and ECR read-only (+ SSM)."""
    policies = list(NODE_MANAGED_POLICIES)
    if enable_ssm:
        policies.append(AMAZON_SSM_MANAGED_INSTANCE_CORE)
    return children.child_component(
        IamRole,
        "node_role",
        service_role_config("ec2.amazonaws.com", description=f"EKS node role of {physical_name}"),
        managed_policies=policies,
    )


def _launch_template(
    children: ChildFactory,
    name: str,
    group: NodeGroupConfig,
    physical_name: str,
    custom_user_data: pulumi.Input[str] | None,
) -> aws.ec2.LaunchTemplate:
    # What the instances, volumes and ENIs are tagged with: the node group's tags and name.
    launched = children.child_tags("node_group", name, **group.tags)
    launched["Name"] = children.child_name("node_group", name)
    image_id = user_data = None
    if group.is_custom_ami:
        if custom_user_data is None:
            raise ValueError(f"node group {name!r} uses a custom AMI but got no user data")
        image_id, user_data = group.ami_id, custom_user_data
    return aws.ec2.LaunchTemplate(
        children.child_name("launch_template", name),
        description=f"EKS {physical_name} node group {name}",
        update_default_version=True,
        image_id=image_id,
        user_data=user_data,
        block_device_mappings=[
            _block_device(device, group.disk_size_gib if holds_data else None)
            for device, holds_data in volume_devices(group.ami_type)
        ],
        metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
            http_endpoint="enabled",
            http_tokens="required",
            http_put_response_hop_limit=group.metadata_hop_limit,
        ),
        tag_specifications=[
            aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=launched)
            for kind in ("instance", "volume", "network-interface")
        ],
        tags=children.child_tags("launch_template", name),
        opts=children.child_opts("launch_template"),
    )


def _update_config(group: NodeGroupConfig) -> aws.eks.NodeGroupUpdateConfigArgs:
    if group.max_unavailable_percentage is not None:
        return aws.eks.NodeGroupUpdateConfigArgs(
            max_unavailable_percentage=group.max_unavailable_percentage
        )
    return aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=group.max_unavailable or 1)


def create_nodes(
    children: ChildFactory,
    *,
    cluster_name: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    version: str,
    node_groups: Mapping[str, NodeGroupConfig],
    physical_name: str,
    enable_ssm: bool,
    custom_user_data: pulumi.Input[str] | None = None,
    depends_on: Sequence[pulumi.Resource] = (),
) -> NodeGroups:
    """The node role, then one launch template and managed node group per ``node_groups`` entry.

    The role is created even with no node group, so it can be given to groups added later.

    Args:
        children: The cluster component (names, options and tags come from it).
        cluster_name: Physical name of the cluster (its output, so groups wait for it).
        subnet_ids: Private subnets of the nodes.
        version: Kubernetes version of the nodes.
        node_groups: Node group configs by name.
        physical_name: Physical cluster name, for descriptions.
        enable_ssm: Also attach ``AmazonSSMManagedInstanceCore`` to the node role.
        custom_user_data: Base64 nodeadm user data for ``CUSTOM`` groups (required with one).
        depends_on: What every node group waits for besides its role (the add-ons a node needs
            before it joins).
    """
    node_role = create_node_role(children, physical_name=physical_name, enable_ssm=enable_ssm)
    templates: list[aws.ec2.LaunchTemplate] = []
    groups: list[aws.eks.NodeGroup] = []
    for name, group in sorted(node_groups.items()):
        template = _launch_template(children, name, group, physical_name, custom_user_data)
        templates.append(template)
        groups.append(
            aws.eks.NodeGroup(
                children.child_name("node_group", name),
                cluster_name=cluster_name,
                node_role_arn=node_role.arn,
                subnet_ids=list(subnet_ids),
                # With an image in the launch template, EKS refuses amiType and version.
                version=None if group.is_custom_ami else version,
                ami_type=None if group.is_custom_ami else group.ami_type,
                capacity_type=group.capacity_type,
                instance_types=list(group.instance_types),
                scaling_config=aws.eks.NodeGroupScalingConfigArgs(
                    min_size=group.min, desired_size=group.desired_size, max_size=group.max
                ),
                update_config=_update_config(group),
                labels=dict(group.labels) or None,
                taints=[
                    aws.eks.NodeGroupTaintArgs(key=t.key, value=t.value, effect=t.effect)
                    for t in group.taints
                ]
                or None,
                launch_template=aws.eks.NodeGroupLaunchTemplateArgs(
                    id=template.id,
                    version=template.latest_version.apply(lambda v: None if v is None else str(v)),
                ),
                tags=children.child_tags("node_group", name, **group.tags),
                opts=children.child_opts(
                    "node_group",
                    depends_on=[node_role, *depends_on],
                    # The cluster autoscaler owns the node count after creation.
                    ignore_changes=["scalingConfig.desiredSize"],
                ),
            )
        )
    return NodeGroups(role=node_role, templates=tuple(templates), groups=tuple(groups))
