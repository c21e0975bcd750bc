"""Kubeconfig for an EKS cluster, authenticated with ``aws eks get-token`` (pure, no Pulumi).

Examples:
    >>> import json
    >>> text = build_kubeconfig(cluster_name="prod", endpoint="https://ABC.gr7.eu-west-1.eks"
    ...                         ".amazonaws.com", ca_data="Q0E=", region="eu-west-1")
    >>> json.loads(text)["users"][0]["user"]["exec"]["args"][:4]
    ['--region', 'eu-west-1', 'eks', 'get-token']
"""

from __future__ import annotations

from iaccore.kubernetes.kubeconfig import EXEC_API_VERSION, exec_user
from iaccore.kubernetes.kubeconfig import build_kubeconfig as _kubeconfig

__all__ = ["EXEC_API_VERSION", "build_kubeconfig"]


def build_kubeconfig(
    *,
    cluster_name: str,
    endpoint: str,
    ca_data: str,
    region: str,
    role_arn: str | None = None,
    profile: str | None = None,
) -> str:
    """A kubeconfig (JSON text) for ``cluster_name`` using ``aws eks get-token`` exec auth.

    Args:
        cluster_name: Physical EKS cluster name (what ``get-token`` asks a token for).
        endpoint: API server URL, ``https://…``.
        ca_data: Base64 certificate authority data of the cluster.
        region: Region of the cluster.
        role_arn: Optional role ``get-token`` assumes first (``--role-arn``).
        profile: Optional AWS CLI profile, passed as ``AWS_PROFILE``.

    Raises:
        ValueError: A required value is empty or the endpoint is not ``https://``.

    Examples:
        >>> import json
        >>> cfg = json.loads(build_kubeconfig(cluster_name="c", endpoint="https://e",
        ...                                   ca_data="Q0E=", region="us-east-1"))
        >>> cfg["current-context"], cfg["clusters"][0]["cluster"]["server"]
        ('c', 'https://e')
    """
    if not region:
        raise ValueError("region must not be empty")
    args = ["--region", region, "eks", "get-token", "--cluster-name", cluster_name]
    if role_arn:
        args += ["--role-arn", role_arn]
    args += ["--output", "json"]
    user = exec_user("aws", args, env={"AWS_PROFILE": profile} if profile else None)
    return _kubeconfig(cluster_name=cluster_name, server=endpoint, ca_data=ca_data, user=user)
