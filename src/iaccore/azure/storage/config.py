"""Config of ``SecureStorageAccount`` (skeleton; the storage package fills it in)."""

from __future__ import annotations

from iaccore.azure.types import AzureComponentConfig

__all__ = ["StorageAccountConfig"]


class StorageAccountConfig(AzureComponentConfig):
    """Config of a ``SecureStorageAccount``."""
