"""The cluster KMS key and the control-plane log group of an EKS cluster.

One customer managed key (from ``iaccore.aws.kms.create_kms_key``) encrypts Kubernetes
secrets and the log group ``/aws/eks/<cluster>/cluster``. Its policy keeps the account in
control (``account_admin_statement``) and lets CloudWatch Logs use it for
that one log group only (``logs_use_statement``); the cluster role gets
``secrets_encryption_policy`` on that key alone.

Examples:
    >>> from iaccore.aws.environment import AwsEnvironment
    >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
    >>> [s["Sid"] for s in cluster_key_policy(env, "prod").to_dict()["Statement"]]
    ['AccountAdministration', 'CloudWatchLogsUse']
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from iaccore.aws import retention
from iaccore.aws.eks.plan import log_group_name
from iaccore.aws.environment import AwsEnvironment
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
from iaccore.aws.kms import KmsKey, account_admin_statement, create_kms_key, logs_use_statement
from iaccore.core.children import ChildFactory

__all__ = [
    "SECRETS_ENCRYPTION_ACTIONS",
    "cluster_key_policy",
    "create_cluster_key",
    "create_log_group",
    "secrets_encryption_policy",
]

#: What the cluster role may do with the key to envelope-encrypt Kubernetes secrets.
SECRETS_ENCRYPTION_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants")


def cluster_key_policy(env: AwsEnvironment, physical_name: str) -> PolicyDocument:
    """Policy of the cluster key: the account administers it; Logs uses it for one group."""
    return PolicyDocument(
        [
            account_admin_statement(env),
            logs_use_statement(env, log_group_name(physical_name)),
        ]
    )


def secrets_encryption_policy(key_arn: pulumi.Input[str]) -> pulumi.Output[PolicyDocument]:
    """The cluster role's inline policy: ``SECRETS_ENCRYPTION_ACTIONS`` on ``key_arn`` only."""
    return pulumi.Output.from_input(key_arn).apply(
        lambda arn: PolicyDocument(
            [
                PolicyStatement(
                    sid="SecretsEncryption",
                    actions=list(SECRETS_ENCRYPTION_ACTIONS),
                    resources=[arn],
                )
            ]
        )
    )


def create_cluster_key(
    children: ChildFactory, *, env: AwsEnvironment, physical_name: str
) -> KmsKey:
    """The rotating key (role ``kms_key``) and alias ``alias/eks/<cluster>`` (``kms_alias``)."""
    return create_kms_key(
        children,
        "kms_key",
        description=f"EKS {physical_name}: Kubernetes secrets and control-plane logs",
        policy=cluster_key_policy(env, physical_name),
        alias=f"eks/{physical_name}",
        alias_role="kms_alias",
    )


def create_log_group(
    children: ChildFactory,
    *,
    physical_name: str,
    retention_days: int,
    kms_key_arn: pulumi.Input[str] | None,
) -> aws.cloudwatch.LogGroup:
    """The control-plane log group (role ``log_group``), created before the cluster and
    retained on delete like every log group (``iaccore:aws.retain_data_on_delete``).

    EKS would otherwise create it on first write, with no retention and no key.
    """
    return retention.create_log_group(
        children,
        "log_group",
        name=log_group_name(physical_name),
        retention_days=retention_days,
        kms_key_arn=kms_key_arn,
    )
