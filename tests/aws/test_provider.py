"""AWS providers from the iaccore:aws section: region, role, accounts and profile reach them."""

from __future__ import annotations

from iaccore.aws.config import AwsProviderSettings, AwsSection
from iaccore.aws.provider import create_provider, provider_args
from iaccore.synth import synth

PROVIDER = "pulumi:providers:aws"


class TestProfile:
    def test_section_profile_reaches_the_provider(self) -> None:
        """A provider created from a section with `profile` is created with that profile."""
        section = AwsSection(region="eu-west-1", profile="platform-admin")
        graph = synth(lambda: create_provider("default", section, None))
        provider = graph.one(PROVIDER, "aws-default")
        assert provider.inputs["profile"] == "platform-admin"
        assert provider.inputs["region"] == "eu-west-1"

    def test_named_provider_profile_wins(self) -> None:
        """A named provider's own profile wins over the section's; unset inherits it."""
        section = AwsSection(
            profile="base",
            providers={"dr": {"profile": "dr-profile"}, "audit": {"region": "eu-central-1"}},
        )
        assert provider_args(section, section.providers["dr"])["profile"] == "dr-profile"
        assert provider_args(section, section.providers["audit"])["profile"] == "base"

    def test_no_profile_no_argument(self) -> None:
        """Without a profile the provider uses the ambient chain: no `profile` argument."""
        assert "profile" not in provider_args(AwsSection(region="eu-west-1"), None)
        assert "profile" not in provider_args(AwsSection(), AwsProviderSettings())
