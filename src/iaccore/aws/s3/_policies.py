"""Bucket and key policy statements of a ``SecureBucket`` (typed documents, no Pulumi resource).

The bucket policy is always the TLS-only deny; with ``log_delivery`` it also lets the CloudWatch
Logs delivery service of this account (the service behind VPC flow logs and other vended logs
sent to S3) write under ``AWSLogs/<account>/`` and check the bucket, and the bucket's key policy
lets that service use the key. Those statements are conditioned on ``aws:SourceAccount`` and
``aws:SourceArn``, so no other account's log delivery can use the bucket (confused deputy).
With ``access_log_target`` the S3 logging service (``logging.s3.amazonaws.com``) may put objects
under ``access-logs/`` for source buckets of this account (``aws:SourceAccount``), which is how
S3 server access logging writes to a bucket whose ACLs are disabled.

Examples:
    >>> from iaccore.aws.environment import AwsEnvironment
    >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
    >>> [s.sid for s in bucket_policy("arn:aws:s3:::b", log_delivery_env=env).statements]
    ['DenyInsecureTransport', 'LogDeliveryWrite', 'LogDeliveryAclCheck']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement, tls_only_bucket_policy
from iaccore.aws.s3.config import ACCESS_LOG_PREFIX

if TYPE_CHECKING:
    from iaccore.aws.environment import AwsEnvironment

__all__ = [
    "ACCESS_LOG_SERVICE",
    "LOG_DELIVERY_SERVICE",
    "access_log_statement",
    "bucket_policy",
    "log_delivery_key_statement",
    "log_delivery_statements",
]

#: The service principal that delivers vended logs (VPC flow logs ...) to S3.
LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com"
#: The service principal that writes S3 server access logs.
ACCESS_LOG_SERVICE = "logging.s3.amazonaws.com"

#: What log delivery needs of the bucket's KMS key (AWS: "SSE-KMS for flow logs in S3").
_KEY_ACTIONS = (
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
)


def _source_conditions(env: AwsEnvironment) -> dict[str, Any]:
    return {
        "StringEquals": {"aws:SourceAccount": env.account_id},
        "ArnLike": {"aws:SourceArn": env.arn("logs", "*")},
    }


def log_delivery_statements(env: AwsEnvironment, bucket_arn: str) -> list[PolicyStatement]:
    """Bucket policy statements that let this account's log delivery write its logs.

    Examples:
        >>> from iaccore.aws.environment import AwsEnvironment
        >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
        >>> log_delivery_statements(env, "arn:aws:s3:::b")[0].to_dict()["Resource"]
        ['arn:aws:s3:::b/AWSLogs/123456789012/*']
    """
    write_conditions = _source_conditions(env)
    write_conditions["StringEquals"] = {
        **write_conditions["StringEquals"],
        "s3:x-amz-acl": "bucket-owner-full-control",
    }
    return [
        PolicyStatement(
            sid="LogDeliveryWrite",
            principals={"Service": [LOG_DELIVERY_SERVICE]},
            actions=["s3:PutObject"],
            resources=[f"{bucket_arn}/AWSLogs/{env.account_id}/*"],
            conditions=write_conditions,
        ),
        PolicyStatement(
            sid="LogDeliveryAclCheck",
            principals={"Service": [LOG_DELIVERY_SERVICE]},
            actions=["s3:GetBucketAcl", "s3:ListBucket"],
            resources=[bucket_arn],
            conditions=_source_conditions(env),
        ),
    ]


def log_delivery_key_statement(env: AwsEnvironment) -> PolicyStatement:
    """Key policy statement that lets this account's log delivery encrypt with the key.

    Examples:
        >>> from iaccore.aws.environment import AwsEnvironment
        >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
        >>> log_delivery_key_statement(env).to_dict()["Condition"]["ArnLike"]
        {'aws:SourceArn': ['arn:aws:logs:eu-west-1:123456789012:*']}
    """
    return PolicyStatement(
        sid="LogDeliveryUse",
        principals={"Service": [LOG_DELIVERY_SERVICE]},
        actions=list(_KEY_ACTIONS),
        resources=["*"],
        conditions=_source_conditions(env),
    )


def access_log_statement(env: AwsEnvironment, bucket_arn: str) -> PolicyStatement:
    """Bucket policy statement letting S3 server access logging of this account write its logs.

    Examples:
        >>> from iaccore.aws.environment import AwsEnvironment
        >>> env = AwsEnvironment("123456789012", "aws", "eu-west-1")
        >>> doc = access_log_statement(env, "arn:aws:s3:::logs").to_dict()
        >>> doc["Resource"]
        ['arn:aws:s3:::logs/access-logs/*']
        >>> doc["Condition"]
        {'StringEquals': {'aws:SourceAccount': ['123456789012']}}
    """
    return PolicyStatement(
        sid="S3ServerAccessLogsWrite",
        principals={"Service": [ACCESS_LOG_SERVICE]},
        actions=["s3:PutObject"],
        resources=[f"{bucket_arn}/{ACCESS_LOG_PREFIX}*"],
        conditions={"StringEquals": {"aws:SourceAccount": env.account_id}},
    )


def bucket_policy(
    bucket_arn: str,
    *,
    log_delivery_env: AwsEnvironment | None,
    access_log_env: AwsEnvironment | None = None,
) -> PolicyDocument:
    """The bucket policy: TLS only, plus log delivery and server access logs when given.

    Args:
        bucket_arn: The bucket's ARN.
        log_delivery_env: The account whose vended-log delivery may write (``log_delivery``).
        access_log_env: The account whose S3 server access logs may be written here
            (``access_log_target``).
    """
    document = tls_only_bucket_policy(bucket_arn)
    if log_delivery_env is not None:
        document = document + PolicyDocument(log_delivery_statements(log_delivery_env, bucket_arn))
    if access_log_env is not None:
        document = document + PolicyDocument([access_log_statement(access_log_env, bucket_arn)])
    return document
