"""Managed add-ons of an EKS cluster, created in two phases around the node groups.

- Before the node groups (``ADDONS_BEFORE_NODES``): ``vpc-cni``, ``kube-proxy`` and
  ``eks-pod-identity-agent``. They are DaemonSets, active with zero nodes, and what a node needs
  to become ready with the configured settings: pod networking (``aws-node``), service routing
  (``aws-node`` reaches the API server through the ``kubernetes`` service) and Pod Identity
  credentials for the first pods. The node groups depend on them.
- After the node groups: every other add-on (``coredns``, ``aws-ebs-csi-driver`` and any add-on
  you name) runs Deployments whose pods need nodes, so its creation would otherwise time out on
  an empty cluster.

Versions follow each add-on's policy (``iaccore.aws.eks.addon_config``): ``default`` and
``latest`` are resolved for the cluster's Kubernetes version with the
``aws.eks.get_addon_version`` invoke at every deploy; a pinned version is used as is.
``preserve`` keeps the add-on's software when the add-on resource is deleted. The EBS CSI
driver's IRSA role is created by the cluster component; here it is only waited for.

Examples:
    >>> ADDONS_BEFORE_NODES
    ('eks-pod-identity-agent', 'kube-proxy', 'vpc-cni')
    >>> addon_phase("coredns"), addon_phase("vpc-cni")
    ('after_nodes', 'before_nodes')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.checks import ADDONS_NEEDING_NODES
from iaccore.aws.eks.config import AddonConfig
from iaccore.core.children import ChildFactory

__all__ = [
    "ADDONS_BEFORE_NODES",
    "ADDONS_NEEDING_NODES",
    "EBS_CSI_ADDON",
    "EBS_CSI_SERVICE_ACCOUNT",
    "AddonPhase",
    "Addons",
    "addon_phase",
    "addon_version",
    "create_addons",
    "enabled_addons",
]

AddonPhase = Literal["before_nodes", "after_nodes"]

#: Add-ons created before the node groups, which depend on them.
ADDONS_BEFORE_NODES: tuple[str, ...] = ("eks-pod-identity-agent", "kube-proxy", "vpc-cni")

EBS_CSI_ADDON = "aws-ebs-csi-driver"
#: ``(namespace, name)`` of the EBS CSI controller's service account.
EBS_CSI_SERVICE_ACCOUNT: tuple[str, str] = ("kube-system", "ebs-csi-controller-sa")


@dataclass(frozen=True)
class Addons:
    """What ``create_addons`` built: one ``aws.eks.Addon`` per enabled add-on, by name.

    Examples:
        >>> Addons(by_name={}).by_name
        {}
    """

    by_name: Mapping[str, aws.eks.Addon]


def enabled_addons(addons: Mapping[str, AddonConfig]) -> list[str]:
    """Names of the enabled add-ons, sorted.

    Examples:
        >>> enabled_addons({"coredns": AddonConfig(), "kube-proxy": AddonConfig(enabled=False)})
        ['coredns']
    """
    return sorted(name for name, addon in addons.items() if addon.enabled)


def addon_phase(name: str) -> AddonPhase:
    """Whether add-on ``name`` is created before or after the node groups."""
    return "before_nodes" if name in ADDONS_BEFORE_NODES else "after_nodes"


def addon_version(
    name: str,
    addon: AddonConfig,
    *,
    kubernetes_version: str,
    provider: pulumi.ProviderResource | None,
) -> pulumi.Input[str]:
    """The version to install: the pin, or the policy resolved for ``kubernetes_version``.

    ``default`` asks EKS for its default version of the add-on for that Kubernetes version,
    ``latest`` for the most recent compatible one (``aws.eks.get_addon_version``).
    """
    pinned = addon.pinned_version
    if pinned is not None:
        return pinned
    found = aws.eks.get_addon_version_output(
        addon_name=name,
        kubernetes_version=kubernetes_version,
        most_recent=addon.most_recent,
        opts=pulumi.InvokeOutputOptions(provider=provider),
    )
    return found.version


def create_addons(
    children: ChildFactory,
    *,
    phase: AddonPhase,
    cluster_name: pulumi.Input[str],
    kubernetes_version: str,
    addons: Mapping[str, AddonConfig],
    provider: pulumi.ProviderResource | None,
    depends_on: Sequence[pulumi.Resource] = (),
    ebs_csi_role: pulumi.Resource | None = None,
    ebs_csi_role_arn: pulumi.Input[str] | None = None,
) -> Addons:
    """One ``aws.eks.Addon`` (role ``addon``) per enabled add-on of ``phase``.

    Args:
        children: The cluster component (names, options and tags come from it).
        phase: ``before_nodes`` or ``after_nodes`` (see ``addon_phase``).
        cluster_name: Physical name of the cluster (its output).
        kubernetes_version: The cluster's Kubernetes version, for ``default``/``latest``.
        addons: Add-on configs by name; disabled ones and those of the other phase are skipped.
        provider: The AWS provider of the version look-ups (None: the default provider).
        depends_on: What every add-on of this phase waits for (the node groups, after them).
        ebs_csi_role: The EBS CSI driver's IRSA role component; that add-on waits for it (and so
            for its policy attachment: a component is ready when its children are).
        ebs_csi_role_arn: That role's ARN, the add-on's service account role.
    """
    created: dict[str, aws.eks.Addon] = {}
    for name in enabled_addons(addons):
        if addon_phase(name) != phase:
            continue
        addon = addons[name]
        waits = list(depends_on)
        is_ebs_csi = name == EBS_CSI_ADDON
        if is_ebs_csi and ebs_csi_role is not None:
            waits.append(ebs_csi_role)
        created[name] = aws.eks.Addon(
            children.child_name("addon", name),
            cluster_name=cluster_name,
            addon_name=name,
            addon_version=addon_version(
                name, addon, kubernetes_version=kubernetes_version, provider=provider
            ),
            preserve=addon.preserve,
            resolve_conflicts_on_create=addon.resolve_conflicts_on_create,
            resolve_conflicts_on_update=addon.resolve_conflicts_on_update,
            configuration_values=json.dumps(addon.configuration_values, sort_keys=True)
            if addon.configuration_values is not None
            else None,
            service_account_role_arn=ebs_csi_role_arn if is_ebs_csi else None,
            tags=children.child_tags("addon", name),
            opts=children.child_opts("addon", depends_on=waits or None),
        )
    return Addons(by_name=created)
