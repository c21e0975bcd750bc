"""Access entries (cluster admins) and the IAM OIDC provider of an :class:`EksCluster`.

The OIDC provider trusts the cluster's issuer for the ``sts.amazonaws.com`` audience. No
thumbprint is given: for EKS issuers (``oidc.eks.<region>.amazonaws.com``) IAM verifies the
certificate against its own trusted root CAs and ignores the thumbprint list, which the IAM API
has not required since 2023; a fixed placeholder would only be noise in the diff.

Example:
    >>> cluster_admin_policy_arn("aws")
    'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi_aws as aws

from iaccore.aws._eks_plan import principal_slug

if TYPE_CHECKING:
    from iaccore.aws.eks import EksCluster

__all__ = [
    "CLUSTER_ADMIN_POLICY",
    "cluster_admin_policy_arn",
    "create_access_entries",
    "create_oidc_provider",
]

#: EKS access policy given to every ``admin_principals`` entry.
CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy"


def cluster_admin_policy_arn(partition: str) -> str:
    """ARN of the EKS cluster-admin access policy in ``partition``."""
    return f"arn:{partition}:eks::aws:cluster-access-policy/{CLUSTER_ADMIN_POLICY}"


def create_access_entries(comp: EksCluster) -> list[aws.eks.AccessPolicyAssociation]:
    """An access entry plus a cluster-scoped admin policy association per admin principal."""
    associations: list[aws.eks.AccessPolicyAssociation] = []
    for principal in comp.config.admin_principals:
        slug = principal_slug(principal)
        entry = aws.eks.AccessEntry(
            comp.child_name("access_entry", slug),
            cluster_name=comp.cluster.name,
            principal_arn=principal,
            type="STANDARD",
            tags=comp.child_tags("access_entry"),
            opts=comp.child_opts("access_entry"),
        )
        associations.append(
            aws.eks.AccessPolicyAssociation(
                comp.child_name("access_policy", slug),
                cluster_name=comp.cluster.name,
                principal_arn=entry.principal_arn,
                policy_arn=cluster_admin_policy_arn(comp.partition),
                access_scope=aws.eks.AccessPolicyAssociationAccessScopeArgs(type="cluster"),
                opts=comp.child_opts("access_policy", depends_on=[entry]),
            )
        )
    return associations


def create_oidc_provider(comp: EksCluster) -> aws.iam.OpenIdConnectProvider:
    """The IAM OIDC provider of the cluster's issuer, for IRSA."""
    return aws.iam.OpenIdConnectProvider(
        comp.child_name("oidc_provider"),
        url=comp.oidc_issuer,
        client_id_lists=["sts.amazonaws.com"],
        tags=comp.child_tags("oidc_provider"),
        opts=comp.child_opts("oidc_provider"),
    )
