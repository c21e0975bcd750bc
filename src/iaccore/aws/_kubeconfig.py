"""Kubeconfig for an EKS cluster, authenticated with ``aws eks get-token`` (pure, no Pulumi).

The document is JSON (a subset of YAML that kubectl and the Kubernetes provider both read),
rendered with sorted keys so the same cluster always gives the same text. It holds no
credential: the ``exec`` plugin fetches a short-lived token from the caller's AWS identity.

Example:
    >>> text = build_kubeconfig(cluster_name="prod", endpoint="https://ABC.gr7.eu-west-1.eks"
    ...                         ".amazonaws.com", ca_data="Q0E=", region="eu-west-1")
    >>> json.loads(text)["users"][0]["user"]["exec"]["args"][:4]
    ['--region', 'eu-west-1', 'eks', 'get-token']
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["EXEC_API_VERSION", "build_kubeconfig"]

#: API version of the client authentication exec plugin that ``aws eks get-token`` speaks.
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"


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

    Example:
        >>> cfg = json.loads(build_kubeconfig(cluster_name="c", endpoint="https://e",
        ...                                   ca_data="Q0E=", region="us-east-1"))
        >>> cfg["current-context"], cfg["clusters"][0]["cluster"]["server"]
        ('c', 'https://e')
    """
    for label, value in (
        ("cluster_name", cluster_name),
        ("endpoint", endpoint),
        ("ca_data", ca_data),
        ("region", region),
    ):
        if not value:
            raise ValueError(f"{label} must not be empty")
    if not endpoint.startswith("https://"):
        raise ValueError(f"endpoint {endpoint!r} must be an https:// URL")
    args = ["--region", region, "eks", "get-token", "--cluster-name", cluster_name]
    if role_arn:
        args += ["--role-arn", role_arn]
    args += ["--output", "json"]
    exec_config: dict[str, Any] = {
        "apiVersion": EXEC_API_VERSION,
        "command": "aws",
        "args": args,
        "interactiveMode": "Never",
    }
    if profile:
        exec_config["env"] = [{"name": "AWS_PROFILE", "value": profile}]
    document: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": cluster_name,
                "cluster": {"server": endpoint, "certificate-authority-data": ca_data},
            }
        ],
        "contexts": [
            {"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}
        ],
        "current-context": cluster_name,
        "preferences": {},
        "users": [{"name": cluster_name, "user": {"exec": exec_config}}],
    }
    return json.dumps(document, indent=2, sort_keys=True)
