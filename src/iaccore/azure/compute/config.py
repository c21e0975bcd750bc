"""Config of ``LinuxVirtualMachine`` (skeleton; the compute package fills it in)."""

from __future__ import annotations

from iaccore.azure.types import AzureComponentConfig

__all__ = ["LinuxVmConfig"]


class LinuxVmConfig(AzureComponentConfig):
    """Config of a ``LinuxVirtualMachine``."""
