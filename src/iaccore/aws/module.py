"""The ``aws`` provider module declaration, published through the ``iaccore.providers`` entry point.

Importing this module imports no provider SDK: ``pulumi_aws`` is loaded only when a provider or
component is created.

Examples:
    >>> MODULE.name, MODULE.extra
    ('aws', 'aws')
"""

from __future__ import annotations

from iaccore.aws.config import AwsSection
from iaccore.core.modules import ProviderModule

__all__ = ["MODULE"]

MODULE = ProviderModule(
    name="aws",
    config_model=AwsSection,
    sdk_module="pulumi_aws",
    extra="aws",
    depends_on=(),
    provider_factory="iaccore.aws.provider:create_provider",
    tag_rules="iaccore.aws.tags:AWS_TAG_RULES",
    mocks="iaccore.aws.mocks:AWS_MOCKS",
    renderers="iaccore.aws.tfplan:RENDERERS",
    description="AWS: VPC with tiered subnets, EKS clusters, S3 buckets and EC2 instances, "
    "secure by default.",
)
