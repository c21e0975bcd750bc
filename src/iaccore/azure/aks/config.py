"""Config of ``AksCluster`` (skeleton; the aks package fills it in)."""

from __future__ import annotations

from iaccore.azure.types import AzureComponentConfig
from iaccore.core.config.base import Field, IaccoreModel

__all__ = ["AksClusterConfig", "AksSection"]


class AksClusterConfig(AzureComponentConfig):
    """Config of an ``AksCluster``."""


class AksSection(IaccoreModel):
    """``iaccore:azure.aks``: AKS clusters by name."""

    clusters: dict[str, AksClusterConfig] = Field(
        default_factory=dict, description="AKS clusters by name (`AksCluster(name, ...)`)."
    )
