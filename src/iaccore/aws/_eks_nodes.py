"""Node IAM role, launch templates and managed node groups of an :class:`EksCluster`.

Each node group gets its own launch template: an encrypted gp3 root volume of the configured
size, IMDSv2 only (``http_tokens = "required"``) with the configured hop limit, and tags on the
instances and volumes it launches.

Example:
    >>> root_device_name("BOTTLEROCKET_x86_64")
    '/dev/xvdb'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi_aws as aws

from iaccore.aws._eks_config import NodeGroupConfig
from iaccore.aws.iam.policy import (
    AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY,
    AMAZON_EKS_CNI_POLICY,
    AMAZON_EKS_WORKER_NODE_POLICY,
    AMAZON_SSM_MANAGED_INSTANCE_CORE,
)
from iaccore.aws.iam.role import IamRole, service_role_config

if TYPE_CHECKING:
    from iaccore.aws.eks import EksCluster

__all__ = ["NODE_MANAGED_POLICIES", "create_node_groups", "create_node_role", "root_device_name"]

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


def create_node_role(comp: EksCluster) -> IamRole:
    """The IAM role of the nodes: exactly the worker, CNI and ECR read-only policies (+ SSM)."""
    policies = list(NODE_MANAGED_POLICIES)
    if comp.config.enable_ssm:
        policies.append(AMAZON_SSM_MANAGED_INSTANCE_CORE)
    return comp.child_component(
        IamRole,
        "node_role",
        service_role_config(
            "ec2.amazonaws.com", description=f"EKS node role of {comp.physical_name}"
        ),
        managed_policies=policies,
    )


def _launch_template(comp: EksCluster, name: str, group: NodeGroupConfig) -> aws.ec2.LaunchTemplate:
    tags = comp.child_tags("node_group", **group.tags)
    tags["Name"] = comp.child_name("node_group", name)
    return aws.ec2.LaunchTemplate(
        comp.child_name("launch_template", name),
        description=f"EKS {comp.physical_name} node group {name}",
        update_default_version=True,
        block_device_mappings=[
            aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name=root_device_name(group.ami_type),
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=group.disk_size_gib,
                    volume_type="gp3",
                    encrypted="true",
                    delete_on_termination="true",
                ),
            )
        ],
        metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
            http_endpoint="enabled",
            http_tokens="required",
            http_put_response_hop_limit=group.metadata_hop_limit,
        ),
        tag_specifications=[
            aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=tags)
            for kind in ("instance", "volume", "network-interface")
        ],
        tags=comp.child_tags("launch_template"),
        opts=comp.child_opts("launch_template"),
    )


def create_node_groups(comp: EksCluster) -> list[aws.eks.NodeGroup]:
    """One managed node group (and launch template) per entry of ``node_groups``."""
    groups: list[aws.eks.NodeGroup] = []
    for name, group in sorted(comp.config.node_groups.items()):
        template = _launch_template(comp, name, group)
        if group.max_unavailable_percentage is not None:
            update = aws.eks.NodeGroupUpdateConfigArgs(
                max_unavailable_percentage=group.max_unavailable_percentage
            )
        else:
            update = aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=group.max_unavailable or 1)
        groups.append(
            aws.eks.NodeGroup(
                comp.child_name("node_group", name),
                cluster_name=comp.cluster.name,
                node_role_arn=comp.node_role.arn,
                subnet_ids=comp.subnet_ids,
                version=comp.config.version,
                ami_type=group.ami_type,
                capacity_type=group.capacity_type,
                instance_types=list(group.instance_types),
                scaling_config=aws.eks.NodeGroupScalingConfigArgs(
                    min_size=group.min, desired_size=group.desired_size, max_size=group.max
                ),
                update_config=update,
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
                tags=comp.child_tags("node_group", **group.tags),
                opts=comp.child_opts(
                    "node_group",
                    depends_on=[comp.node_role],
                    # The cluster autoscaler owns the node count after creation.
                    ignore_changes=["scalingConfig.desiredSize"],
                ),
            )
        )
    return groups
