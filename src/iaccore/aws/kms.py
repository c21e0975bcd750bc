"""The one KMS key builder: every customer managed key in iaccore comes from ``create_kms_key``.

A key is always symmetric, rotated yearly, given an explicit key policy (there is no silent
default policy) and a deletion window set explicitly (``iaccore:aws.kms_deletion_window_days``,
default 30); it is retained on delete unless ``iaccore:aws.retain_data_on_delete`` is false or
its role's options say otherwise (``iaccore.aws.retention.data_opts``): deleting a key makes
everything it encrypted unreadable. An alias is optional and never retained. Key policies start
from ``account_admin_statement``, which keeps the account in control of the key, plus the
service statements the caller needs (CloudWatch Logs for one log group, S3 log delivery, ...).

Examples:
    >>> from iaccore.aws.environment import AwsEnvironment
    >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
    >>> account_admin_statement(env).to_dict()["Principal"]
    {'AWS': ['arn:aws:iam::123456789012:root']}
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.aws.environment import AwsEnvironment
from iaccore.aws.iam.inputs import PolicyInput, policy_json
from iaccore.aws.iam.policy import PolicyStatement
from iaccore.aws.retention import (
    DEFAULT_KMS_DELETION_WINDOW_DAYS,
    data_opts,
    kms_deletion_window_days,
)
from iaccore.core.children import ChildFactory

__all__ = [
    "KEY_DELETION_WINDOW_DAYS",
    "KmsKey",
    "account_admin_statement",
    "create_kms_key",
    "logs_use_statement",
]

#: Days a deleted key waits before it is gone by default (the maximum, to allow recovery).
KEY_DELETION_WINDOW_DAYS = DEFAULT_KMS_DELETION_WINDOW_DAYS

#: What CloudWatch Logs needs of a key that encrypts a log group.
_LOGS_KEY_ACTIONS = (
    "kms:Decrypt*",
    "kms:Describe*",
    "kms:Encrypt*",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
)


def account_admin_statement(env: AwsEnvironment) -> PolicyStatement:
    """The statement that lets the account (its IAM policies) administer and use the key."""
    return PolicyStatement(
        sid="AccountAdministration",
        principals={"AWS": [f"arn:{env.partition}:iam::{env.account_id}:root"]},
        actions=["kms:*"],
        resources=["*"],
    )


def logs_use_statement(env: AwsEnvironment, log_group: str) -> PolicyStatement:
    """CloudWatch Logs may use the key for ``log_group`` only (``ArnEquals`` on the context).

    Examples:
        >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
        >>> logs_use_statement(env, "/x").to_dict()["Condition"]["ArnEquals"]
        {'kms:EncryptionContext:aws:logs:arn': ['arn:aws:logs:eu-west-1:123456789012:log-group:/x']}
    """
    group_arn = env.arn("logs", f"log-group:{log_group}")
    return PolicyStatement(
        sid="CloudWatchLogsUse",
        principals={"Service": [f"logs.{env.region}.amazonaws.com"]},
        actions=list(_LOGS_KEY_ACTIONS),
        resources=["*"],
        conditions={"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": group_arn}},
    )


@dataclass(frozen=True)
class KmsKey:
    """A key ``create_kms_key`` built: the key, its alias (if any) and its ARN.

    Examples:
        >>> KmsKey.__dataclass_params__.frozen
        True
    """

    key: aws.kms.Key
    alias: aws.kms.Alias | None
    arn: pulumi.Output[str]


def create_kms_key(
    children: ChildFactory,
    role: str,
    *suffix: str,
    description: str,
    policy: PolicyInput,
    alias: str | None = None,
    alias_role: str | None = None,
    deletion_window_days: int | None = None,
) -> KmsKey:
    """A rotating customer managed key of ``role`` with an explicit policy, and an optional alias.

    Args:
        children: The component the key belongs to (names, options and tags come from it).
        role: The key's role in that component (``kms_key``, ``flow_log_key`` ...).
        suffix: Extra child-name parts.
        description: What the key encrypts; shown in the KMS console.
        policy: The key policy; start from ``account_admin_statement``.
        alias: Alias name without ``alias/``; no alias when None.
        alias_role: Role of the alias child (``kms_alias`` by default).
        deletion_window_days: Days between scheduling deletion and deletion (7 to 30); None
            uses ``iaccore:aws.kms_deletion_window_days`` (default 30).

    Raises:
        ConfigurationError: ``deletion_window_days`` is outside 7..30.

    The key is retained on delete by default (``iaccore.aws.retention.data_opts``).
    """
    key = aws.kms.Key(
        children.child_name(role, *suffix),
        description=description,
        key_usage="ENCRYPT_DECRYPT",
        customer_master_key_spec="SYMMETRIC_DEFAULT",
        enable_key_rotation=True,
        deletion_window_in_days=kms_deletion_window_days(deletion_window_days),
        policy=policy_json(policy),
        tags=children.child_tags(role, *suffix),
        opts=data_opts(children, role),
    )
    created_alias = None
    if alias is not None:
        alias_role = alias_role or "kms_alias"
        created_alias = aws.kms.Alias(
            children.child_name(alias_role, *suffix),
            name=f"alias/{alias}",
            target_key_id=key.key_id,
            opts=children.child_opts(alias_role),
        )
    return KmsKey(key=key, alias=created_alias, arn=key.arn)
