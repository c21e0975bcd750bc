"""Checks [`EksCluster`][iaccore.aws.EksCluster] runs before it registers (pure, no Pulumi).

They need more than one config model (the cluster's and its VPC's) or the physical name, so
they run in the component's ``_prepare`` hook: a failure creates nothing.

Examples:
    >>> from iaccore.aws.eks.config import EksClusterConfig
    >>> check_admin_access(
    ...     EksClusterConfig(deployer_role_arn="arn:aws:iam::123456789012:role/ci"),
    ...     key_path="aws.eks.clusters.main",
    ... )
"""

from __future__ import annotations

from collections.abc import Sequence

from iaccore.aws.eks.config import EksClusterConfig
from iaccore.core.errors import ConfigurationError

__all__ = [
    "ADDONS_NEEDING_NODES",
    "access_warnings",
    "check_addons_have_nodes",
    "check_admin_access",
    "check_subnet_azs",
    "check_vpc_cluster_names",
]

#: Default add-ons that can never become active without nodes (a cluster with none is refused).
ADDONS_NEEDING_NODES: tuple[str, ...] = ("aws-ebs-csi-driver", "coredns")


def check_subnet_azs(
    subnet_ids: Sequence[str],
    vpc_private_azs: Sequence[str] | None,
    *,
    key_path: str,
    vpc_key_path: str = "aws.vpc",
) -> None:
    """Refuse fewer than two subnets (or a VPC whose private tier spans fewer than two AZs).

    EKS places control-plane interfaces in at least two AZs; ``CreateCluster`` refuses fewer.
    ``vpc_private_azs`` is None without a VPC (then ``subnet_ids`` are checked).

    Examples:
        >>> check_subnet_azs([], ["eu-west-1a", "eu-west-1b"], key_path="aws.eks.clusters.main")
    """
    if vpc_private_azs is None:
        if len(set(subnet_ids)) < 2:
            raise ConfigurationError(
                "EKS needs subnets in at least two availability zones",
                key_path=f"{key_path}.subnet_ids",
                expected="two or more subnet ids in different AZs",
            )
        return
    if len(set(vpc_private_azs)) < 2:
        raise ConfigurationError(
            "the VPC has private subnets in fewer than two availability zones",
            key_path=f"{vpc_key_path}.azs",
            expected="the private tier enabled and azs of 2 or more",
        )


def check_addons_have_nodes(config: EksClusterConfig, *, key_path: str) -> None:
    """Refuse add-ons that run as pods (``ADDONS_NEEDING_NODES``) on a cluster with no nodes.

    Examples:
        >>> check_addons_have_nodes(
        ...     EksClusterConfig(node_groups={"general": {}}), key_path="aws.eks.clusters.main"
        ... )
    """
    if config.node_groups:
        return
    needs_nodes = [
        name
        for name, addon in sorted(config.addons.items())
        if addon.enabled and name in ADDONS_NEEDING_NODES
    ]
    if needs_nodes:
        raise ConfigurationError(
            f"add-ons {', '.join(needs_nodes)} run as pods and would never become active "
            "without a node group",
            key_path=f"{key_path}.node_groups",
            expected="at least one node group, or those add-ons set to enabled: false",
        )


def check_admin_access(config: EksClusterConfig, *, key_path: str) -> None:
    """Refuse a cluster nobody could administer (no deployer, admin or creator-admin).

    With access entries only (the default ``API`` mode) and none of those, no IAM identity
    could ever reach the Kubernetes API: not the program's own Kubernetes provider, not an
    operator.

    Raises:
        ConfigurationError: Naming ``<key_path>.deployer_role_arn`` and the two other keys.

    Examples:
        >>> try:
        ...     check_admin_access(EksClusterConfig(), key_path="aws.eks.clusters.main")
        ... except ConfigurationError as err:
        ...     print(err.key_path)
        aws.eks.clusters.main.deployer_role_arn
    """
    if config.has_admin:
        return
    raise ConfigurationError(
        "nobody could administer this cluster: it has no deployer access and no admin "
        f"principal; set {key_path}.deployer_role_arn (the role that runs Pulumi), "
        f"{key_path}.admin_principals, or {key_path}.bootstrap_cluster_creator_admin_permissions"
        ": true",
        key_path=f"{key_path}.deployer_role_arn",
        expected="deployer_role_arn, admin_principals or "
        "bootstrap_cluster_creator_admin_permissions: true",
    )


def check_vpc_cluster_names(names: Sequence[str], physical_name: str, *, vpc_key_path: str) -> None:
    """Refuse a cluster placed in a VPC that tags its subnets for other cluster names only.

    The VPC's ``eks_cluster_names`` become ``kubernetes.io/cluster/<name>`` subnet tags, which
    must carry the physical EKS cluster name (not the logical one). A VPC that lists no name
    tags none and is fine for any cluster.

    Raises:
        ConfigurationError: Naming ``<vpc_key_path>.eks_cluster_names`` and the expected name.

    Examples:
        >>> check_vpc_cluster_names([], "payments-dev-main", vpc_key_path="aws.vpc")
        >>> try:
        ...     check_vpc_cluster_names(["main"], "payments-dev-main", vpc_key_path="aws.vpc")
        ... except ConfigurationError as err:
        ...     print(err.key_path, "|", err.expected)
        aws.vpc.eks_cluster_names | a list that includes 'payments-dev-main'
    """
    if not names or physical_name in names:
        return
    raise ConfigurationError(
        f"the VPC tags its subnets for EKS clusters {', '.join(sorted(names))} but this "
        f"cluster's physical name is {physical_name!r}: its kubernetes.io/cluster/<name> tag "
        "would name another cluster (a logical name is not the cluster name)",
        key_path=f"{vpc_key_path}.eks_cluster_names",
        expected=f"a list that includes {physical_name!r}",
        hint="or set the cluster's cluster_name to one of the listed names",
    )


def access_warnings(config: EksClusterConfig) -> tuple[str, ...]:
    """Warnings about access that is valid but probably not what was meant.

    Examples:
        >>> cfg = EksClusterConfig(
        ...     admin_principals=["arn:aws:iam::123456789012:role/admins"],
        ...     kubeconfig={"role_arn": "arn:aws:iam::123456789012:role/other"},
        ... )
        >>> access_warnings(cfg)[0][:60]
        'kubeconfig.role_arn arn:aws:iam::123456789012:role/other has'
    """
    role = config.kubeconfig.role_arn
    if role is None or role in config.access_principals:
        return ()
    return (
        f"kubeconfig.role_arn {role} has no access entry in this cluster (it is neither "
        "deployer_role_arn nor in admin_principals); the cluster's Kubernetes provider is "
        "refused unless access is granted elsewhere",
    )
