"""Config of ``SecureVnet`` (skeleton; the network package fills it in)."""

from __future__ import annotations

from iaccore.azure.types import AzureComponentConfig

__all__ = ["VnetConfig"]


class VnetConfig(AzureComponentConfig):
    """Config of a ``SecureVnet``."""
