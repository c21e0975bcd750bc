"""Managed add-ons of an :class:`EksCluster`, the EBS CSI driver with its own IRSA role.

Add-ons whose pods need nodes (``coredns``, ``aws-ebs-csi-driver``) wait for the node groups,
so their creation does not time out on an empty cluster. A version of ``None`` lets EKS install
its default for the cluster's Kubernetes version.

Example:
    >>> ADDONS_NEEDING_NODES
    ('aws-ebs-csi-driver', 'coredns')
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from iaccore.aws.iam.policy import AMAZON_EBS_CSI_DRIVER_POLICY

if TYPE_CHECKING:
    from iaccore.aws.eks import EksCluster

__all__ = [
    "ADDONS_NEEDING_NODES",
    "EBS_CSI_ADDON",
    "EBS_CSI_SERVICE_ACCOUNT",
    "create_addons",
]

#: Add-ons that run pods on the nodes and so wait for the node groups.
ADDONS_NEEDING_NODES: tuple[str, ...] = ("aws-ebs-csi-driver", "coredns")

EBS_CSI_ADDON = "aws-ebs-csi-driver"
#: ``(namespace, name)`` of the EBS CSI controller's service account.
EBS_CSI_SERVICE_ACCOUNT: tuple[str, str] = ("kube-system", "ebs-csi-controller-sa")


def create_addons(comp: EksCluster) -> dict[str, aws.eks.Addon]:
    """One ``aws.eks.Addon`` per enabled add-on, by add-on name."""
    addons: dict[str, aws.eks.Addon] = {}
    for name, addon in sorted(comp.config.addons.items()):
        if not addon.enabled:
            continue
        role_arn: pulumi.Input[str] | None = None
        if name == EBS_CSI_ADDON:
            namespace, account = EBS_CSI_SERVICE_ACCOUNT
            comp.ebs_csi_role = comp.irsa_role(
                "ebs-csi", namespace, account, managed_policies=[AMAZON_EBS_CSI_DRIVER_POLICY]
            )
            role_arn = comp.ebs_csi_role.arn
        depends = list(comp.node_groups) if name in ADDONS_NEEDING_NODES else []
        addons[name] = aws.eks.Addon(
            comp.child_name("addon", name),
            cluster_name=comp.cluster.name,
            addon_name=name,
            addon_version=addon.version,
            resolve_conflicts_on_create=addon.resolve_conflicts_on_create,
            resolve_conflicts_on_update=addon.resolve_conflicts_on_update,
            configuration_values=json.dumps(addon.configuration_values, sort_keys=True)
            if addon.configuration_values is not None
            else None,
            service_account_role_arn=role_arn,
            tags=comp.child_tags("addon"),
            opts=comp.child_opts("addon", depends_on=depends or None),
        )
    return addons
