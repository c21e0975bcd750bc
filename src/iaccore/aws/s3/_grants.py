"""Identity policies that ``SecureBucket.grant_read``/``grant_write`` attach (pure, no Pulumi).

Examples:
    >>> doc = grant_policy("arn:aws:s3:::b", None, "read").to_dict()
    >>> doc["Statement"][0]["Action"]
    ['s3:GetObject', 's3:GetObjectVersion']
"""

from __future__ import annotations

from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement

__all__ = ["grant_policy"]

_READ_OBJECT_ACTIONS = ("s3:GetObject", "s3:GetObjectVersion")
_READ_BUCKET_ACTIONS = ("s3:GetBucketLocation", "s3:ListBucket")
_WRITE_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject")


def grant_policy(bucket_arn: str, kms_key_arn: str | None, access: str) -> PolicyDocument:
    """The identity policy granting ``access`` (``read`` or ``write``) on a bucket.

    Examples:
        >>> [s.sid for s in grant_policy("arn:aws:s3:::b", "arn:k", "write").statements]
        ['WriteObjects', 'UseBucketKey']
    """
    objects = f"{bucket_arn}/*"
    statements: list[PolicyStatement]
    if access == "read":
        statements = [
            PolicyStatement(sid="ReadObjects", actions=_READ_OBJECT_ACTIONS, resources=[objects]),
            PolicyStatement(sid="ListBucket", actions=_READ_BUCKET_ACTIONS, resources=[bucket_arn]),
        ]
        kms_actions: tuple[str, ...] = ("kms:Decrypt",)
    elif access == "write":
        statements = [
            PolicyStatement(sid="WriteObjects", actions=_WRITE_OBJECT_ACTIONS, resources=[objects])
        ]
        kms_actions = ("kms:Decrypt", "kms:GenerateDataKey")
    else:
        raise ValueError(f"access must be 'read' or 'write', got {access!r}")
    if kms_key_arn:
        statements.append(
            PolicyStatement(sid="UseBucketKey", actions=kms_actions, resources=[kms_key_arn])
        )
    return PolicyDocument(statements)
