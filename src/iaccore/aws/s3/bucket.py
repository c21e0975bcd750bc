"""``SecureBucket``: a private, encrypted, versioned, TLS-only S3 bucket.

Examples:
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: SecureBucket("data", {"name_prefix": "acme-payments"}))
    >>> graph.one("aws:s3/bucket:Bucket").inputs["bucket"]
    'acme-payments-data-123456789012-us-east-1-an'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi_aws as aws

from iaccore.aws._base import AwsComponent
from iaccore.aws.environment import AwsEnvironment, aws_environment
from iaccore.aws.iam.policy import PolicyDocument
from iaccore.aws.iam.role import IamRole
from iaccore.aws.kms import KmsKey, account_admin_statement, create_kms_key
from iaccore.aws.retention import data_opts
from iaccore.aws.s3._grants import grant_policy
from iaccore.aws.s3._lifecycle import lifecycle_rule_args
from iaccore.aws.s3._policies import bucket_policy, log_delivery_key_statement
from iaccore.aws.s3.config import ACCESS_LOG_PREFIX, BucketConfig
from iaccore.aws.s3.naming import resolve_bucket_name
from iaccore.core import context
from iaccore.core.errors import ConfigurationError

__all__ = ["SecureBucket", "grant_policy"]


class SecureBucket(AwsComponent[BucketConfig]):
    """An S3 bucket that is private, encrypted, versioned and reachable over TLS only.

    Children: the bucket (physical name ``<prefix>-<name>-<account>-<region>-an`` in the
    account regional namespace, see ``iaccore.aws.s3.naming``; or ``bucket_name``), a public
    access block with all four flags on, ownership controls ``BucketOwnerEnforced`` (ACLs
    disabled), default encryption (``aws:kms`` with a bucket key and the given key, or a created
    key with rotation and an explicit key policy; or ``AES256``), versioning, a bucket policy
    denying requests without TLS, optional server access logging and lifecycle rules.

    The bucket, its settings and its created key are retained when Pulumi deletes them
    (``iaccore.aws.retention``; ``iaccore:aws.retain_data_on_delete: false`` opts out), so a
    destroyed stack leaves the data and its protections in place. ``force_destroy`` stays off.

    ``allow_public: true`` turns the four public access block flags off (the block is still
    registered, so a reviewer sees it); ownership stays enforced and TLS stays required.
    ``log_delivery: true`` makes it a destination for vended logs (VPC flow logs): the bucket
    policy and the created key's policy let ``delivery.logs.amazonaws.com`` of this account,
    and only for this account's logs, write under ``AWSLogs/<account>/``.
    ``access_log_target: true`` makes it a target of S3 server access logs (SSE-S3, and a policy
    letting ``logging.s3.amazonaws.com`` write under ``access-logs/`` for this account's
    buckets); another bucket logs into it with ``access_log_bucket=`` (or
    ``access_logging.target_bucket``).

    Args:
        name: Logical name; also part of the physical bucket name.
        config: ``BucketConfig`` or a mapping
            (``aws.buckets.<name>``).
        opts: Pulumi options (provider, protect, ...), propagated to every child.
        tags: Extra tags for the children.
        access_log_bucket: A ``SecureBucket`` with ``access_log_target`` on, in the same account
            and region, that receives this bucket's server access logs (turns logging on).

    Raises:
        ConfigurationError: invalid config, a name outside the bucket's namespace, or an access
            log target that is not one; nothing is registered then.

    Attributes:
        physical_name: The bucket's S3 name, known before anything registers.
        bucket: The ``aws.s3.Bucket``; ``bucket_name``, ``arn`` and ``id`` are its outputs.
        kms_key: The created key (``None`` with ``AES256`` or ``kms_key_arn``).
        kms_key_arn: The key encrypting the bucket (``None`` with ``AES256``).

    Examples:
        >>> from iaccore.synth import synth
        >>> def program() -> None:
        ...     logs = SecureBucket("logs", {"access_log_target": True})
        ...     SecureBucket("data", access_log_bucket=logs)
        >>> graph = synth(program)
        >>> graph.one("aws:s3/bucketLogging:BucketLogging").inputs["targetPrefix"]
        'access-logs/project-dev-data-123456789012-us-east-1-an/'
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
    environment: AwsEnvironment
    bucket: aws.s3.Bucket
    kms_key: aws.kms.Key | None
    policy: aws.s3.BucketPolicy
    bucket_name: pulumi.Output[str]
    arn: pulumi.Output[str]
    id: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        config: BucketConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
        access_log_bucket: SecureBucket | None = None,
    ) -> None:
        self._log_target = access_log_bucket
        super().__init__(name, config, opts, tags=tags)

    def _prepare(self, config: BucketConfig) -> None:
        ctx = context.current()
        self.environment = env = aws_environment(self.provider)
        self.physical_name = resolve_bucket_name(
            self.name,
            explicit=config.bucket_name,
            prefix=config.name_prefix or f"{ctx.project}-{ctx.stack}",
            namespace=config.namespace,
            account_id=env.account_id,
            region=env.region,
            key_path=self.key_path,
        )
        self._check_access_logging(config)

    def _check_access_logging(self, config: BucketConfig) -> None:
        where = f"{self.key_path}.access_logging.target_bucket"
        target = self._log_target
        named = config.access_logging.target_bucket if config.access_logging else None
        if target is None:
            if config.access_logging is not None and named is None:
                raise ConfigurationError(
                    "access_logging needs a target bucket",
                    key_path=where,
                    expected="a bucket name, or a SecureBucket passed as access_log_bucket=",
                )
            if named == self.physical_name:
                raise ConfigurationError(
                    "a bucket cannot receive its own server access logs (each log write would "
                    "log another)",
                    key_path=where,
                    expected="another bucket",
                )
            return
        if named is not None:
            raise ConfigurationError(
                "set access_logging.target_bucket or pass access_log_bucket=, not both",
                key_path=where,
                expected="one target",
            )
        if not target.config.access_log_target:
            raise ConfigurationError(
                f"bucket {target.name!r} is not a server access log target",
                key_path=f"{target.key_path}.access_log_target",
                expected="access_log_target: true on the bucket passed as access_log_bucket=",
            )
        prefix = config.access_logging.prefix if config.access_logging else None
        if prefix is not None and not prefix.startswith(ACCESS_LOG_PREFIX):
            # The target's policy admits the logging service under this prefix only: S3 would
            # drop every log object written elsewhere, silently.
            raise ConfigurationError(
                f"access_logging.prefix {prefix!r} is outside {ACCESS_LOG_PREFIX!r}, the only "
                f"prefix bucket {target.name!r} lets the S3 logging service write to",
                key_path=f"{self.key_path}.access_logging.prefix",
                expected=f"a prefix starting with {ACCESS_LOG_PREFIX!r}, or unset",
            )
        ours, theirs = self.environment, target.environment
        if (ours.account_id, ours.region) != (theirs.account_id, theirs.region):
            raise ConfigurationError(
                f"bucket {target.name!r} is in {theirs.account_id}/{theirs.region}; S3 server "
                f"access logs stay in the source's account and region "
                f"({ours.account_id}/{ours.region})",
                key_path=where,
                expected="an access log target on the same provider",
            )

    def _create(self) -> None:
        cfg = self.config
        self.bucket = aws.s3.Bucket(
            self.child_name("bucket"),
            bucket=self.physical_name,
            bucket_namespace=cfg.namespace,
            force_destroy=cfg.force_destroy,
            tags=self.child_tags("bucket"),
            opts=data_opts(self, "bucket"),
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
            opts=data_opts(self, "public_access_block"),
        )
        self.ownership_controls = aws.s3.BucketOwnershipControls(
            self.child_name("ownership_controls"),
            bucket=bucket_id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
            opts=data_opts(self, "ownership_controls"),
        )
        self._create_encryption()
        self.versioning = aws.s3.BucketVersioning(
            self.child_name("versioning"),
            bucket=bucket_id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(
                status="Enabled" if cfg.versioning else "Suspended"
            ),
            opts=data_opts(self, "versioning"),
        )
        env = self.environment
        delivery_env = env if cfg.log_delivery else None
        access_env = env if cfg.access_log_target else None
        self.policy = aws.s3.BucketPolicy(
            self.child_name("policy"),
            bucket=bucket_id,
            policy=self.bucket.arn.apply(
                lambda arn: bucket_policy(
                    arn, log_delivery_env=delivery_env, access_log_env=access_env
                ).to_json()
            ),
            opts=data_opts(self, "policy", depends_on=[self.public_access_block]),
        )
        self._create_logging()
        self.lifecycle: aws.s3.BucketLifecycleConfiguration | None = None
        if cfg.lifecycle_rules:
            self.lifecycle = aws.s3.BucketLifecycleConfiguration(
                self.child_name("lifecycle"),
                bucket=bucket_id,
                rules=[lifecycle_rule_args(rule) for rule in cfg.lifecycle_rules],
                opts=data_opts(self, "lifecycle", depends_on=[self.versioning]),
            )
        self.bucket_name = self.bucket.bucket
        self.arn = self.bucket.arn
        self.id = bucket_id
        self.register(
            bucket_name=self.bucket_name, arn=self.arn, id=self.id, kms_key_arn=self.kms_key_arn
        )

    def _create_logging(self) -> None:
        cfg = self.config
        self.logging: aws.s3.BucketLogging | None = None
        target = self._log_target
        if cfg.access_logging is None and target is None:
            return
        prefix = cfg.access_logging.prefix if cfg.access_logging else None
        if prefix is None:
            prefix = f"{ACCESS_LOG_PREFIX}{self.physical_name}/"
        if target is not None:
            target_bucket: pulumi.Input[str] = target.bucket.bucket
            depends: list[pulumi.Resource] = [target.policy]
        else:
            assert cfg.access_logging is not None  # checked in _prepare
            assert cfg.access_logging.target_bucket is not None
            target_bucket, depends = cfg.access_logging.target_bucket, []
        self.logging = aws.s3.BucketLogging(
            self.child_name("logging"),
            bucket=self.bucket.id,
            target_bucket=target_bucket,
            target_prefix=prefix,
            # The target's policy must admit the logging service before logs are delivered.
            opts=data_opts(self, "logging", depends_on=depends),
        )

    def _key_policy(self) -> PolicyDocument:
        env = self.environment
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
            opts=data_opts(self, "encryption"),
        )

    # -- grants --------------------------------------------------------------------------------

    def grant_read(self, role: aws.iam.Role | IamRole) -> aws.iam.RolePolicy:
        """Let ``role`` list the bucket and read objects (and decrypt with the bucket's key).

        ``role`` is an ``aws.iam.Role`` or an [`IamRole`][iaccore.aws.IamRole] (an IRSA
        role of ``EksCluster.irsa_role`` ...). Creates an inline ``aws.iam.RolePolicy`` child
        named ``<name>-grant-read-<role>``.
        """
        return self._grant(role, "read")

    def grant_write(self, role: aws.iam.Role | IamRole) -> aws.iam.RolePolicy:
        """Let ``role`` put, delete and abort uploads of objects (and encrypt with the key).

        ``role`` is an ``aws.iam.Role`` or an [`IamRole`][iaccore.aws.IamRole]. Creates an
        inline ``aws.iam.RolePolicy`` child named ``<name>-grant-write-<role>``.
        """
        return self._grant(role, "write")

    def _grant(self, role: aws.iam.Role | IamRole, access: str) -> aws.iam.RolePolicy:
        if isinstance(role, IamRole):
            target, label = role.role, role.name
        elif isinstance(role, aws.iam.Role):
            target, label = role, role.pulumi_resource_name
        else:
            raise TypeError(
                f"grant_{access} takes an IamRole or an aws.iam.Role, not {type(role).__name__}"
            )
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
