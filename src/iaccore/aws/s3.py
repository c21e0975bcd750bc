"""``SecureBucket``: a private, encrypted, versioned, TLS-only S3 bucket.

Example:
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: SecureBucket("data", {"name_prefix": "acme-payments"}))
    >>> graph.one("aws:s3/bucket:Bucket").inputs["bucket"]
    'acme-payments-data'
"""

from __future__ import annotations

from typing import ClassVar

import pulumi
import pulumi_aws as aws

from iaccore.aws._base import AwsComponent
from iaccore.aws._resource_config import BucketConfig
from iaccore.aws._s3_lifecycle import lifecycle_rule_args
from iaccore.aws._s3_naming import bucket_name
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement, tls_only_bucket_policy
from iaccore.core import context

__all__ = ["SecureBucket"]

_READ_OBJECT_ACTIONS = ("s3:GetObject", "s3:GetObjectVersion")
_READ_BUCKET_ACTIONS = ("s3:GetBucketLocation", "s3:ListBucket")
_WRITE_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject")


class SecureBucket(AwsComponent[BucketConfig]):
    """An S3 bucket that is private, encrypted, versioned and reachable over TLS only.

    Children: the bucket (physical name ``<prefix>-<name>``, where the prefix is
    ``name_prefix`` or ``<project>-<stack>``, made S3-legal and shortened with a hash within
    63 characters), a public access block with all four flags on, ownership controls
    ``BucketOwnerEnforced`` (ACLs disabled), default encryption (``aws:kms`` with a bucket key and
    the given key, or a created key with rotation; or ``AES256``), versioning, a bucket policy
    denying requests without TLS, optional access logging and lifecycle rules.

    ``allow_public: true`` turns the four public access block flags off (the block is still
    registered, so a reviewer sees it); ownership stays enforced and TLS stays required.

    Args:
        name: Logical name; also the last part of the physical bucket name.
        config: :class:`~iaccore.aws.config.BucketConfig` or a mapping (``aws.buckets.<name>``).
        opts: Pulumi options (provider, protect, ...), propagated to every child.
        tags: Extra tags for the children.

    Example:
        >>> from iaccore.synth import synth
        >>> graph = synth(lambda: SecureBucket("logs", {"encryption": "AES256"}))
        >>> graph.one("aws:s3/bucketVersioning:BucketVersioning").inputs[
        ...     "versioningConfiguration"]["status"]
        'Enabled'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:SecureBucket"
    CONFIG_MODEL: ClassVar[type[BucketConfig]] = BucketConfig
    CONFIG_KEY: ClassVar[str] = "aws.buckets"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "bucket",
        "kms_key",
        "public_access_block",
        "ownership_controls",
        "encryption",
        "versioning",
        "policy",
        "logging",
        "lifecycle",
        "grant",
    )

    bucket: aws.s3.Bucket
    kms_key: aws.kms.Key | None
    bucket_name: pulumi.Output[str]
    arn: pulumi.Output[str]
    id: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str] | None

    def physical_name(self) -> str:
        """The physical bucket name this component gives S3."""
        ctx = context.current()
        prefix = self.config.name_prefix or f"{ctx.project}-{ctx.stack}"
        return bucket_name(self.name, prefix=prefix)

    def _create(self) -> None:
        cfg = self.config
        self.bucket = aws.s3.Bucket(
            self.child_name("bucket"),
            bucket=self.physical_name(),
            force_destroy=cfg.force_destroy,
            tags=self.child_tags("bucket"),
            opts=self.child_opts("bucket"),
        )
        bucket_id = self.bucket.id
        block = not cfg.allow_public
        self.public_access_block = aws.s3.BucketPublicAccessBlock(
            self.child_name("public_access_block"),
            bucket=bucket_id,
            block_public_acls=block,
            block_public_policy=block,
            ignore_public_acls=block,
            restrict_public_buckets=block,
            opts=self.child_opts("public_access_block"),
        )
        self.ownership_controls = aws.s3.BucketOwnershipControls(
            self.child_name("ownership_controls"),
            bucket=bucket_id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
            opts=self.child_opts("ownership_controls"),
        )
        self._create_encryption()
        self.versioning = aws.s3.BucketVersioning(
            self.child_name("versioning"),
            bucket=bucket_id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(
                status="Enabled" if cfg.versioning else "Suspended"
            ),
            opts=self.child_opts("versioning"),
        )
        self.policy = aws.s3.BucketPolicy(
            self.child_name("policy"),
            bucket=bucket_id,
            policy=self.bucket.arn.apply(lambda arn: tls_only_bucket_policy(arn).to_json()),
            opts=self.child_opts("policy", depends_on=[self.public_access_block]),
        )
        self.logging: aws.s3.BucketLogging | None = None
        if cfg.access_logging is not None:
            self.logging = aws.s3.BucketLogging(
                self.child_name("logging"),
                bucket=bucket_id,
                target_bucket=cfg.access_logging.target_bucket,
                target_prefix=cfg.access_logging.prefix,
                opts=self.child_opts("logging"),
            )
        self.lifecycle: aws.s3.BucketLifecycleConfiguration | None = None
        if cfg.lifecycle_rules:
            self.lifecycle = aws.s3.BucketLifecycleConfiguration(
                self.child_name("lifecycle"),
                bucket=bucket_id,
                rules=[lifecycle_rule_args(rule) for rule in cfg.lifecycle_rules],
                opts=self.child_opts("lifecycle", depends_on=[self.versioning]),
            )
        self.bucket_name = self.bucket.bucket
        self.arn = self.bucket.arn
        self.id = bucket_id
        self.register(
            bucket_name=self.bucket_name, arn=self.arn, id=self.id, kms_key_arn=self.kms_key_arn
        )

    def _create_encryption(self) -> None:
        cfg = self.config
        self.kms_key = None
        self.kms_key_arn = None
        if cfg.encryption == "AES256":
            default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(  # noqa: E501
                sse_algorithm="AES256"
            )
            rule = aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=default
            )
        else:
            if cfg.kms_key_arn is not None:
                self.kms_key_arn = pulumi.Output.from_input(cfg.kms_key_arn)
            else:
                self.kms_key = aws.kms.Key(
                    self.child_name("kms_key"),
                    description=f"Default encryption of S3 bucket {self.physical_name()}",
                    enable_key_rotation=True,
                    deletion_window_in_days=30,
                    tags=self.child_tags("kms_key"),
                    opts=self.child_opts("kms_key"),
                )
                self.kms_key_arn = self.kms_key.arn
            default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(  # noqa: E501
                sse_algorithm="aws:kms", kms_master_key_id=self.kms_key_arn
            )
            rule = aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=default,
                bucket_key_enabled=cfg.bucket_key_enabled,
            )
        self.encryption = aws.s3.BucketServerSideEncryptionConfiguration(
            self.child_name("encryption"),
            bucket=self.bucket.id,
            rules=[rule],
            opts=self.child_opts("encryption"),
        )

    # -- grants --------------------------------------------------------------------------------

    def grant_read(self, role: aws.iam.Role) -> aws.iam.RolePolicy:
        """Let ``role`` list the bucket and read objects (and decrypt with the bucket's key).

        Creates an inline ``aws.iam.RolePolicy`` child named ``<name>-grant-read-<role>``.
        """
        return self._grant(role, "read")

    def grant_write(self, role: aws.iam.Role) -> aws.iam.RolePolicy:
        """Let ``role`` put, delete and abort uploads of objects (and encrypt with the key).

        Creates an inline ``aws.iam.RolePolicy`` child named ``<name>-grant-write-<role>``.
        """
        return self._grant(role, "write")

    def _grant(self, role: aws.iam.Role, access: str) -> aws.iam.RolePolicy:
        key_arn = self.kms_key_arn if self.kms_key_arn is not None else ""
        policy = pulumi.Output.all(self.arn, key_arn).apply(
            lambda values: grant_policy(str(values[0]), str(values[1]) or None, access).to_json()
        )
        return aws.iam.RolePolicy(
            self.child_name("grant", access, role.pulumi_resource_name),
            role=role.id,
            policy=policy,
            opts=self.child_opts("grant"),
        )


def grant_policy(bucket_arn: str, kms_key_arn: str | None, access: str) -> PolicyDocument:
    """The identity policy granting ``access`` (``read`` or ``write``) on a bucket.

    Example:
        >>> doc = grant_policy("arn:aws:s3:::b", None, "read").to_dict()
        >>> doc["Statement"][0]["Action"]
        ['s3:GetObject', 's3:GetObjectVersion']
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
