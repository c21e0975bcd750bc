"""Config models of ``iaccore.aws.SecureBucket`` (plain data, no Pulumi import).

Examples:
    >>> BucketConfig().encryption, BucketConfig().log_delivery
    ('aws:kms', False)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import StringConstraints, model_validator

from iaccore.aws.limits import S3_BUCKET_PREFIX_MAX_LENGTH, S3_MIN_DAYS_BEFORE_IA
from iaccore.aws.s3.naming import ACCOUNT_REGIONAL, GLOBAL, BucketNamespace, is_valid_bucket_name
from iaccore.aws.types import KmsKeyArn, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel

__all__ = [
    "ACCESS_LOG_PREFIX",
    "STORAGE_CLASSES",
    "AccessLoggingConfig",
    "BucketConfig",
    "LifecycleRule",
    "LifecycleTransition",
]

#: Storage classes a lifecycle rule can transition objects to.
STORAGE_CLASSES: tuple[str, ...] = (
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
)

#: Key prefix under which an ``access_log_target`` bucket admits S3 server access logs; a source
#: bucket's default log prefix is ``access-logs/<source bucket>/``.
ACCESS_LOG_PREFIX = "access-logs/"

BucketPrefix = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9][a-z0-9.-]*$", min_length=1, max_length=S3_BUCKET_PREFIX_MAX_LENGTH
    ),
]


class AccessLoggingConfig(IaccoreModel):
    """S3 server access logging of this bucket into a target bucket.

    The target is ``target_bucket`` (a physical bucket name) or, in code, a ``SecureBucket``
    passed as ``access_log_bucket=``; an iaccore target needs ``access_log_target: true``.

    Examples:
        >>> AccessLoggingConfig(target_bucket="acme-logs").prefix is None
        True
    """

    target_bucket: str | None = Field(
        None,
        min_length=3,
        max_length=63,
        pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$",
        description="Physical name of the bucket receiving the logs (same account and region); "
        "unset when a SecureBucket is passed as `access_log_bucket=` in code.",
    )
    prefix: str | None = Field(
        None,
        max_length=512,
        description=f"Key prefix of the log objects; default `{ACCESS_LOG_PREFIX}<this bucket's "
        f"name>/`, which an iaccore `access_log_target` bucket admits (it admits `"
        f"{ACCESS_LOG_PREFIX}*` only).",
    )


class LifecycleTransition(IaccoreModel):
    """Move objects to another storage class after some days.

    Examples:
        >>> LifecycleTransition(days=90, storage_class="GLACIER").days
        90
    """

    days: int = Field(ge=0, description="Days after creation.")
    storage_class: str = Field(description=f"One of {', '.join(STORAGE_CLASSES)}.")

    @model_validator(mode="after")
    def _check(self) -> LifecycleTransition:
        if self.storage_class not in STORAGE_CLASSES:
            raise ValueError(
                f"storage_class {self.storage_class!r} is not one of {', '.join(STORAGE_CLASSES)}"
            )
        if self.storage_class in ("STANDARD_IA", "ONEZONE_IA") and self.days < (
            S3_MIN_DAYS_BEFORE_IA
        ):
            raise ValueError(
                f"days ({self.days}) must be at least {S3_MIN_DAYS_BEFORE_IA} for a transition "
                f"to {self.storage_class}"
            )
        return self


class LifecycleRule(IaccoreModel):
    """A lifecycle rule: expiration, transitions, cleanup of incomplete uploads.

    Examples:
        >>> LifecycleRule(id="logs", prefix="logs/", expiration_days=30).enabled
        True
    """

    id: str = Field(min_length=1, max_length=255, description="Rule id, unique in the bucket.")
    enabled: bool = Field(True, description="Apply the rule.")
    prefix: str = Field("", description="Key prefix the rule applies to; default all objects.")
    expiration_days: int | None = Field(
        None, ge=1, description="Expire current versions after these days; never when unset."
    )
    noncurrent_version_expiration_days: int | None = Field(
        None, ge=1, description="Delete noncurrent versions after these days; never when unset."
    )
    transitions: tuple[LifecycleTransition, ...] = Field(
        (), description="Storage-class transitions; none by default."
    )
    abort_incomplete_multipart_upload_days: int | None = Field(
        7, ge=1, description="Abort multipart uploads left incomplete this long; default 7."
    )

    @model_validator(mode="after")
    def _check(self) -> LifecycleRule:
        if self.expiration_days is not None:
            for transition in self.transitions:
                if self.expiration_days <= transition.days:
                    raise ValueError(
                        f"expiration_days ({self.expiration_days}) must be greater than the "
                        f"days of the {transition.storage_class} transition ({transition.days})"
                    )
        return self


def _default_rules() -> tuple[LifecycleRule, ...]:
    return (LifecycleRule(id="abort-incomplete-multipart-uploads"),)


class BucketConfig(ComponentConfig):
    """An S3 bucket: private, encrypted with KMS, versioned, TLS-only.

    The public access block stays fully on unless ``allow_public: true``; ACLs are disabled
    (BucketOwnerEnforced) and a bucket policy denies requests without TLS.

    Examples:
        >>> BucketConfig(name_prefix="acme-data").versioning
        True
    """

    name_prefix: BucketPrefix | None = Field(
        None,
        description=f"Physical name prefix (at most {S3_BUCKET_PREFIX_MAX_LENGTH} characters); "
        "the bucket is named `<prefix>-<logical name>-<account>-<region>-an` (`-an` in the "
        "account regional namespace only), the `<prefix>-<logical name>` part made S3-legal and "
        "shortened with a hash so that the name fits in 63 characters. Unset uses "
        "`<project>-<stack>`.",
    )
    bucket_name: str | None = Field(
        None,
        min_length=3,
        max_length=63,
        description="Exact physical name, used as is instead of the derived one (an existing "
        "bucket to import, a name fixed elsewhere). In the `account-regional` namespace it "
        "must end in `-<account>-<region>-an` of the bucket's provider; set `namespace: global` "
        "for any other name.",
    )
    namespace: BucketNamespace = Field(
        ACCOUNT_REGIONAL,
        description="S3 bucket namespace: `account-regional` (default: the name ends in "
        "`-<account>-<region>-an` and no other account can ever create it; not available in "
        "me-south-1 and me-central-1) or `global` (the shared namespace: the derived name ends "
        "in `-<account>-<region>`).",
    )
    versioning: bool = Field(True, description="Keep every version of every object.")
    encryption: Literal["aws:kms", "AES256"] = Field(
        "aws:kms",
        description="Default encryption: aws:kms (default, with a bucket key) or AES256; "
        "AES256 when `access_log_target` is on (S3 server access logs need SSE-S3).",
    )
    kms_key_arn: KmsKeyArn | None = Field(
        None, description="KMS key for aws:kms; unset creates a key with rotation."
    )
    bucket_key_enabled: bool = Field(
        True, description="Use an S3 bucket key to cut KMS requests (aws:kms only)."
    )
    access_logging: AccessLoggingConfig | None = Field(
        None,
        description="S3 server access logging of this bucket into a target bucket; off when unset.",
    )
    access_log_target: bool = Field(
        False,
        description="Make this bucket a target of S3 server access logs: SSE-S3 (AES256) "
        "encryption, which log delivery requires, and a bucket policy letting "
        f"`logging.s3.amazonaws.com` put objects under `{ACCESS_LOG_PREFIX}` for buckets of "
        "this account only (`aws:SourceAccount`); off by default.",
    )
    lifecycle_rules: tuple[LifecycleRule, ...] = Field(
        default_factory=_default_rules,
        description="Lifecycle rules; default one rule aborting incomplete uploads after 7 days.",
    )
    force_destroy: bool = Field(
        False, description="Let Pulumi delete the bucket with its objects; off by default."
    )
    allow_public: bool = Field(
        False,
        description="Turn off the public access block; off by default, so the bucket can "
        "never be made public by a policy or ACL.",
    )
    log_delivery: bool = Field(
        False,
        description="Let the CloudWatch Logs delivery service of this account "
        "(`delivery.logs.amazonaws.com`, with `aws:SourceAccount` and `aws:SourceArn` "
        "conditions) write under `AWSLogs/<account>/` and use the bucket's created KMS key; "
        "off by default. With `kms_key_arn`, that key's own policy must admit the service.",
    )
    provider: str | None = provider_field()

    @model_validator(mode="before")
    @classmethod
    def _log_target_encryption(cls, data: Any) -> Any:
        # A log target defaults to SSE-S3; an explicit `encryption` is checked after.
        if (
            isinstance(data, dict)
            and data.get("access_log_target") is True
            and "encryption" not in data
            and "kms_key_arn" not in data
        ):
            return {**data, "encryption": "AES256"}
        return data

    @model_validator(mode="after")
    def _check(self) -> BucketConfig:
        if self.access_log_target and (self.encryption != "AES256" or self.kms_key_arn is not None):
            raise ValueError(
                "access_log_target needs encryption 'AES256': S3 server access logs cannot be "
                "delivered to a bucket whose default encryption is SSE-KMS"
            )
        if self.kms_key_arn is not None and self.encryption != "aws:kms":
            raise ValueError("kms_key_arn needs encryption 'aws:kms' (allowed: aws:kms, AES256)")
        self._check_name()
        ids = [rule.id for rule in self.lifecycle_rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"lifecycle rule id {duplicates[0]!r} is used more than once")
        return self

    def _check_name(self) -> None:
        name = self.bucket_name
        if name is None:
            return
        if self.name_prefix is not None:
            raise ValueError("set bucket_name or name_prefix, not both")
        if self.namespace == GLOBAL and not is_valid_bucket_name(name, GLOBAL):
            raise ValueError(
                f"bucket_name {name!r} is not a valid S3 name: 3-63 lower-case letters, digits "
                "and hyphens, starting and ending with a letter or digit, no reserved prefix "
                "(xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, --x-s3, "
                "--table-s3, -an)"
            )
        if self.namespace == ACCOUNT_REGIONAL and not is_valid_bucket_name(name, ACCOUNT_REGIONAL):
            raise ValueError(
                f"bucket_name {name!r} is not a name of the account regional namespace: it must "
                "end in -<account>-<region>-an (e.g. acme-data-123456789012-eu-west-1-an); set "
                "namespace: global for another name"
            )
