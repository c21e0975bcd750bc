"""Azure providers: arguments from the section, named providers, and what reaches components."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_azure_native as azure_native
import pytest

from iaccore.azure.config import AzureProviderSettings, AzureSection
from iaccore.azure.provider import (
    create_provider,
    named_provider,
    provider_args,
    provider_label,
    provider_location,
)
from iaccore.core.errors import ConfigurationError
from iaccore.synth import synth
from iaccore.testing import capture_error
from tests.azure.helpers import AZ_CONFIG, PROJECT, Nsg, az_config, run_azure

PROVIDER = "pulumi:providers:azure-native"
NSG = "azure-native:network:NetworkSecurityGroup"
SUB = "00000000-0000-4000-8000-000000000001"
OTHER_SUB = "11111111-1111-4111-8111-111111111111"
TENANT = "00000000-0000-4000-8000-000000000002"


def with_providers(**azure: Any) -> dict[str, Any]:
    return {
        "iaccore:azure": {
            **AZ_CONFIG["iaccore:azure"],
            "providers": {"dr": {"location": "northeurope"}},
            **azure,
        }
    }


class TestProviderArgs:
    def test_section_only(self) -> None:
        """The default provider gets the section's location, subscription and tenant."""
        section = AzureSection(location="westeurope", subscription_id=SUB, tenant_id=TENANT)
        assert provider_args(section, None) == {
            "location": "westeurope",
            "subscription_id": SUB,
            "tenant_id": TENANT,
        }

    def test_settings_win_unset_inherit(self) -> None:
        """A named provider's own values win; unset ones come from the section."""
        section = AzureSection(
            location="westeurope",
            subscription_id=SUB,
            tenant_id=TENANT,
            providers={"dr": {"location": "northeurope", "subscription_id": OTHER_SUB}},
        )
        assert provider_args(section, section.providers["dr"]) == {
            "location": "northeurope",
            "subscription_id": OTHER_SUB,
            "tenant_id": TENANT,
        }

    def test_nothing_set_nothing_passed(self) -> None:
        """Without values the provider uses the ambient subscription and tenant."""
        assert provider_args(AzureSection(), AzureProviderSettings()) == {}

    def test_no_credentials_ever(self) -> None:
        """Only location, subscription and tenant are ever passed."""
        section = AzureSection(location="westeurope", subscription_id=SUB, tenant_id=TENANT)
        assert set(provider_args(section, None)) <= {"location", "subscription_id", "tenant_id"}


class TestCreateProvider:
    def test_registered_with_its_arguments(self) -> None:
        """`azure-<name>` is an azure-native Provider with the merged arguments."""
        section = AzureSection(
            location="westeurope",
            subscription_id=SUB,
            providers={"dr": {"location": "northeurope", "tenant_id": TENANT}},
        )
        graph = synth(lambda: create_provider("dr", section, section.providers["dr"]))
        provider = graph.one(PROVIDER, "azure-dr")
        assert provider.inputs["location"] == "northeurope"
        assert provider.inputs["subscriptionId"] == SUB
        assert provider.inputs["tenantId"] == TENANT
        assert not {"clientSecret", "clientId", "useMsi"} & set(provider.inputs)

    def test_label_and_location(self) -> None:
        """The created provider's label and location are known; None is the `default`."""
        seen: dict[str, Any] = {}
        section = AzureSection(location="westeurope", providers={"dr": {"location": "uksouth"}})

        def program() -> None:
            provider = create_provider("dr", section, section.providers["dr"])
            seen["label"] = provider_label(provider)
            seen["location"] = provider_location(provider)
            seen["none"] = provider_label(None)
            other = azure_native.Provider("hand-made", location="francecentral")
            seen["other"] = (provider_label(other), provider_location(other))

        synth(program, config={"azure-native:location": "swedencentral"})
        assert (seen["label"], seen["location"], seen["none"]) == ("dr", "uksouth", "default")
        # a provider iaccore did not create: `default`, and the stack's location
        assert seen["other"] == ("default", "swedencentral")


class TestNamedProvider:
    def test_disabled_section_means_ambient(self) -> None:
        """With the section disabled and no name, there is no explicit provider."""
        seen: list[Any] = []
        synth(lambda: seen.append(named_provider(None, key_path="k")))
        assert seen == [None]

    def test_unknown_name(self) -> None:
        """An unknown name is a ConfigurationError at the given key path."""
        captured = capture_error(
            lambda: named_provider("nowhere", key_path="azure.vnet.provider"),
            project=PROJECT,
            config=az_config(**with_providers()),
        )
        assert captured.error.key_path == "azure.vnet.provider"
        assert captured.registered_nothing

    def test_one_provider_per_name(self) -> None:
        """Asking twice for a name gives the same provider."""
        seen: list[Any] = []

        def program() -> None:
            seen.extend([named_provider("dr", key_path="k"), named_provider("dr", key_path="k")])

        graph = run_azure(program, **with_providers())
        assert seen[0] is seen[1]
        assert len(graph.resources(PROVIDER, name="azure-dr")) == 1


class TestComponents:
    def test_default_provider_of_the_enabled_section(self) -> None:
        """A component naming no provider uses `azure-default` and the section's location."""
        graph = run_azure(lambda: Nsg("web"))
        nsg = graph.one(NSG, "web-nsg")
        assert (nsg.provider_urn or "").endswith("::azure-default")
        assert nsg.inputs["location"] == "westeurope"

    def test_named_provider_reaches_the_component(self) -> None:
        """`provider: dr` puts every child on `azure-dr`, in that provider's location."""
        graph = run_azure(lambda: Nsg("web", {"provider": "dr"}), **with_providers())
        nsg = graph.one(NSG, "web-nsg")
        group = graph.one("azure-native:resources:ResourceGroup", "web-resource-group")
        for resource in (nsg, group):
            assert (resource.provider_urn or "").endswith("::azure-dr")
            assert resource.inputs["location"] == "northeurope"

    def test_named_provider_subscription(self) -> None:
        """The named provider carries its own subscription to the component's resources."""
        graph = run_azure(
            lambda: Nsg("web", {"provider": "dr"}),
            **with_providers(
                providers={"dr": {"location": "northeurope", "subscription_id": OTHER_SUB}}
            ),
        )
        assert graph.one(PROVIDER, "azure-dr").inputs["subscriptionId"] == OTHER_SUB

    def test_opts_provider_wins_over_config(self) -> None:
        """An explicit provider in opts wins over the config's provider name."""

        def program() -> None:
            mine = azure_native.Provider("mine", location="uksouth")
            Nsg("web", {"provider": "dr"}, opts=pulumi.ResourceOptions(provider=mine))

        nsg = run_azure(program, **with_providers()).one(NSG, "web-nsg")
        assert (nsg.provider_urn or "").endswith("::mine")

    def test_unknown_provider_name_creates_nothing(self) -> None:
        """A component naming an unknown provider fails at its provider key before registering."""
        captured = capture_error(
            lambda: Nsg("web", {"provider": "backup"}),
            project=PROJECT,
            config=az_config(**with_providers()),
        )
        assert captured.error.key_path == "Nsg(web).provider"
        assert captured.registered_nothing

    def test_disabled_section_uses_pulumis_default_provider(self) -> None:
        """Section disabled: no iaccore provider is created; azure-native:location holds."""
        graph = run_azure(
            lambda: Nsg("web"),
            **{"iaccore:azure": {"enabled": False}, "azure-native:location": "uksouth"},
        )
        assert not graph.resources(PROVIDER, name="azure-default")
        assert graph.one(NSG, "web-nsg").inputs["location"] == "uksouth"

    @pytest.mark.parametrize("name", ["default", "dr"])
    def test_provider_name_default_is_explicit(self, name: str) -> None:
        """`provider: default` names the section's default provider explicitly."""
        nsg = run_azure(lambda: Nsg("web", {"provider": name}), **with_providers()).one(NSG)
        assert (nsg.provider_urn or "").endswith(f"::azure-{name}")


def test_configuration_error_type() -> None:
    """named_provider raises iaccore's ConfigurationError (not the registry's ProviderError)."""
    captured = capture_error(
        lambda: named_provider("x", key_path="k"), project=PROJECT, config=az_config()
    )
    assert isinstance(captured.error, ConfigurationError)
