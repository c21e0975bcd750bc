"""Typed IAM policy documents and the trust/bucket policies iaccore builds (no Pulumi import).

Documents render deterministically: keys in AWS's conventional order, action, resource,
principal and condition values de-duplicated and sorted, ``Version`` ``2012-10-17``. Equal
policies therefore produce byte-identical JSON, which keeps previews free of spurious diffs.

Examples:
    >>> service_trust_policy("ec2.amazonaws.com").to_json()
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]}'
"""  # noqa: E501

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from iaccore.aws.limits import PARTITIONS

__all__ = [
    "AMAZON_EBS_CSI_DRIVER_POLICY",
    "AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY",
    "AMAZON_EKS_CLUSTER_POLICY",
    "AMAZON_EKS_CNI_POLICY",
    "AMAZON_EKS_VPC_RESOURCE_CONTROLLER",
    "AMAZON_EKS_WORKER_NODE_POLICY",
    "AMAZON_SSM_MANAGED_INSTANCE_CORE",
    "MANAGED_POLICY_PATHS",
    "POLICY_VERSION",
    "ConditionValue",
    "PolicyDocument",
    "PolicyStatement",
    "account_trust_policy",
    "managed_policy_arn",
    "oidc_trust_policy",
    "pod_identity_trust_policy",
    "service_trust_policy",
    "tls_only_bucket_policy",
]

#: The only current IAM policy language version.
POLICY_VERSION = "2012-10-17"

AMAZON_EKS_CLUSTER_POLICY = "AmazonEKSClusterPolicy"
AMAZON_EKS_VPC_RESOURCE_CONTROLLER = "AmazonEKSVPCResourceController"
AMAZON_EKS_WORKER_NODE_POLICY = "AmazonEKSWorkerNodePolicy"
AMAZON_EKS_CNI_POLICY = "AmazonEKS_CNI_Policy"
AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY = "AmazonEC2ContainerRegistryReadOnly"
AMAZON_SSM_MANAGED_INSTANCE_CORE = "AmazonSSMManagedInstanceCore"
AMAZON_EBS_CSI_DRIVER_POLICY = "AmazonEBSCSIDriverPolicy"

#: AWS managed policies iaccore attaches, by name → path inside ``arn:<partition>:iam::aws:policy``.
MANAGED_POLICY_PATHS: Mapping[str, str] = {
    AMAZON_EKS_CLUSTER_POLICY: "/",
    AMAZON_EKS_VPC_RESOURCE_CONTROLLER: "/",
    AMAZON_EKS_WORKER_NODE_POLICY: "/",
    AMAZON_EKS_CNI_POLICY: "/",
    AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY: "/",
    AMAZON_SSM_MANAGED_INSTANCE_CORE: "/",
    AMAZON_EBS_CSI_DRIVER_POLICY: "/service-role/",
}

_PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
_SID = re.compile(r"^[A-Za-z0-9]*$")
_ACCOUNT = re.compile(r"^\d{12}$")

ConditionValue = str | bool | int | Sequence[str | bool | int]
PrincipalInput = Mapping[str, str | Sequence[str]] | Literal["*"] | None


def managed_policy_arn(name: str, partition: str = "aws") -> str:
    """ARN of an AWS managed policy; names under a path (``service-role/…``) are known.

    A name that contains ``/`` is taken as a path relative to ``policy/`` as it is.

    Examples:
        >>> managed_policy_arn(AMAZON_EBS_CSI_DRIVER_POLICY)
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'
        >>> managed_policy_arn("AmazonEKSClusterPolicy", partition="aws-us-gov")
        'arn:aws-us-gov:iam::aws:policy/AmazonEKSClusterPolicy'
    """
    if partition not in PARTITIONS:
        raise ValueError(f"unknown AWS partition {partition!r}; one of {', '.join(PARTITIONS)}")
    if "/" in name:
        return f"arn:{partition}:iam::aws:policy/{name.strip('/')}"
    path = MANAGED_POLICY_PATHS.get(name)
    if path is None:
        raise ValueError(
            f"unknown managed policy {name!r}; known: {', '.join(sorted(MANAGED_POLICY_PATHS))} "
            "(pass 'path/Name' for others, e.g. 'service-role/AWSLambdaBasicExecutionRole')"
        )
    return f"arn:{partition}:iam::aws:policy{path}{name}"


def _strings(values: str | Iterable[str]) -> list[str]:
    items = [values] if isinstance(values, str) else list(values)
    return sorted({str(item) for item in items})


def _condition_values(value: ConditionValue) -> list[str]:
    items = [value] if isinstance(value, str | bool | int) else list(value)
    return sorted({_condition_text(item) for item in items})


def _condition_text(item: str | bool | int) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)


def _principal(value: PrincipalInput) -> Any:
    if value is None:
        return None
    if value == "*":
        return "*"
    if not isinstance(value, Mapping):
        raise ValueError("principals must be '*' or a mapping of principal type to values")
    unknown = sorted(set(value) - set(_PRINCIPAL_TYPES))
    if unknown:
        raise ValueError(
            f"unknown principal type {unknown[0]!r}; one of {', '.join(_PRINCIPAL_TYPES)}"
        )
    result = {kind: _strings(value[kind]) for kind in _PRINCIPAL_TYPES if kind in value}
    if any(not values for values in result.values()):
        raise ValueError("a principal type needs at least one value")
    return result


@dataclass(frozen=True)
class PolicyStatement:
    """One statement of an IAM policy.

    Args:
        sid: Optional statement id (letters and digits only, unique in the document).
        effect: ``Allow`` or ``Deny``.
        actions / not_actions: Exactly one of them must be non-empty.
        resources / not_resources: Resource ARNs (absent in trust policies).
        principals / not_principals: ``"*"`` or ``{"AWS"|"Service"|"Federated": [...]}``
            (resource-based and trust policies only).
        conditions: ``{operator: {key: value(s)}}``; booleans render as ``"true"``/``"false"``.

    Raises:
        ValueError: for an invalid combination (these are programming errors, not config).

    Examples:
        >>> PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/*"]).to_dict()
        {'Effect': 'Allow', 'Action': ['s3:GetObject'], 'Resource': ['arn:aws:s3:::b/*']}
    """

    sid: str | None = None
    effect: Literal["Allow", "Deny"] = "Allow"
    actions: Sequence[str] = ()
    not_actions: Sequence[str] = ()
    resources: Sequence[str] = ()
    not_resources: Sequence[str] = ()
    principals: PrincipalInput = None
    not_principals: PrincipalInput = None
    conditions: Mapping[str, Mapping[str, ConditionValue]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.effect not in ("Allow", "Deny"):
            raise ValueError(f"effect must be 'Allow' or 'Deny', got {self.effect!r}")
        if self.sid is not None and not _SID.match(self.sid):
            raise ValueError(f"sid {self.sid!r} may contain only letters and digits")
        for name in ("actions", "not_actions", "resources", "not_resources"):
            if isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be a list of strings, not a single string")
        if bool(self.actions) == bool(self.not_actions):
            raise ValueError("a statement needs exactly one of actions or not_actions")
        if self.resources and self.not_resources:
            raise ValueError("a statement takes resources or not_resources, not both")
        if self.principals is not None and self.not_principals is not None:
            raise ValueError("a statement takes principals or not_principals, not both")
        _principal(self.principals)
        _principal(self.not_principals)
        for operator, keys in self.conditions.items():
            if not keys:
                raise ValueError(f"condition operator {operator!r} has no keys")

    def to_dict(self) -> dict[str, Any]:
        """The statement as IAM JSON data, keys in conventional order, values sorted."""
        data: dict[str, Any] = {}
        if self.sid:
            data["Sid"] = self.sid
        data["Effect"] = self.effect
        if self.principals is not None:
            data["Principal"] = _principal(self.principals)
        if self.not_principals is not None:
            data["NotPrincipal"] = _principal(self.not_principals)
        if self.actions:
            data["Action"] = _strings(self.actions)
        if self.not_actions:
            data["NotAction"] = _strings(self.not_actions)
        if self.resources:
            data["Resource"] = _strings(self.resources)
        if self.not_resources:
            data["NotResource"] = _strings(self.not_resources)
        if self.conditions:
            data["Condition"] = {
                operator: {key: _condition_values(keys[key]) for key in sorted(keys)}
                for operator, keys in sorted(self.conditions.items())
            }
        return data


@dataclass(frozen=True)
class PolicyDocument:
    """An IAM policy document: statements plus ``Version`` (and an optional ``Id``).

    Examples:
        >>> doc = PolicyDocument([PolicyStatement(sid="Read", actions=["s3:GetObject"],
        ...                                       resources=["*"])])
        >>> doc.to_dict()["Statement"][0]["Sid"]
        'Read'
    """

    statements: Sequence[PolicyStatement]
    id: str | None = None
    version: str = POLICY_VERSION

    def __post_init__(self) -> None:
        if not self.statements:
            raise ValueError("a policy document needs at least one statement")
        sids = [s.sid for s in self.statements if s.sid]
        duplicates = sorted({sid for sid in sids if sids.count(sid) > 1})
        if duplicates:
            raise ValueError(f"statement id {duplicates[0]!r} is used more than once")

    def to_dict(self) -> dict[str, Any]:
        """The document as IAM JSON data."""
        data: dict[str, Any] = {"Version": self.version}
        if self.id:
            data["Id"] = self.id
        data["Statement"] = [statement.to_dict() for statement in self.statements]
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as deterministic JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __add__(self, other: PolicyDocument) -> PolicyDocument:
        """Concatenate the statements of two documents."""
        return PolicyDocument((*self.statements, *other.statements), id=self.id)


def service_trust_policy(
    *services: str, actions: Sequence[str] = ("sts:AssumeRole",)
) -> PolicyDocument:
    """Trust policy letting AWS services (``eks.amazonaws.com`` …) assume a role.

    Examples:
        >>> service_trust_policy("eks.amazonaws.com").to_dict()["Statement"][0]["Principal"]
        {'Service': ['eks.amazonaws.com']}
    """
    if not services:
        raise ValueError("service_trust_policy needs at least one service principal")
    return PolicyDocument(
        [PolicyStatement(principals={"Service": list(services)}, actions=list(actions))]
    )


def pod_identity_trust_policy() -> PolicyDocument:
    """Trust policy for EKS Pod Identity (``pods.eks.amazonaws.com``, AssumeRole + TagSession).

    Examples:
        >>> pod_identity_trust_policy().to_dict()["Statement"][0]["Action"]
        ['sts:AssumeRole', 'sts:TagSession']
    """
    return service_trust_policy(
        "pods.eks.amazonaws.com", actions=("sts:AssumeRole", "sts:TagSession")
    )


def account_trust_policy(
    account_ids: Sequence[str],
    external_id: str | None = None,
    *,
    require_mfa: bool = False,
    partition: str = "aws",
) -> PolicyDocument:
    """Trust policy letting principals of other accounts assume a role.

    Args:
        account_ids: 12-digit account ids; each account's root principal is trusted.
        external_id: When set, callers must pass this ``sts:ExternalId``.
        require_mfa: When true, callers must have authenticated with MFA.
        partition: ARN partition.

    Examples:
        >>> account_trust_policy(["123456789012"], require_mfa=True).to_dict()["Statement"][0][
        ...     "Condition"]
        {'Bool': {'aws:MultiFactorAuthPresent': ['true']}}
    """
    if isinstance(account_ids, str) or not account_ids:
        raise ValueError("account_ids must be a non-empty list of 12-digit account ids")
    bad = [account for account in account_ids if not _ACCOUNT.match(str(account))]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a 12-digit AWS account id")
    if partition not in PARTITIONS:
        raise ValueError(f"unknown AWS partition {partition!r}; one of {', '.join(PARTITIONS)}")
    conditions: dict[str, dict[str, ConditionValue]] = {}
    if external_id is not None:
        if not external_id:
            raise ValueError("external_id must not be empty")
        conditions["StringEquals"] = {"sts:ExternalId": external_id}
    if require_mfa:
        conditions["Bool"] = {"aws:MultiFactorAuthPresent": True}
    principals = [f"arn:{partition}:iam::{account}:root" for account in account_ids]
    return PolicyDocument(
        [
            PolicyStatement(
                principals={"AWS": principals}, actions=["sts:AssumeRole"], conditions=conditions
            )
        ]
    )


def oidc_trust_policy(
    provider_arn: str,
    issuer_host: str,
    service_accounts: Sequence[tuple[str, str]],
    audience: str = "sts.amazonaws.com",
) -> PolicyDocument:
    """IRSA trust policy: Kubernetes service accounts assume a role through the cluster's OIDC.

    Args:
        provider_arn: ARN of the IAM OIDC provider of the cluster.
        issuer_host: Issuer URL without ``https://`` (``oidc.eks.<region>.amazonaws.com/id/…``).
        service_accounts: ``(namespace, name)`` pairs; ``*`` in either uses ``StringLike``.
        audience: Expected ``aud`` claim.

    Examples:
        >>> doc = oidc_trust_policy("arn:aws:iam::123456789012:oidc-provider/oidc.example/id/X",
        ...                         "oidc.example/id/X", [("kube-system", "ebs-csi-controller-sa")])
        >>> doc.to_dict()["Statement"][0]["Condition"]["StringEquals"]["oidc.example/id/X:sub"]
        ['system:serviceaccount:kube-system:ebs-csi-controller-sa']
    """
    if not service_accounts:
        raise ValueError("oidc_trust_policy needs at least one (namespace, name) service account")
    host = issuer_host.removeprefix("https://").rstrip("/")
    if not host:
        raise ValueError("issuer_host must not be empty")
    subjects = [f"system:serviceaccount:{namespace}:{name}" for namespace, name in service_accounts]
    wildcard = any("*" in subject for subject in subjects)
    conditions: dict[str, dict[str, ConditionValue]] = {"StringEquals": {f"{host}:aud": audience}}
    if wildcard:
        conditions["StringLike"] = {f"{host}:sub": subjects}
    else:
        conditions["StringEquals"][f"{host}:sub"] = subjects
    return PolicyDocument(
        [
            PolicyStatement(
                principals={"Federated": [provider_arn]},
                actions=["sts:AssumeRoleWithWebIdentity"],
                conditions=conditions,
            )
        ]
    )


def tls_only_bucket_policy(bucket_arn: str) -> PolicyDocument:
    """Bucket policy denying every request that does not use TLS (``aws:SecureTransport``).

    Examples:
        >>> tls_only_bucket_policy("arn:aws:s3:::logs").to_dict()["Statement"][0]["Resource"]
        ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']
    """
    if not bucket_arn.startswith("arn:") or bucket_arn.endswith("/*"):
        raise ValueError(f"{bucket_arn!r} is not a bucket ARN such as arn:aws:s3:::name")
    return PolicyDocument(
        [
            PolicyStatement(
                sid="DenyInsecureTransport",
                effect="Deny",
                principals="*",
                actions=["s3:*"],
                resources=[bucket_arn, f"{bucket_arn}/*"],
                conditions={"Bool": {"aws:SecureTransport": False}},
            )
        ]
    )
