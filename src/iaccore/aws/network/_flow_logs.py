"""VPC flow logs of a ``SecureVpc``: to an encrypted CloudWatch log group, or to an S3 bucket.

CloudWatch (default): a KMS key with rotation whose policy lets the account administer it and
CloudWatch Logs use it for this one log group only; the log group (retention from config); an
IAM role only ``vpc-flow-logs.amazonaws.com`` of this account may assume, with a policy scoped
to that log group; the flow log.

S3: a private bucket (public access blocked, ACLs disabled, versioned, TLS only, encrypted with
the KMS key or SSE-S3, objects expiring after ``retention_days``) whose policy lets the log
delivery service of this account write, and the flow log.

Example:
    >>> from iaccore.aws.environment import AwsEnvironment
    >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
    >>> log_group_arn(env, "/aws/vpc-flow-logs/x")
    'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc-flow-logs/x'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from iaccore.aws.environment import AwsEnvironment
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement, tls_only_bucket_policy
from iaccore.aws.limits import S3_BUCKET_PREFIX_MAX_LENGTH

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

__all__ = [
    "FLOW_LOG_SERVICE",
    "bucket_prefix",
    "flow_log_key_policy",
    "flow_log_role_policy",
    "flow_log_trust_policy",
    "log_group_arn",
    "log_group_name",
]

FLOW_LOG_SERVICE = "vpc-flow-logs.amazonaws.com"
LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com"


def log_group_name(project: str, stack: str, name: str) -> str:
    """Deterministic log group name, unique per project, stack and VPC."""
    return f"/aws/vpc-flow-logs/{project}/{stack}/{name}"


def bucket_prefix(name: str) -> str:
    """A valid S3 ``bucket_prefix`` for the flow-log bucket of VPC ``name``.

    Example:
        >>> bucket_prefix("Core_VPC")
        'core-vpc-flow-logs-'
    """
    base = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "vpc"
    suffix = "-flow-logs-"
    return base[: S3_BUCKET_PREFIX_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def log_group_arn(env: AwsEnvironment, group: str) -> str:
    """ARN of the log group ``group``."""
    return env.arn("logs", f"log-group:{group}")


def flow_log_key_policy(env: AwsEnvironment, *, group: str | None) -> PolicyDocument:
    """Key policy: account administration, plus use by CloudWatch Logs for ``group`` only (or by
    the S3 log delivery service of this account when ``group`` is None)."""
    root = f"arn:{env.partition}:iam::{env.account_id}:root"
    admin = PolicyStatement(
        sid="AccountAdministers",
        principals={"AWS": [root]},
        actions=["kms:*"],
        resources=["*"],
    )
    if group is not None:
        use = PolicyStatement(
            sid="CloudWatchLogsUse",
            principals={"Service": [f"logs.{env.region}.amazonaws.com"]},
            actions=[
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            resources=["*"],
            conditions={
                "ArnEquals": {"kms:EncryptionContext:aws:logs:arn": log_group_arn(env, group)}
            },
        )
    else:
        use = PolicyStatement(
            sid="LogDeliveryUse",
            principals={"Service": [LOG_DELIVERY_SERVICE]},
            actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            resources=["*"],
            conditions={"StringEquals": {"aws:SourceAccount": env.account_id}},
        )
    return PolicyDocument([admin, use])


def flow_log_trust_policy(env: AwsEnvironment) -> PolicyDocument:
    """Trust policy: only the flow-log service, acting for flow logs of this account."""
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


def _key(vpc: SecureVpc, env: AwsEnvironment, group: str | None) -> aws.kms.Key:
    return aws.kms.Key(
        vpc.child_name("flow_log_key"),
        description=f"Encrypts the VPC flow logs of {vpc.name}",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        policy=flow_log_key_policy(env, group=group).to_json(),
        tags=vpc.child_tags("flow_log_key"),
        opts=vpc.child_opts("flow_log_key"),
    )


def create_flow_log(vpc: SecureVpc) -> aws.ec2.FlowLog:
    """The flow log of the VPC and everything its destination needs."""
    cfg = vpc.config.flow_logs
    env = vpc.environment
    if env is None:  # pragma: no cover - _prepare looks it up whenever flow logs are enabled
        raise RuntimeError("SecureVpc looked up no AWS environment")
    if cfg.destination == "s3":
        return _to_s3(vpc, env)
    group_name = log_group_name(pulumi.get_project(), pulumi.get_stack(), vpc.name)
    key = _key(vpc, env, group_name) if cfg.kms else None
    group = aws.cloudwatch.LogGroup(
        vpc.child_name("flow_log_group"),
        name=group_name,
        retention_in_days=cfg.retention_days,
        kms_key_id=key.arn if key is not None else None,
        tags=vpc.child_tags("flow_log_group"),
        opts=vpc.child_opts("flow_log_group"),
    )
    role = aws.iam.Role(
        vpc.child_name("flow_log_role"),
        description=f"Delivers the VPC flow logs of {vpc.name} to CloudWatch Logs",
        assume_role_policy=flow_log_trust_policy(env).to_json(),
        tags=vpc.child_tags("flow_log_role"),
        opts=vpc.child_opts("flow_log_role"),
    )
    policy = aws.iam.RolePolicy(
        vpc.child_name("flow_log_policy"),
        role=role.id,
        policy=flow_log_role_policy(env, group_name).to_json(),
        opts=vpc.child_opts("flow_log_policy"),
    )
    return aws.ec2.FlowLog(
        vpc.child_name("flow_log"),
        vpc_id=vpc.vpc.id,
        traffic_type=cfg.traffic_type,
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=60,
        tags=vpc.child_tags("flow_log"),
        opts=vpc.child_opts("flow_log", depends_on=[policy]),
    )


def _bucket_policy(env: AwsEnvironment, bucket_arn: str) -> str:
    delivery = PolicyDocument(
        [
            PolicyStatement(
                sid="LogDeliveryWrite",
                principals={"Service": [LOG_DELIVERY_SERVICE]},
                actions=["s3:PutObject"],
                resources=[f"{bucket_arn}/AWSLogs/{env.account_id}/*"],
                conditions={
                    "StringEquals": {
                        "aws:SourceAccount": env.account_id,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                    "ArnLike": {"aws:SourceArn": env.arn("logs", "*")},
                },
            ),
            PolicyStatement(
                sid="LogDeliveryAclCheck",
                principals={"Service": [LOG_DELIVERY_SERVICE]},
                actions=["s3:GetBucketAcl", "s3:ListBucket"],
                resources=[bucket_arn],
                conditions={
                    "StringEquals": {"aws:SourceAccount": env.account_id},
                    "ArnLike": {"aws:SourceArn": env.arn("logs", "*")},
                },
            ),
        ]
    )
    return (tls_only_bucket_policy(bucket_arn) + delivery).to_json()


def _to_s3(vpc: SecureVpc, env: AwsEnvironment) -> aws.ec2.FlowLog:
    cfg = vpc.config.flow_logs
    key = _key(vpc, env, None) if cfg.kms else None
    role = "flow_log_bucket"
    bucket = aws.s3.Bucket(
        vpc.child_name(role),
        bucket_prefix=bucket_prefix(vpc.name),
        force_destroy=False,
        tags=vpc.child_tags(role),
        opts=vpc.child_opts(role),
    )
    opts = vpc.child_opts(role)
    aws.s3.BucketPublicAccessBlock(
        vpc.child_name(role, "public-access-block"),
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=opts,
    )
    aws.s3.BucketOwnershipControls(
        vpc.child_name(role, "ownership"),
        bucket=bucket.id,
        rule={"object_ownership": "BucketOwnerEnforced"},
        opts=opts,
    )
    sse = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
        sse_algorithm="aws:kms" if key is not None else "AES256",
        kms_master_key_id=key.arn if key is not None else None,
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        vpc.child_name(role, "encryption"),
        bucket=bucket.id,
        rules=[
            aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=sse, bucket_key_enabled=True
            )
        ],
        opts=opts,
    )
    aws.s3.BucketVersioning(
        vpc.child_name(role, "versioning"),
        bucket=bucket.id,
        versioning_configuration={"status": "Enabled"},
        opts=opts,
    )
    aws.s3.BucketLifecycleConfiguration(
        vpc.child_name(role, "lifecycle"),
        bucket=bucket.id,
        rules=[
            {
                "id": "expire-flow-logs",
                "status": "Enabled",
                "filter": {},
                "expiration": {"days": cfg.retention_days},
                "noncurrent_version_expiration": {"noncurrent_days": 30},
                "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
            }
        ],
        opts=opts,
    )
    policy = aws.s3.BucketPolicy(
        vpc.child_name(role, "policy"),
        bucket=bucket.id,
        policy=bucket.arn.apply(lambda arn: _bucket_policy(env, arn)),
        opts=opts,
    )
    return aws.ec2.FlowLog(
        vpc.child_name("flow_log"),
        vpc_id=vpc.vpc.id,
        traffic_type=cfg.traffic_type,
        log_destination_type="s3",
        log_destination=bucket.arn,
        max_aggregation_interval=60,
        tags=vpc.child_tags("flow_log"),
        opts=vpc.child_opts("flow_log", depends_on=[policy]),
    )
