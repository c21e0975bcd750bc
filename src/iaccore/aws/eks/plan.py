"""Pure planning for [`EksCluster`][iaccore.aws.EksCluster]: names and child-name slugs.

No Pulumi import: everything here is plain data in, plain data out, unit-tested on its own.

Examples:
    >>> cluster_physical_name("payments", "dev", "main")
    'payments-dev-main'
    >>> principal_slug("arn:aws:iam::123456789012:role/platform-admins")
    'platform-admins-262f39'
    >>> source_slug("10.20.0.0/16")
    '10-20-0-0-16'
"""

from __future__ import annotations

import hashlib
import re

from iaccore.core.metadata.tags import shorten_name

__all__ = [
    "CLUSTER_NAME_MAX",
    "cluster_physical_name",
    "log_group_name",
    "principal_slug",
    "service_account_subject",
    "source_slug",
]

#: EKS cluster names are at most 100 characters.
CLUSTER_NAME_MAX = 100

_INVALID = re.compile(r"[^A-Za-z0-9_-]+")


def cluster_physical_name(project: str, stack: str, name: str) -> str:
    """Deterministic EKS cluster name ``<project>-<stack>-<name>``, sanitized and shortened.

    Examples:
        >>> cluster_physical_name("p", "dev", "a" * 120)[-9:-8]
        '-'
    """
    raw = _INVALID.sub("-", f"{project}-{stack}-{name}").strip("-_") or "cluster"
    if not raw[0].isalnum():
        raw = "c" + raw
    return shorten_name(raw, CLUSTER_NAME_MAX)


def log_group_name(cluster_name: str) -> str:
    """The CloudWatch log group EKS writes control-plane logs to.

    Examples:
        >>> log_group_name("prod")
        '/aws/eks/prod/cluster'
    """
    return f"/aws/eks/{cluster_name}/cluster"


def principal_slug(principal_arn: str) -> str:
    """A stable child-name suffix for an IAM principal: its last path part plus 6 hex digits.

    Order-independent (unlike a list index), so reordering ``admin_principals`` replaces
    nothing; the digest keeps two principals with the same name in different accounts apart.
    """
    tail = principal_arn.rsplit("/", 1)[-1] or "principal"
    tail = _INVALID.sub("-", tail)[:40].strip("-") or "principal"
    digest = hashlib.sha256(principal_arn.encode()).hexdigest()[:6]
    return f"{tail}-{digest}"


def service_account_subject(namespace: str, service_account: str) -> str:
    """The OIDC ``sub`` claim of a Kubernetes service account.

    Examples:
        >>> service_account_subject("kube-system", "ebs-csi-controller-sa")
        'system:serviceaccount:kube-system:ebs-csi-controller-sa'
    """
    if not namespace or not service_account:
        raise ValueError("namespace and service_account must not be empty")
    return f"system:serviceaccount:{namespace}:{service_account}"


def source_slug(source: str) -> str:
    """A child-name suffix for a network source: a CIDR or a security group id.

    Examples:
        >>> source_slug("2001:db8::/32"), source_slug("sg-0123abcd")
        ('2001-db8-32', 'sg-0123abcd')
    """
    slug = re.sub(r"[^0-9A-Za-z]+", "-", source).strip("-").lower()
    if not slug:
        raise ValueError(f"{source!r} has no letters or digits")
    return slug
