"""Kubeconfig documents for one cluster with exec-plugin authentication (pure, no Pulumi).

Shared by every module that creates a cluster (EKS, AKS) and by the Kubernetes module that reads
clusters. The document is JSON (a subset of YAML that kubectl and the Kubernetes provider both
read), rendered with sorted keys so the same cluster always gives the same text. It holds no
credential: the ``exec`` plugin fetches a short-lived token when it is used.

Examples:
    >>> user = exec_user("aws", ["eks", "get-token", "--cluster-name", "prod"])
    >>> text = build_kubeconfig(cluster_name="prod", server="https://ABC.example",
    ...                         ca_data="Q0E=", user=user)
    >>> json.loads(text)["users"][0]["user"]["exec"]["command"]
    'aws'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["EXEC_API_VERSION", "build_kubeconfig", "exec_user"]

#: API version of the client authentication exec plugin protocol.
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"


def exec_user(
    command: str, args: Sequence[str], *, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The ``user`` entry of a kubeconfig that runs ``command args`` for a token.

    Examples:
        >>> exec_user("kubelogin", ["get-token"], env={"A": "1"})["exec"]["env"]
        [{'name': 'A', 'value': '1'}]
    """
    config: dict[str, Any] = {
        "apiVersion": EXEC_API_VERSION,
        "command": command,
        "args": list(args),
        "interactiveMode": "Never",
    }
    if env:
        config["env"] = [{"name": key, "value": value} for key, value in sorted(env.items())]
    return {"exec": config}


def build_kubeconfig(
    *,
    cluster_name: str,
    server: str,
    ca_data: str,
    user: Mapping[str, Any],
    user_name: str | None = None,
) -> str:
    """A kubeconfig (JSON text) with one cluster, one user and one context, all current.

    Args:
        cluster_name: Name of the cluster entry and the context.
        server: API server URL, ``https://…``.
        ca_data: Base64 certificate authority data of the cluster.
        user: The ``user`` entry (see ``exec_user``).
        user_name: Name of the user entry; the cluster name when unset.

    Raises:
        ValueError: A required value is empty or the server is not ``https://``.

    Examples:
        >>> cfg = json.loads(build_kubeconfig(cluster_name="c", server="https://e",
        ...                                   ca_data="Q0E=", user=exec_user("x", [])))
        >>> cfg["current-context"], cfg["clusters"][0]["cluster"]["server"]
        ('c', 'https://e')
    """
    for label, value in (("cluster_name", cluster_name), ("server", server), ("ca_data", ca_data)):
        if not value:
            raise ValueError(f"{label} must not be empty")
    if not server.startswith("https://"):
        raise ValueError(f"server {server!r} must be an https:// URL")
    user_name = user_name or cluster_name
    document: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": cluster_name,
                "cluster": {"server": server, "certificate-authority-data": ca_data},
            }
        ],
        "contexts": [
            {"name": cluster_name, "context": {"cluster": cluster_name, "user": user_name}}
        ],
        "current-context": cluster_name,
        "preferences": {},
        "users": [{"name": user_name, "user": dict(user)}],
    }
    return json.dumps(document, indent=2, sort_keys=True)
