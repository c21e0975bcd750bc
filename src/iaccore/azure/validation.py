"""Cross-section checks of ``iaccore:azure`` run by ``iaccore validate`` (none yet beyond the
model's own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iaccore.azure.config import AzureSection

__all__ = ["check_azure_stack"]


def check_azure_stack(section: AzureSection, stack: Any) -> None:
    """Refuse, at validate time, what the Azure components would refuse later."""
