"""User data that bootstraps a custom-AMI node with ``nodeadm`` (pure, no Pulumi import).

For an EKS managed node group whose launch template names an AMI (``ami_type: CUSTOM``), EKS
merges no bootstrap of its own into the user data: the node must be told which cluster to join.
Amazon Linux 2023 based EKS AMIs do that with ``nodeadm``, which reads a ``NodeConfig``
(``node.eks.aws/v1alpha1``) from the instance user data, as a MIME multi-part document whose part
has the content type ``application/node.eks.aws``. The four cluster fields are the ones nodeadm
requires: name, API server endpoint, certificate authority (base64) and the service CIDR (from
which nodeadm derives the cluster DNS address). Reference:
https://awslabs.github.io/amazon-eks-ami/nodeadm/.

Examples:
    >>> text = nodeadm_user_data(cluster_name="prod", endpoint="https://ABC.eks.amazonaws.com",
    ...                          ca_data="Q0E=", service_cidr="172.20.0.0/16")
    >>> "Content-Type: application/node.eks.aws" in text, "kind: NodeConfig" in text
    (True, True)
"""

from __future__ import annotations

import base64
import ipaddress
import json

__all__ = ["MIME_BOUNDARY", "NODEADM_CONTENT_TYPE", "encode_user_data", "nodeadm_user_data"]

#: MIME content type of a nodeadm ``NodeConfig`` part.
NODEADM_CONTENT_TYPE = "application/node.eks.aws"
#: Boundary of the multi-part user data (must not occur in the parts).
MIME_BOUNDARY = "IACCORE-NODEADM-BOUNDARY"


def nodeadm_user_data(*, cluster_name: str, endpoint: str, ca_data: str, service_cidr: str) -> str:
    """MIME multi-part user data with the ``NodeConfig`` that joins a node to ``cluster_name``.

    Values are written as JSON strings (valid YAML), so no value can break the document.

    Args:
        cluster_name: Physical EKS cluster name.
        endpoint: API server URL, ``https://…``.
        ca_data: Base64 certificate authority data of the cluster.
        service_cidr: The cluster's Kubernetes service CIDR (``172.20.0.0/16``).

    Raises:
        ValueError: A value is empty, the endpoint is not ``https://`` or the CIDR is invalid.

    Examples:
        >>> print(nodeadm_user_data(cluster_name="c", endpoint="https://e", ca_data="Q0E=",
        ...                         service_cidr="10.100.0.0/16").splitlines()[8])
        kind: NodeConfig
    """
    if not cluster_name or not ca_data:
        raise ValueError("cluster_name and ca_data must not be empty")
    if not endpoint.startswith("https://"):
        raise ValueError(f"endpoint must start with https://, got {endpoint!r}")
    cidr = str(ipaddress.ip_network(service_cidr, strict=True))
    lines = [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{MIME_BOUNDARY}"',
        "",
        f"--{MIME_BOUNDARY}",
        f"Content-Type: {NODEADM_CONTENT_TYPE}",
        "",
        "---",
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  cluster:",
        f"    name: {json.dumps(cluster_name)}",
        f"    apiServerEndpoint: {json.dumps(endpoint)}",
        f"    certificateAuthority: {json.dumps(ca_data)}",
        f"    cidr: {json.dumps(cidr)}",
        "",
        f"--{MIME_BOUNDARY}--",
        "",
    ]
    return "\n".join(lines)


def encode_user_data(text: str) -> str:
    """Base64 of ``text``, as ``aws.ec2.LaunchTemplate(user_data=...)`` expects.

    Examples:
        >>> encode_user_data("hi")
        'aGk='
    """
    return base64.b64encode(text.encode()).decode()
