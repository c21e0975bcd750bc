"""Values derived from an ``aws.eks.Cluster``'s outputs: kubeconfig, node user data, ids.

Each function takes the cluster resource and returns an output; none reads the component.
Nested output objects are typed SDK classes under a real engine and plain dicts under the
mocks, so fields are read with ``output_field``.

Examples:
    >>> output_field({"clusterSecurityGroupId": "sg-1"}, "cluster_security_group_id",
    ...              "clusterSecurityGroupId")
    'sg-1'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

from iaccore.aws.eks.kubeconfig import build_kubeconfig
from iaccore.aws.eks.userdata import encode_user_data, nodeadm_user_data

__all__ = [
    "cluster_security_group_id",
    "kubeconfig",
    "node_user_data",
    "oidc_issuer",
    "output_field",
]


def output_field(value: Any, *keys: str) -> Any:
    """A field of an output object: typed SDK output classes and plain dicts (mocks) alike."""
    for key in keys:
        if isinstance(value, Mapping) and key in value:
            return value[key]
        if hasattr(value, key):
            return getattr(value, key)
    return None


def oidc_issuer(cluster: aws.eks.Cluster) -> pulumi.Output[str]:
    """The cluster's OIDC issuer URL (``https://oidc.eks.<region>.amazonaws.com/id/…``)."""
    return cluster.identities.apply(
        lambda ids: str(output_field(output_field(ids[0], "oidcs")[0], "issuer"))
    )


def cluster_security_group_id(cluster: aws.eks.Cluster) -> pulumi.Output[str]:
    """The security group EKS created for the cluster (control plane and managed nodes)."""
    return cluster.vpc_config.apply(
        lambda vpc: str(output_field(vpc, "cluster_security_group_id", "clusterSecurityGroupId"))
    )


def kubeconfig(
    cluster: aws.eks.Cluster, *, role_arn: str | None, profile: str | None
) -> pulumi.Output[str]:
    """The cluster's ``aws eks get-token`` kubeconfig, a secret output."""

    def build(args: list[Any]) -> str:
        name, endpoint, authority, arn = args
        return build_kubeconfig(
            cluster_name=str(name),
            endpoint=str(endpoint),
            ca_data=str(output_field(authority, "data")),
            region=str(arn).split(":")[3],
            role_arn=role_arn,
            profile=profile,
        )

    text = pulumi.Output.all(
        cluster.name, cluster.endpoint, cluster.certificate_authority, cluster.arn
    ).apply(build)
    return pulumi.Output.secret(text)


def node_user_data(cluster: aws.eks.Cluster) -> pulumi.Output[str]:
    """Base64 nodeadm user data that joins a custom-AMI node to ``cluster``."""

    def build(args: list[Any]) -> str:
        name, endpoint, authority, network = args
        return encode_user_data(
            nodeadm_user_data(
                cluster_name=str(name),
                endpoint=str(endpoint),
                ca_data=str(output_field(authority, "data")),
                service_cidr=str(output_field(network, "service_ipv4_cidr", "serviceIpv4Cidr")),
            )
        )

    return pulumi.Output.all(
        cluster.name,
        cluster.endpoint,
        cluster.certificate_authority,
        cluster.kubernetes_network_config,
    ).apply(build)
