"""Map iaccore lifecycle rules (config) onto ``BucketLifecycleConfiguration`` rule arguments.

Examples:
    >>> from iaccore.aws.s3.config import LifecycleRule
    >>> lifecycle_rule_args(LifecycleRule(id="logs", expiration_days=30)).status
    'Enabled'
"""

from __future__ import annotations

import pulumi_aws as aws

from iaccore.aws.s3.config import LifecycleRule

__all__ = ["lifecycle_rule_args"]


def lifecycle_rule_args(rule: LifecycleRule) -> aws.s3.BucketLifecycleConfigurationRuleArgs:
    """The SDK arguments of one lifecycle rule; unset parts of the rule are left out.

    An empty ``prefix`` gives an empty filter, which S3 applies to every object.
    """
    expiration = (
        aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=rule.expiration_days)
        if rule.expiration_days is not None
        else None
    )
    noncurrent = (
        aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
            noncurrent_days=rule.noncurrent_version_expiration_days
        )
        if rule.noncurrent_version_expiration_days is not None
        else None
    )
    abort = (
        aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
            days_after_initiation=rule.abort_incomplete_multipart_upload_days
        )
        if rule.abort_incomplete_multipart_upload_days is not None
        else None
    )
    transitions = [
        aws.s3.BucketLifecycleConfigurationRuleTransitionArgs(
            days=transition.days, storage_class=transition.storage_class
        )
        for transition in rule.transitions
    ]
    return aws.s3.BucketLifecycleConfigurationRuleArgs(
        id=rule.id,
        status="Enabled" if rule.enabled else "Disabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=rule.prefix or None),
        expiration=expiration,
        noncurrent_version_expiration=noncurrent,
        abort_incomplete_multipart_upload=abort,
        transitions=transitions or None,
    )
