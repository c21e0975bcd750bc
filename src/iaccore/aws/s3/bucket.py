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
from iaccore.aws.environment import AwsEnvironment, aws_environment
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
from iaccore.aws.iam.role import IamRole
from iaccore.aws.kms import KmsKey, account_admin_statement, create_kms_key
from iaccore.aws.s3._lifecycle import lifecycle_rule_args
from iaccore.aws.s3._policies import bucket_policy, log_delivery_key_statement
from iaccore.aws.s3.config import BucketConfig
from iaccore.aws.s3.naming import bucket_name
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
    the given key, or a created key with rotation and an explicit key policy; or ``AES256``),
    versioning, a bucket policy denying requests without TLS, optional access logging and
    lifecycle rules.

    ``allow_public: true`` turns the four public access block flags off (the block is still
    registered, so a reviewer sees it); ownership stays enforced and TLS stays required.
    ``log_delivery: true`` makes it a destination for vended logs (VPC flow logs): the bucket
    policy and the created key's policy let ``delivery.logs.amazonaws.com`` of this account,
    and only for this account's logs, write under ``AWSLogs/<account>/``.

    Args:
        name: Logical name; also the last part of the physical bucket name.
        config: :class:`~iaccore.aws.s3.config.BucketConfig` or a mapping
            (``aws.buckets.<name>``).
        opts: Pulumi options (provider, protect, ...), propagated to every child.
        tags: Extra tags for the children.

    Attributes:
        physical_name: The bucket's S3 name, known before anything registers.
        bucket: The ``aws.s3.Bucket``; ``bucket_name``, ``arn`` and ``id`` are its outputs.
        kms_key: The created key (``None`` with ``AES256`` or ``kms_key_arn``).
        kms_key_arn: The key encrypting the bucket (``None`` with ``AES256``).

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

    physical_name: str
    environment: AwsEnvironment | None
    bucket: aws.s3.Bucket
    kms_key: aws.kms.Key | None
    bucket_name: pulumi.Output[str]
    arn: pulumi.Output[str]
    id: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str] | None

    def _prepare(self, config: BucketConfig) -> None:
        ctx = context.current()
        prefix = config.name_prefix or f"{ctx.project}-{ctx.stack}"
        self.physical_name = bucket_name(self.name, prefix=prefix)
        creates_key = config.encryption == "aws:kms" and config.kms_key_arn is None
        needs_env = creates_key or config.log_delivery
        self.environment = aws_environment(self.provider) if needs_env else None

    def _env(self) -> AwsEnvironment:
        if self.environment is None:  # pragma: no cover - _prepare looks it up when needed
            raise RuntimeError("SecureBucket looked up no AWS environment")
        return self.environment

    def _create(self) -> None:
        cfg = self.config
        self.bucket = aws.s3.Bucket(
            self.child_name("bucket"),
            bucket=self.physical_name,
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
        delivery_env = self._env() if cfg.log_delivery else None
        self.policy = aws.s3.BucketPolicy(
            self.child_name("policy"),
            bucket=bucket_id,
            policy=self.bucket.arn.apply(
                lambda arn: bucket_policy(arn, log_delivery_env=delivery_env).to_json()
            ),
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

    def _key_policy(self) -> PolicyDocument:
        env = self._env()
        statements = [account_admin_statement(env)]
        if self.config.log_delivery:
            statements.append(log_delivery_key_statement(env))
        return PolicyDocument(statements)

    def _create_encryption(self) -> None:
        cfg = self.config
        self.kms: KmsKey | None = None
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
                self.kms = create_kms_key(
                    self,
                    "kms_key",
                    description=f"Default encryption of S3 bucket {self.physical_name}",
                    policy=self._key_policy(),
                )
                self.kms_key = self.kms.key
                self.kms_key_arn = self.kms.arn
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

    def grant_read(self, role: aws.iam.Role | IamRole) -> aws.iam.RolePolicy:
        """Let ``role`` list the bucket and read objects (and decrypt with the bucket's key).

        Creates an inline ``aws.iam.RolePolicy`` child named ``<name>-grant-read-<role>``.
        """
        return self._grant(role, "read")

    def grant_write(self, role: aws.iam.Role | IamRole) -> aws.iam.RolePolicy:
        """Let ``role`` put, delete and abort uploads of objects (and encrypt with the key).

        Creates an inline ``aws.iam.RolePolicy`` child named ``<name>-grant-write-<role>``.
        """
        return self._grant(role, "write")

    def _grant(self, role: aws.iam.Role | IamRole, access: str) -> aws.iam.RolePolicy:
        if isinstance(role, IamRole):
            target, label = role.role, role.name
        else:
            target, label = role, role.pulumi_resource_name
        key_arn = self.kms_key_arn if self.kms_key_arn is not None else ""
        policy = pulumi.Output.all(self.arn, key_arn).apply(
            lambda values: grant_policy(str(values[0]), str(values[1]) or None, access).to_json()
        )
        return aws.iam.RolePolicy(
            self.child_name("grant", access, label),
            role=target.id,
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
