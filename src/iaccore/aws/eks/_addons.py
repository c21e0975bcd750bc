"""Managed add-ons of an EKS cluster.

Add-ons whose pods need nodes (``coredns``, ``aws-ebs-csi-driver``) wait for the node groups,
so their creation does not time out on an empty cluster. A version of ``None`` lets EKS install
its default for the cluster's Kubernetes version. The EBS CSI driver's IRSA role is created by
the cluster component (its ``irsa_role`` method); only the role's ARN comes here.

Example:
    >>> ADDONS_NEEDING_NODES
    ('aws-ebs-csi-driver', 'coredns')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.config import AddonConfig
from iaccore.core.children import ChildFactory

__all__ = [
    "ADDONS_NEEDING_NODES",
    "EBS_CSI_ADDON",
    "EBS_CSI_SERVICE_ACCOUNT",
    "Addons",
    "create_addons",
    "enabled_addons",
]

#: Add-ons that run pods on the nodes and so wait for the node groups.
ADDONS_NEEDING_NODES: tuple[str, ...] = ("aws-ebs-csi-driver", "coredns")

EBS_CSI_ADDON = "aws-ebs-csi-driver"
#: ``(namespace, name)`` of the EBS CSI controller's service account.
EBS_CSI_SERVICE_ACCOUNT: tuple[str, str] = ("kube-system", "ebs-csi-controller-sa")


@dataclass(frozen=True)
class Addons:
    """What :func:`create_addons` built: one ``aws.eks.Addon`` per enabled add-on, by name.

    Example:
        >>> Addons(by_name={}).by_name
        {}
    """

    by_name: Mapping[str, aws.eks.Addon]


def enabled_addons(addons: Mapping[str, AddonConfig]) -> list[str]:
    """Names of the enabled add-ons, sorted.

    Example:
        >>> enabled_addons({"coredns": AddonConfig(), "kube-proxy": AddonConfig(enabled=False)})
        ['coredns']
    """
    return sorted(name for name, addon in addons.items() if addon.enabled)


def create_addons(
    children: ChildFactory,
    *,
    cluster_name: pulumi.Input[str],
    addons: Mapping[str, AddonConfig],
    node_groups: Sequence[pulumi.Resource],
    ebs_csi_role_arn: pulumi.Input[str] | None,
) -> Addons:
    """One ``aws.eks.Addon`` (role ``addon``) per enabled add-on.

    Args:
        children: The cluster component (names, options and tags come from it).
        cluster_name: Physical name of the cluster (its output).
        addons: Add-on configs by name; disabled ones are skipped.
        node_groups: What add-ons in :data:`ADDONS_NEEDING_NODES` wait for.
        ebs_csi_role_arn: The EBS CSI driver's IRSA role, its service account role.
    """
    created: dict[str, aws.eks.Addon] = {}
    for name in enabled_addons(addons):
        addon = addons[name]
        depends = list(node_groups) if name in ADDONS_NEEDING_NODES else []
        created[name] = aws.eks.Addon(
            children.child_name("addon", name),
            cluster_name=cluster_name,
            addon_name=name,
            addon_version=addon.version,
            resolve_conflicts_on_create=addon.resolve_conflicts_on_create,
            resolve_conflicts_on_update=addon.resolve_conflicts_on_update,
            configuration_values=json.dumps(addon.configuration_values, sort_keys=True)
            if addon.configuration_values is not None
            else None,
            service_account_role_arn=ebs_csi_role_arn if name == EBS_CSI_ADDON else None,
            tags=children.child_tags("addon", name),
            opts=children.child_opts("addon", depends_on=depends or None),
        )
    return Addons(by_name=created)
