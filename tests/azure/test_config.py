"""The iaccore:azure section (AzureSection): locations, providers, credentials, resource groups."""

from __future__ import annotations

import pytest

import iaccore
from iaccore.azure.config import AzureProviderSettings, AzureSection
from iaccore.core.config.base import ProviderSection, ProviderSettings
from iaccore.synth import synth
from iaccore.testing import capture_error
from tests.azure.helpers import AZ_CONFIG, PROJECT, az_config, reject_azure

SUB = "00000000-0000-4000-8000-000000000001"
TENANT = "00000000-0000-4000-8000-000000000002"


class TestDefaults:
    def test_section_defaults(self) -> None:
        """Disabled, no location, ambient subscription, one group per component, no resources."""
        section = AzureSection()
        assert isinstance(section, ProviderSection)
        assert section.enabled is False
        assert (section.location, section.subscription_id, section.tenant_id) == (None, None, None)
        assert section.resource_group == "per_component"
        assert section.providers == {}
        assert section.role_assignments == {}

    def test_provider_settings_defaults(self) -> None:
        """A named provider inherits everything by default."""
        settings = AzureProviderSettings()
        assert isinstance(settings, ProviderSettings)
        assert settings.enabled is True
        assert (settings.location, settings.subscription_id, settings.tenant_id) == (
            None,
            None,
            None,
        )


class TestLocation:
    @pytest.mark.parametrize(
        ("given", "stored"),
        [("West Europe", "westeurope"), ("westeurope", "westeurope"), (" UK South ", "uksouth")],
    )
    def test_normalised(self, given: str, stored: str) -> None:
        """Display names and stray spaces become the ARM spelling, in the section and providers."""
        section = AzureSection(location=given, providers={"dr": {"location": given}})
        assert section.location == stored
        assert section.providers["dr"].location == stored

    def test_unknown_location_suggests(self) -> None:
        """A near miss names the key and the location it probably meant."""
        err = reject_azure({"location": "westeurop"})
        assert err.key_path == "azure.location"
        assert "did you mean westeurope" in err.message

    def test_unknown_provider_location(self) -> None:
        """Named providers' locations are checked too."""
        err = reject_azure({"providers": {"dr": {"location": "north-europe-2"}}})
        assert err.key_path == "azure.providers.dr.location"
        assert "unknown Azure location" in err.message

    def test_far_miss_points_at_the_cli(self) -> None:
        """Without a close name, the message says where the list is."""
        assert "az account list-locations" in reject_azure({"location": "mars"}).message


class TestCredentials:
    @pytest.mark.parametrize(
        "key",
        [
            "client_secret",
            "client_id",
            "client_certificate_password",
            "use_msi",
            "auxiliary_tenant_ids",
        ],
    )
    def test_credential_keys_are_unknown(self, key: str) -> None:
        """Credentials are never config: refused as unknown keys, in the section and providers."""
        err = reject_azure({key: "x"})
        assert err.key_path == f"azure.{key}"
        assert "unknown key" in err.message
        err = reject_azure({"providers": {"dr": {key: "x"}}})
        assert err.key_path == f"azure.providers.dr.{key}"
        assert "unknown key" in err.message

    def test_secret_is_not_echoed(self) -> None:
        """The refused value does not appear in the error."""
        err = reject_azure({"client_secret": "hunter2-very-secret"})
        assert "hunter2" not in str(err)

    @pytest.mark.parametrize("key", ["subscription_id", "tenant_id"])
    def test_ids_are_uuids(self, key: str) -> None:
        """Subscription and tenant are UUIDs, not names."""
        assert reject_azure({key: "my-subscription"}).key_path == f"azure.{key}"
        assert (
            reject_azure({"providers": {"dr": {key: "nope"}}}).key_path
            == f"azure.providers.dr.{key}"
        )
        assert AzureSection(**{key: SUB}).model_dump()[key] == SUB


class TestProviderReferences:
    def test_known_provider(self) -> None:
        """A component naming `default` or a configured provider is accepted."""
        section = AzureSection.model_validate(
            {
                "providers": {"dr": {"location": "northeurope"}},
                "storage_accounts": {"logs": {"provider": "dr"}, "data": {"provider": "default"}},
            }
        )
        assert section.storage_accounts["logs"].provider == "dr"

    def test_unknown_provider_refused(self) -> None:
        """A component naming a provider that is not configured is refused, listing the known."""
        err = reject_azure(
            {
                "providers": {"dr": {"location": "northeurope"}},
                "storage_accounts": {"logs": {"provider": "backup"}},
            }
        )
        assert err.key_path == "azure"
        assert "storage_accounts.logs.provider names unknown provider 'backup'" in err.message
        assert "known: default, dr" in err.message


class TestResourceGroupMode:
    @pytest.mark.parametrize("mode", ["per_component", "shared"])
    def test_modes(self, mode: str) -> None:
        """The two modes are accepted."""
        assert AzureSection(resource_group=mode).resource_group == mode  # type: ignore[arg-type]

    def test_other_mode_refused(self) -> None:
        """Anything else names the key and the two choices."""
        err = reject_azure({"resource_group": "global"})
        assert err.key_path == "azure.resource_group"
        assert err.expected is not None
        assert "shared" in err.expected


class TestFromTheStack:
    def test_loaded_section(self) -> None:
        """`iaccore.load_stack().azure` is the validated section of the stack config."""
        seen: list[AzureSection] = []
        section = {
            **AZ_CONFIG["iaccore:azure"],
            "location": "North Europe",
            "subscription_id": SUB,
            "tenant_id": TENANT,
            "resource_group": "shared",
        }

        def program() -> None:
            seen.append(iaccore.load_stack().azure)

        synth(program, project=PROJECT, config=az_config(**{"iaccore:azure": section}))
        assert seen[0].location == "northeurope"
        assert (seen[0].subscription_id, seen[0].tenant_id) == (SUB, TENANT)
        assert seen[0].resource_group == "shared"

    def test_bad_stack_section_registers_nothing(self) -> None:
        """A credential in the stack's section fails loading at its key; nothing is created."""
        section = {**AZ_CONFIG["iaccore:azure"], "client_secret": "x"}
        captured = capture_error(
            iaccore.load_stack, project=PROJECT, config=az_config(**{"iaccore:azure": section})
        )
        assert captured.error.key_path == "azure.client_secret"
        assert captured.registered_nothing
