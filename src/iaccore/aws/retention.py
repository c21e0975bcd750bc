"""Data that outlives a mistake: buckets, KMS keys and log groups are retained on delete by default.

Like AWS CDK's ``RemovalPolicy.RETAIN`` (CloudFormation ``DeletionPolicy: Retain``), the
resources that hold data, or the keys that decrypt it, get Pulumi's ``retain_on_delete``: a
``pulumi destroy``, a removed component or a replacement leaves the cloud resource in place and
only forgets it. ``data_opts`` gives a data child its options; the first that is set wins:

1. the role's ``resource_options.<role>.retain_on_delete`` (the component's own, else the one its
   parent passed down to a nested component);
2. ``retain_on_delete`` of the component's ``opts`` (``ResourceOptions(retain_on_delete=False)``);
3. the section switch ``iaccore:aws.retain_data_on_delete`` (default ``true``; set ``false`` for
   throw-away stacks).

A retained bucket or log group keeps its deterministic name, so re-creating the stack after a
destroy fails until the old resource is imported (``pulumi import``) or deleted by hand.

Examples:
    >>> from iaccore.synth import synth
    >>> from iaccore.aws.s3.bucket import SecureBucket
    >>> graph = synth(lambda: SecureBucket("data"))
    >>> graph.one("aws:s3/bucket:Bucket").retain_on_delete
    True
    >>> graph = synth(lambda: SecureBucket("data"),
    ...               config={"iaccore:aws": {"retain_data_on_delete": False}})
    >>> graph.one("aws:s3/bucket:Bucket").retain_on_delete
    False
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from iaccore.aws.limits import KMS_DELETION_WINDOW_MAX_DAYS, KMS_DELETION_WINDOW_MIN_DAYS
from iaccore.core import context
from iaccore.core.children import ChildFactory, retained_opts
from iaccore.core.errors import ConfigurationError

__all__ = [
    "DEFAULT_KMS_DELETION_WINDOW_DAYS",
    "RETAIN_DATA_ON_DELETE",
    "create_log_group",
    "data_opts",
    "kms_deletion_window_days",
    "retain_data_on_delete",
]

#: Default of ``iaccore:aws.retain_data_on_delete``.
RETAIN_DATA_ON_DELETE = True
#: Default of ``iaccore:aws.kms_deletion_window_days``: the longest wait KMS allows.
DEFAULT_KMS_DELETION_WINDOW_DAYS = KMS_DELETION_WINDOW_MAX_DAYS


def _section_value(key: str, default: object) -> object:
    section = getattr(context.current().stack_config, "aws", None)
    return getattr(section, key, default)


def retain_data_on_delete() -> bool:
    """The ``iaccore:aws.retain_data_on_delete`` switch of the running program (default True).

    Examples:
        >>> from iaccore.synth import synth
        >>> seen = []
        >>> _ = synth(lambda: seen.append(retain_data_on_delete()))
        >>> seen
        [True]
    """
    return bool(_section_value("retain_data_on_delete", RETAIN_DATA_ON_DELETE))


def kms_deletion_window_days(days: int | None = None) -> int:
    """``days`` if given (checked to be 7..30), else ``iaccore:aws.kms_deletion_window_days``.

    Raises:
        ConfigurationError: ``days`` is outside 7..30.

    Examples:
        >>> kms_deletion_window_days(7)
        7
    """
    low, high = KMS_DELETION_WINDOW_MIN_DAYS, KMS_DELETION_WINDOW_MAX_DAYS
    if days is None:
        value = _section_value("kms_deletion_window_days", DEFAULT_KMS_DELETION_WINDOW_DAYS)
        return int(value) if isinstance(value, int) else DEFAULT_KMS_DELETION_WINDOW_DAYS
    if isinstance(days, bool) or not low <= days <= high:
        raise ConfigurationError(
            f"a KMS key deletion window of {days!r} days is outside what KMS accepts",
            key_path="aws.kms_deletion_window_days",
            expected=f"an integer from {low} to {high}",
        )
    return days


def data_opts(
    children: ChildFactory,
    role: str,
    *,
    depends_on: Sequence[pulumi.Resource] | None = None,
    ignore_changes: Sequence[str] | None = None,
) -> pulumi.ResourceOptions:
    """``children.child_opts(role, ...)`` with ``retain_on_delete`` defaulting to the switch.

    Use it for every child that holds data or guards it (a bucket and its settings, a KMS key, a
    log group). An explicit ``retain_on_delete`` of the role or of the component wins.

    Examples:
        >>> # inside a component's _create:
        >>> # aws.s3.Bucket(self.child_name("bucket"), opts=data_opts(self, "bucket"))
    """
    return retained_opts(
        children,
        role,
        retain=retain_data_on_delete(),
        depends_on=depends_on,
        ignore_changes=ignore_changes,
    )


def create_log_group(
    children: ChildFactory,
    role: str,
    *suffix: str,
    name: str,
    retention_days: int,
    kms_key_arn: pulumi.Input[str] | None,
) -> aws.cloudwatch.LogGroup:
    """A CloudWatch log group of ``role``: named, with retention and key, retained on delete.

    Args:
        children: The component the group belongs to (names, options and tags come from it).
        role: The group's role in that component (``log_group``, ``flow_log_group`` ...).
        suffix: Extra child-name parts.
        name: The log group's name (``/aws/eks/<cluster>/cluster`` ...).
        retention_days: Days events are kept (one of CloudWatch's retention values).
        kms_key_arn: Key encrypting the group; None uses CloudWatch's own encryption.

    Examples:
        >>> # create_log_group(self, "log_group", name="/aws/eks/prod/cluster",
        >>> #                  retention_days=365, kms_key_arn=key.arn)
    """
    return aws.cloudwatch.LogGroup(
        children.child_name(role, *suffix),
        name=name,
        retention_in_days=retention_days,
        kms_key_id=kms_key_arn,
        tags=children.child_tags(role, *suffix),
        opts=data_opts(children, role),
    )
