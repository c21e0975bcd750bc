"""The ``azure`` provider module declaration, published through the ``iaccore.providers`` entry
point.

Importing this module imports no provider SDK: ``pulumi_azure_native`` is loaded only when a
provider or component is created.

Examples:
    >>> MODULE.name, MODULE.sdk_module, MODULE.has_section
    ('azure', 'pulumi_azure_native', True)
"""

from __future__ import annotations

from iaccore.azure.config import AzureSection
from iaccore.core.modules import ProviderModule

__all__ = ["MODULE"]

MODULE = ProviderModule(
    name="azure",
    config_model=AzureSection,
    sdk_module="pulumi_azure_native",
    extra="azure",
    provider_factory="iaccore.azure.provider:create_provider",
    tag_rules="iaccore.azure.tags:AZURE_TAG_RULES",
    mocks="iaccore.azure.mocks:AZURE_MOCKS",
    description="Azure: virtual network, AKS clusters, storage accounts, Linux VMs and role "
    "assignments, secure by default.",
)
