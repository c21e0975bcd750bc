"""Account, partition and region of a provider, looked up once per provider per program.

Flow-log and EKS key policies, managed-policy ARNs, IAM trust conditions and endpoint service
names need them; every component on a provider shares a single pair of invokes.

Examples:
    >>> AwsEnvironment("123456789012", "aws", "eu-west-1").service_name("s3")
    'com.amazonaws.eu-west-1.s3'
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from iaccore.core import context

__all__ = ["AwsEnvironment", "aws_environment", "provider_key"]


@dataclass(frozen=True)
class AwsEnvironment:
    """Where a provider acts: account id, partition and region.

    Examples:
        >>> AwsEnvironment("123456789012", "aws", "eu-west-1").arn("logs", "log-group:x")
        'arn:aws:logs:eu-west-1:123456789012:log-group:x'
    """

    account_id: str
    partition: str
    region: str

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        """An ARN of ``service`` in this account (and region, when ``regional``)."""
        region = self.region if regional else ""
        return f"arn:{self.partition}:{service}:{region}:{self.account_id}:{resource}"

    def service_name(self, service: str) -> str:
        """A VPC endpoint service name such as ``com.amazonaws.eu-west-1.s3``."""
        return f"com.amazonaws.{self.region}.{service}"


def provider_key(ctx: context.ProgramContext, provider: pulumi.ProviderResource | None) -> str:
    """A key naming ``provider`` in the program's caches: two providers with the same logical
    name (under different parents) never share an entry. The provider is kept in the cache so
    its ``id`` is not reused while the program runs."""
    if provider is None:
        return "<ambient>"
    key = f"{provider._name}#{id(provider)}"
    ctx.cache[("aws", "provider", key)] = provider
    return key


def aws_environment(provider: pulumi.ProviderResource | None) -> AwsEnvironment:
    """The account, partition and region of ``provider`` (None: the ambient provider)."""
    ctx = context.current()
    key = ("aws", "environment", provider_key(ctx, provider))
    cached = ctx.cache.get(key)
    if isinstance(cached, AwsEnvironment):
        return cached
    invoke = pulumi.InvokeOptions(provider=provider)
    identity = aws.get_caller_identity(opts=invoke)
    region = aws.get_region(opts=invoke)
    parts = str(identity.arn).split(":")
    partition = parts[1] if len(parts) > 1 and parts[1] else "aws"
    env = AwsEnvironment(str(identity.account_id), partition, str(region.region))
    ctx.cache[key] = env
    return env
