"""Base of the AWS components: AWS tag rules, the ``iaccore:aws`` section and provider choice.

Examples:
    >>> AwsComponent.TAG_RULES.name, AwsComponent.TAG_RULES.name_key
    ('aws', 'Name')
"""

from __future__ import annotations

from typing import ClassVar

import pulumi

from iaccore.aws.provider import named_provider
from iaccore.aws.tags import AWS_TAG_RULES
from iaccore.core.component import BaseComponent, ConfigT, explicit_provider
from iaccore.core.metadata.tags import TagRules

__all__ = ["AwsComponent"]


class AwsComponent(BaseComponent[ConfigT]):
    """An iaccore component whose children are AWS resources.

    Children are tagged by AWS rules, each with a ``Name`` tag holding its logical name, and get
    the ``iaccore:aws`` section's ``tags``. The provider comes, in order, from
    ``opts.provider``/``opts.providers``, from the config's ``provider`` name (a provider of
    ``iaccore:aws.providers``), from the parent's provider, from the enabled ``iaccore:aws``
    section's ``default`` provider, or else from Pulumi's ambient default provider.

    Examples:
        >>> AwsComponent.SECTION, AwsComponent.PROVIDER_PACKAGE
        ('aws', 'aws')
    """

    TAG_RULES: ClassVar[TagRules | None] = AWS_TAG_RULES
    SECTION: ClassVar[str | None] = "aws"
    PROVIDER_PACKAGE: ClassVar[str | None] = "aws"

    def _component_options(
        self, config: ConfigT, opts: pulumi.ResourceOptions | None
    ) -> pulumi.ResourceOptions | None:
        if opts is not None and (opts.provider is not None or opts.providers):
            return opts
        name = getattr(config, "provider", None)
        if name is None and explicit_provider(opts, self.PROVIDER_PACKAGE) is not None:
            return opts  # the parent's provider, which the children inherit anyway
        provider = named_provider(name, key_path=f"{self.key_path}.provider")
        if provider is None:
            return opts
        return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=provider))
