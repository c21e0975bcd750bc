"""Access entries (cluster admins) and the IAM OIDC provider of an EKS cluster.

The OIDC provider trusts the cluster's issuer for the ``sts.amazonaws.com`` audience. No
thumbprint is given: for EKS issuers (``oidc.eks.<region>.amazonaws.com``) IAM verifies the
certificate against its own trusted root CAs and ignores the thumbprint list, which the IAM API
has not required since 2023; a fixed placeholder would only be noise in the diff.

Examples:
    >>> cluster_admin_policy_arn("aws")
    'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.plan import principal_slug
from iaccore.core.children import ChildFactory

__all__ = [
    "CLUSTER_ADMIN_POLICY",
    "AccessEntries",
    "cluster_admin_policy_arn",
    "create_access_entries",
    "create_oidc_provider",
]

#: EKS access policy given to every ``admin_principals`` entry and to ``deployer_role_arn``.
CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy"


def cluster_admin_policy_arn(partition: str) -> str:
    """ARN of the EKS cluster-admin access policy in ``partition``."""
    return f"arn:{partition}:eks::aws:cluster-access-policy/{CLUSTER_ADMIN_POLICY}"


@dataclass(frozen=True)
class AccessEntries:
    """What ``create_access_entries`` built, in ``principals`` order.

    Examples:
        >>> AccessEntries(entries=(), associations=()).associations
        ()
    """

    entries: tuple[aws.eks.AccessEntry, ...]
    associations: tuple[aws.eks.AccessPolicyAssociation, ...]


def create_access_entries(
    children: ChildFactory,
    *,
    cluster_name: pulumi.Input[str],
    principals: Sequence[str],
    partition: str,
) -> AccessEntries:
    """An access entry (role ``access_entry``) plus a cluster-scoped admin policy association
    (role ``access_policy``) per principal (the admins and the deployer), named by
    ``principal_slug``."""
    entries: list[aws.eks.AccessEntry] = []
    associations: list[aws.eks.AccessPolicyAssociation] = []
    for principal in principals:
        slug = principal_slug(principal)
        entry = aws.eks.AccessEntry(
            children.child_name("access_entry", slug),
            cluster_name=cluster_name,
            principal_arn=principal,
            type="STANDARD",
            tags=children.child_tags("access_entry", slug),
            opts=children.child_opts("access_entry"),
        )
        entries.append(entry)
        associations.append(
            aws.eks.AccessPolicyAssociation(
                children.child_name("access_policy", slug),
                cluster_name=cluster_name,
                principal_arn=entry.principal_arn,
                policy_arn=cluster_admin_policy_arn(partition),
                access_scope=aws.eks.AccessPolicyAssociationAccessScopeArgs(type="cluster"),
                opts=children.child_opts("access_policy", depends_on=[entry]),
            )
        )
    return AccessEntries(entries=tuple(entries), associations=tuple(associations))


def create_oidc_provider(
    children: ChildFactory, *, issuer: pulumi.Input[str]
) -> aws.iam.OpenIdConnectProvider:
    """The IAM OIDC provider (role ``oidc_provider``) of the cluster's issuer, for IRSA."""
    return aws.iam.OpenIdConnectProvider(
        children.child_name("oidc_provider"),
        url=issuer,
        client_id_lists=["sts.amazonaws.com"],
        tags=children.child_tags("oidc_provider"),
        opts=children.child_opts("oidc_provider"),
    )
