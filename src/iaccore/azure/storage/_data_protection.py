"""The blob service settings of a storage account: soft delete, versioning and change feed.

A helper of [`SecureStorageAccount`][iaccore.azure.SecureStorageAccount]: it takes a
``ChildFactory`` and plain values and returns the resource it made; it never reads the component.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import storage

from iaccore.azure.retention import data_opts
from iaccore.core.children import ChildFactory

__all__ = ["BlobProtection", "create_blob_protection"]


@dataclass(frozen=True)
class BlobProtection:
    """The ``BlobServiceProperties`` of the account (its ``default`` blob service)."""

    service: Any


def create_blob_protection(
    factory: ChildFactory,
    role: str,
    *,
    account_name: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    blob_soft_delete_days: int,
    container_soft_delete_days: int,
    versioning: bool,
    change_feed_retention_days: int | None,
) -> BlobProtection:
    """Soft delete of blobs and containers (no permanent delete inside the retention period),
    blob versioning and the change feed, on the account's ``default`` blob service."""
    service = storage.BlobServiceProperties(
        factory.child_name(role),
        account_name=account_name,
        resource_group_name=resource_group_name,
        blob_services_name="default",
        delete_retention_policy=storage.DeleteRetentionPolicyArgs(
            enabled=True, days=blob_soft_delete_days, allow_permanent_delete=False
        ),
        container_delete_retention_policy=storage.DeleteRetentionPolicyArgs(
            enabled=True, days=container_soft_delete_days
        ),
        is_versioning_enabled=versioning,
        change_feed=storage.ChangeFeedArgs(
            enabled=True, retention_in_days=change_feed_retention_days
        ),
        opts=data_opts(factory, role),
    )
    return BlobProtection(service)
