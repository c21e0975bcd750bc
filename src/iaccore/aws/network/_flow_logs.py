"""VPC flow logs: to an encrypted CloudWatch log group, or to a SecureBucket.

CloudWatch (default): a KMS key (``create_kms_key``) whose policy lets the
account administer it and CloudWatch Logs use it for this one log group only; the log group
(retention from config; key and group retained on delete, see ``iaccore.aws.retention``); a
nested [`IamRole`][iaccore.aws.IamRole] only
``vpc-flow-logs.amazonaws.com`` of this account may assume, with an inline policy scoped to that
log group; the flow log.

S3: a nested [`SecureBucket`][iaccore.aws.SecureBucket] with ``log_delivery`` on (private,
ACLs disabled, versioned, TLS only, encrypted with its own KMS key or SSE-S3, objects expiring
after ``retention_days``), and the flow log.

The helper takes a [`ChildFactory`][iaccore.core.children.ChildFactory] and plain values and returns
a frozen ``FlowLogs``; it never sees the component that calls it.

Examples:
    >>> from iaccore.aws.environment import AwsEnvironment
    >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
    >>> log_group_arn(env, "/aws/vpc-flow-logs/x")
    'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc-flow-logs/x'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from iaccore.aws.environment import AwsEnvironment
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
from iaccore.aws.iam.role import IamRole
from iaccore.aws.kms import KmsKey, account_admin_statement, create_kms_key, logs_use_statement
from iaccore.aws.network.config import FlowLogConfig
from iaccore.aws.retention import create_log_group
from iaccore.aws.s3.bucket import SecureBucket
from iaccore.core.children import ChildFactory

__all__ = [
    "AGGREGATION_INTERVAL_SECONDS",
    "DELIVERY_POLICY_NAME",
    "FLOW_LOG_SERVICE",
    "NONCURRENT_EXPIRATION_DAYS",
    "FlowLogs",
    "create_flow_log",
    "flow_log_bucket_config",
    "flow_log_role_policy",
    "flow_log_trust_policy",
    "log_group_arn",
    "log_group_name",
]

FLOW_LOG_SERVICE = "vpc-flow-logs.amazonaws.com"
#: Name of the delivery role's inline policy.
DELIVERY_POLICY_NAME = "deliver-flow-logs"
#: Flow records are aggregated over one minute (the finest interval).
AGGREGATION_INTERVAL_SECONDS = 60
#: Days an overwritten or deleted flow-log object version is kept in the S3 destination.
NONCURRENT_EXPIRATION_DAYS = 30


def log_group_name(project: str, stack: str, name: str) -> str:
    """Deterministic log group name, unique per project, stack and VPC."""
    return f"/aws/vpc-flow-logs/{project}/{stack}/{name}"


def log_group_arn(env: AwsEnvironment, group: str) -> str:
    """ARN of the log group ``group``."""
    return env.arn("logs", f"log-group:{group}")


def flow_log_trust_policy(env: AwsEnvironment) -> PolicyDocument:
    """Trust policy: only the flow-log service, acting for flow logs of this account.

    Examples:
        >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
        >>> flow_log_trust_policy(env).to_dict()["Statement"][0]["Principal"]
        {'Service': ['vpc-flow-logs.amazonaws.com']}
    """
    return PolicyDocument(
        [
            PolicyStatement(
                principals={"Service": [FLOW_LOG_SERVICE]},
                actions=["sts:AssumeRole"],
                conditions={
                    "StringEquals": {"aws:SourceAccount": env.account_id},
                    "ArnLike": {"aws:SourceArn": env.arn("ec2", "vpc-flow-log/*")},
                },
            )
        ]
    )


def flow_log_role_policy(env: AwsEnvironment, group: str) -> PolicyDocument:
    """Least-privilege delivery policy: write streams of ``group`` only."""
    arn = log_group_arn(env, group)
    return PolicyDocument(
        [
            PolicyStatement(
                sid="WriteFlowLogs",
                actions=["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[arn, f"{arn}:*"],
            ),
            PolicyStatement(
                sid="DescribeGroups",
                actions=["logs:DescribeLogGroups"],
                resources=[env.arn("logs", "log-group:*")],
            ),
        ]
    )


def flow_log_bucket_config(config: FlowLogConfig) -> dict[str, Any]:
    """``BucketConfig`` data of the S3 destination.

    Examples:
        >>> cfg = flow_log_bucket_config(FlowLogConfig(destination="s3", retention_days=90))
        >>> cfg["log_delivery"], cfg["lifecycle_rules"][0]["expiration_days"]
        (True, 90)
    """
    return {
        "log_delivery": True,
        "encryption": "aws:kms" if config.kms else "AES256",
        "lifecycle_rules": [
            {
                "id": "expire-flow-logs",
                "expiration_days": config.retention_days,
                "noncurrent_version_expiration_days": NONCURRENT_EXPIRATION_DAYS,
                "abort_incomplete_multipart_upload_days": 7,
            }
        ],
    }


@dataclass(frozen=True)
class FlowLogs:
    """What ``create_flow_log`` built; the destination's pieces are None when unused.

    Examples:
        >>> sorted(FlowLogs.__dataclass_fields__)
        ['bucket', 'flow_log', 'key', 'log_group', 'role']
    """

    flow_log: aws.ec2.FlowLog
    log_group: aws.cloudwatch.LogGroup | None = None
    key: KmsKey | None = None
    role: IamRole | None = None
    bucket: SecureBucket | None = None


def create_flow_log(
    children: ChildFactory,
    *,
    vpc_id: pulumi.Input[str],
    env: AwsEnvironment,
    config: FlowLogConfig,
) -> FlowLogs:
    """The flow log of the VPC and everything its destination needs.

    Args:
        children: The VPC component's child factory; its name names the log group.
        vpc_id: The VPC whose traffic is logged.
        env: Account, partition and region of the VPC's provider (ARNs, policies).
        config: The ``flow_logs`` config of the VPC.
    """
    if config.destination == "s3":
        return _to_s3(children, vpc_id, config)
    group_name = log_group_name(pulumi.get_project(), pulumi.get_stack(), children.name)
    key = None
    if config.kms:
        key = create_kms_key(
            children,
            "flow_log_key",
            description=f"Encrypts the VPC flow logs of {children.name}",
            policy=PolicyDocument(
                [account_admin_statement(env), logs_use_statement(env, group_name)]
            ),
        )
    group = create_log_group(
        children,
        "flow_log_group",
        name=group_name,
        retention_days=config.retention_days,
        kms_key_arn=key.arn if key is not None else None,
    )
    role = children.child_component(
        IamRole,
        "flow_log_role",
        {"description": f"Delivers the VPC flow logs of {children.name} to CloudWatch Logs"},
        trust_policy=flow_log_trust_policy(env),
        inline_policies={DELIVERY_POLICY_NAME: flow_log_role_policy(env, group_name)},
    )
    flow_log = aws.ec2.FlowLog(
        children.child_name("flow_log"),
        vpc_id=vpc_id,
        traffic_type=config.traffic_type,
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=AGGREGATION_INTERVAL_SECONDS,
        tags=children.child_tags("flow_log"),
        # The role's inline policy must exist before the service first delivers.
        opts=children.child_opts("flow_log", depends_on=[role]),
    )
    return FlowLogs(flow_log=flow_log, log_group=group, key=key, role=role)


def _to_s3(children: ChildFactory, vpc_id: pulumi.Input[str], config: FlowLogConfig) -> FlowLogs:
    bucket = children.child_component(
        SecureBucket, "flow_log_bucket", flow_log_bucket_config(config)
    )
    flow_log = aws.ec2.FlowLog(
        children.child_name("flow_log"),
        vpc_id=vpc_id,
        traffic_type=config.traffic_type,
        log_destination_type="s3",
        log_destination=bucket.arn,
        max_aggregation_interval=AGGREGATION_INTERVAL_SECONDS,
        tags=children.child_tags("flow_log"),
        # The bucket policy must let log delivery write before the first delivery.
        opts=children.child_opts("flow_log", depends_on=[bucket]),
    )
    return FlowLogs(flow_log=flow_log, bucket=bucket)
