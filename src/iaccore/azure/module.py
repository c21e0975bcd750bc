"""The ``azure`` provider module declaration, published through the ``iaccore.providers`` entry
point.

It has no config section yet: it contributes its tag rules and its default mocks. Importing this
module imports no provider SDK.

Examples:
    >>> MODULE.name, MODULE.sdk_module, MODULE.has_section
    ('azure', 'pulumi_azure_native', False)
"""

from __future__ import annotations

from iaccore.core.modules import ProviderModule

__all__ = ["MODULE"]

MODULE = ProviderModule(
    name="azure",
    sdk_module="pulumi_azure_native",
    extra="azure",
    config_model=None,
    tag_rules="iaccore.azure.tags:AZURE_TAG_RULES",
    mocks="iaccore.azure.mocks:AZURE_MOCKS",
    description="Azure: tag rules and default mocks (components to come).",
)
