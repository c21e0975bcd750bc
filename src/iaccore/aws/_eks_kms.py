"""The KMS key and the control-plane log group of an :class:`EksCluster`.

One customer managed key, rotated yearly, encrypts Kubernetes secrets (envelope encryption) and
the log group ``/aws/eks/<cluster>/cluster``. Its policy keeps the account in control and lets
CloudWatch Logs use it only for that one log group (an ``ArnEquals`` condition on the
encryption context).

Example:
    >>> KEY_DELETION_WINDOW_DAYS
    30
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi_aws as aws

from iaccore.aws._eks_plan import key_policy, log_group_name
from iaccore.aws.environment import aws_environment

if TYPE_CHECKING:
    from iaccore.aws.eks import EksCluster

__all__ = ["KEY_DELETION_WINDOW_DAYS", "create_key", "create_log_group"]

#: Days a deleted key waits before it is gone (the maximum, to allow recovery).
KEY_DELETION_WINDOW_DAYS = 30


def create_key(comp: EksCluster) -> aws.kms.Key:
    """The rotating KMS key (and alias) of secrets and control-plane logs."""
    env = aws_environment(comp.provider)
    policy = key_policy(
        env.partition, env.account_id, env.region, log_group_name(comp.physical_name)
    ).to_json()

    key = aws.kms.Key(
        comp.child_name("kms_key"),
        description=f"EKS {comp.physical_name}: Kubernetes secrets and control-plane logs",
        enable_key_rotation=True,
        deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
        policy=policy,
        tags=comp.child_tags("kms_key"),
        opts=comp.child_opts("kms_key"),
    )
    aws.kms.Alias(
        comp.child_name("kms_alias"),
        name=f"alias/eks/{comp.physical_name}",
        target_key_id=key.key_id,
        opts=comp.child_opts("kms_alias"),
    )
    return key


def create_log_group(comp: EksCluster) -> aws.cloudwatch.LogGroup:
    """The control-plane log group, created before the cluster so retention applies at once."""
    return aws.cloudwatch.LogGroup(
        comp.child_name("log_group"),
        name=log_group_name(comp.physical_name),
        retention_in_days=comp.config.log_retention_days,
        kms_key_id=comp.kms_key.arn if comp.kms_key is not None else None,
        tags=comp.child_tags("log_group"),
        opts=comp.child_opts("log_group"),
    )
