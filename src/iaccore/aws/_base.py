"""Base of the AWS components: AWS tag rules and provider choice by name from config.

Example:
    >>> AwsComponent.CLOUD
    'aws'
"""

from __future__ import annotations

from typing import ClassVar

import pulumi

from iaccore.aws.provider import named_provider
from iaccore.core.component import BaseComponent, ConfigT

__all__ = ["AwsComponent"]


class AwsComponent(BaseComponent[ConfigT]):
    """An iaccore component whose children are AWS resources.

    The provider comes, in order, from ``opts.provider``/``opts.providers``, from the config's
    ``provider`` name (a provider of ``iaccore:aws.providers``), from the enabled ``iaccore:aws``
    section's ``default`` provider, or else from Pulumi's ambient default provider.

    Example:
        >>> AwsComponent.CLOUD
        'aws'
    """

    CLOUD: ClassVar[str | None] = "aws"

    def _component_options(
        self, config: ConfigT, opts: pulumi.ResourceOptions | None
    ) -> pulumi.ResourceOptions | None:
        if opts is not None and (opts.provider is not None or opts.providers):
            return opts
        name = getattr(config, "provider", None)
        provider = named_provider(
            name, key_path=f"{self.CONFIG_KEY or type(self).__name__}.provider"
        )
        if provider is None:
            return opts
        return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=provider))

    @property
    def aws_provider(self) -> pulumi.ProviderResource | None:
        """The explicit AWS provider of this component, if any (for invokes)."""
        opts: pulumi.ResourceOptions | None = getattr(self, "_component_opts", None)
        if opts is None:
            return None
        if isinstance(opts.provider, pulumi.ProviderResource):
            return opts.provider
        providers = opts.providers
        if isinstance(providers, dict):
            found = providers.get("aws")
            return found if isinstance(found, pulumi.ProviderResource) else None
        for provider in providers or []:
            if isinstance(provider, pulumi.ProviderResource) and provider.package == "aws":
                return provider
        return None
