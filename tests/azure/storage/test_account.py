"""SecureStorageAccount on the mock engine: account settings, firewall, data protection, logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi_azure_native import network

from iaccore.azure import SecureStorageAccount
from iaccore.azure.naming import resource_group_name, storage_account_name
from iaccore.synth import Graph, IaccoreMocks, synth
from iaccore.testing import assert_urns_match, capture_error
from tests.azure.helpers import PROJECT, az_config, run_azure

ACCOUNT = "azure-native:storage:StorageAccount"
BLOB = "azure-native:storage:BlobServiceProperties"
WORKSPACE = "azure-native:operationalinsights:Workspace"
DIAG = "azure-native:monitor:DiagnosticSetting"
GROUP = "azure-native:resources:ResourceGroup"
TOKEN = "iaccore:azure:SecureStorageAccount"
SUB = "00000000-0000-4000-8000-000000000001"
SUBNET = (
    f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/"
    "virtualNetworks/vnet-core/subnets/private"
)
WORKSPACE_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-ops/providers/"
    "Microsoft.OperationalInsights/workspaces/log-central"
)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def build(config: Any = None, name: str = "logs", **overrides: Any) -> Graph:
    return run_azure(lambda: SecureStorageAccount(name, config), **overrides)


def account(config: Any = None, **overrides: Any) -> dict[str, Any]:
    return dict(build(config, **overrides).one(ACCOUNT).inputs)


class TestWorksAsWritten:
    def test_empty_config(self) -> None:
        """`SecureStorageAccount("logs", {})` builds its group, account, settings and logs."""
        graph = build({})
        component = graph.one(TOKEN, "logs")
        children = {(r.type, r.name) for r in graph.resources(parent=component)}
        assert children == {
            (GROUP, "logs-resource-group"),
            (ACCOUNT, "logs-account"),
            (BLOB, "logs-blob-service"),
            (WORKSPACE, "logs-workspace"),
            *((DIAG, f"logs-diagnostic-setting-{s}") for s in ("blob", "file", "queue", "table")),
        }

    def test_urns_match_snapshot(self) -> None:
        """Child URNs stay stable (renames need aliases)."""
        assert_urns_match(build({}), SNAPSHOTS / "storage_account.txt")


class TestAccountDefaults:
    def test_kind_sku_and_location(self) -> None:
        """StorageV2, zone-redundant, Hot, in the section's location and the component's group."""
        inputs = account()
        assert inputs["kind"] == "StorageV2"
        assert inputs["sku"] == {"name": "Standard_ZRS"}
        assert inputs["accessTier"] == "Hot"
        assert inputs["location"] == "westeurope"
        assert inputs["resourceGroupName"] == "rg-payments-dev-logs"

    def test_https_only_and_tls12(self) -> None:
        """Secure transfer required and TLS 1.2 minimum (CIS 4.1, 4.15)."""
        inputs = account()
        assert inputs["enableHttpsTrafficOnly"] is True
        assert inputs["minimumTlsVersion"] == "TLS1_2"

    def test_no_anonymous_access_no_shared_key(self) -> None:
        """Anonymous blob access off, Shared Key off, Entra ID default, no local users."""
        inputs = account()
        assert inputs["allowBlobPublicAccess"] is False
        assert inputs["allowSharedKeyAccess"] is False
        assert inputs["defaultToOAuthAuthentication"] is True
        assert inputs["isLocalUserEnabled"] is False
        assert inputs["isSftpEnabled"] is False
        assert "sasPolicy" not in inputs
        assert "keyPolicy" not in inputs

    def test_cross_tenant_replication_off(self) -> None:
        """Objects cannot be replicated to another tenant (CIS 4.16)."""
        assert account()["allowCrossTenantReplication"] is False

    def test_infrastructure_encryption(self) -> None:
        """Double encryption with platform keys; account-scoped keys for all four services."""
        encryption = account()["encryption"]
        assert encryption["requireInfrastructureEncryption"] is True
        assert encryption["keySource"] == "Microsoft.Storage"
        assert encryption["services"] == {
            service: {"enabled": True, "keyType": "Account"}
            for service in ("blob", "file", "queue", "table")
        }

    def test_system_assigned_identity(self) -> None:
        """The account has a system-assigned managed identity."""
        assert account()["identity"] == {"type": "SystemAssigned"}

    def test_tags(self) -> None:
        """Metadata and section tags reach the account and its workspace."""
        graph = build()
        for type_ in (ACCOUNT, WORKSPACE):
            tags = graph.one(type_).inputs["tags"]
            assert tags["cost-center"] == "1234"
            assert tags["iaccore:project"] == PROJECT

    def test_shared_key_opt_in(self) -> None:
        """`allow_shared_key_access: true` turns keys on, with a SAS expiry policy and a key
        rotation reminder."""
        inputs = account({"allow_shared_key_access": True})
        assert inputs["allowSharedKeyAccess"] is True
        assert inputs["sasPolicy"] == {
            "sasExpirationPeriod": "0.01:00:00",
            "expirationAction": "Log",
        }
        assert inputs["keyPolicy"] == {"keyExpirationPeriodInDays": 90}

    def test_sku_from_config(self) -> None:
        """`sku` picks another redundancy."""
        assert account({"sku": "Standard_GZRS"})["sku"] == {"name": "Standard_GZRS"}


class TestNetwork:
    def test_closed_by_default(self) -> None:
        """No public network access; the firewall denies and lets trusted Azure services in."""
        inputs = account()
        assert inputs["publicNetworkAccess"] == "Disabled"
        assert inputs["networkRuleSet"] == {
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "ipRules": [],
            "virtualNetworkRules": [],
        }

    def test_allowed_networks(self) -> None:
        """Allowed subnets and IP ranges enable access for those networks only (still Deny)."""
        inputs = account({"allowed_subnet_ids": [SUBNET], "allowed_ip_ranges": ["203.0.113.7/32"]})
        assert inputs["publicNetworkAccess"] == "Enabled"
        rules = inputs["networkRuleSet"]
        assert rules["defaultAction"] == "Deny"
        assert rules["virtualNetworkRules"] == [
            {"virtualNetworkResourceId": SUBNET, "action": "Allow"}
        ]
        assert rules["ipRules"] == [{"iPAddressOrRange": "203.0.113.7", "action": "Allow"}]

    def test_allowed_subnets_wiring(self) -> None:
        """`allowed_subnets=` takes subnet ids as outputs of another resource."""

        def program() -> None:
            subnet = network.Subnet(
                "app",
                resource_group_name="rg-net",
                virtual_network_name="vnet-core",
                subnet_name="app",
                address_prefix="10.0.1.0/24",
            )
            SecureStorageAccount("logs", {}, allowed_subnets=[subnet.id])

        graph = run_azure(program)
        subnet_id = graph.one("azure-native:network:Subnet").id
        inputs = graph.one(ACCOUNT).inputs
        assert inputs["publicNetworkAccess"] == "Enabled"
        assert inputs["networkRuleSet"]["virtualNetworkRules"] == [
            {"virtualNetworkResourceId": subnet_id, "action": "Allow"}
        ]


class TestDataProtection:
    def test_soft_delete_versioning_change_feed(self) -> None:
        """The default blob service keeps deleted blobs and containers 30 days, versions every
        blob and records changes."""
        graph = build()
        blob = graph.one(BLOB)
        assert blob.parent == graph.one(TOKEN).urn
        inputs = blob.inputs
        assert inputs["blobServicesName"] == "default"
        assert inputs["accountName"] == graph.one(ACCOUNT).outputs["name"]
        assert inputs["deleteRetentionPolicy"] == {
            "enabled": True,
            "days": 30,
            "allowPermanentDelete": False,
        }
        assert inputs["containerDeleteRetentionPolicy"] == {"enabled": True, "days": 30}
        assert inputs["isVersioningEnabled"] is True
        assert inputs["changeFeed"] == {"enabled": True, "retentionInDays": 90}

    def test_retention_from_config(self) -> None:
        """Days of soft delete and of the change feed come from config."""
        inputs = (
            build(
                {
                    "blob_soft_delete_days": 7,
                    "container_soft_delete_days": 14,
                    "change_feed_retention_days": None,
                }
            )
            .one(BLOB)
            .inputs
        )
        assert inputs["deleteRetentionPolicy"]["days"] == 7
        assert inputs["containerDeleteRetentionPolicy"]["days"] == 14
        assert inputs["changeFeed"] == {"enabled": True}


class TestDiagnostics:
    def test_created_workspace(self) -> None:
        """A workspace with local auth off and 90 days retention, in the component's group."""
        inputs = build().one(WORKSPACE).inputs
        assert inputs["features"]["disableLocalAuth"] is True
        assert inputs["retentionInDays"] == 90
        assert inputs["resourceGroupName"] == "rg-payments-dev-logs"

    def test_every_service_logs_to_the_workspace(self) -> None:
        """One setting per service on `<account>/<service>Services/default`: all logs and the
        Transaction metrics (storage refuses AllMetrics)."""
        graph = build()
        account_id = graph.one(ACCOUNT).id
        workspace_id = graph.one(WORKSPACE).id
        for service in ("blob", "file", "queue", "table"):
            inputs = graph.one(DIAG, f"logs-diagnostic-setting-{service}").inputs
            assert inputs["resourceUri"] == f"{account_id}/{service}Services/default"
            assert inputs["workspaceId"] == workspace_id
            assert inputs["logs"] == [{"categoryGroup": "allLogs", "enabled": True}]
            assert inputs["metrics"] == [{"category": "Transaction", "enabled": True}]

    def test_given_workspace(self) -> None:
        """`log_analytics_workspace_id` is used as is; no workspace is created."""
        graph = build({"log_analytics_workspace_id": WORKSPACE_ID, "diagnostic_services": ["blob"]})
        assert graph.resources(type=WORKSPACE) == []
        settings = graph.resources(type=DIAG)
        assert [s.name for s in settings] == ["logs-diagnostic-setting-blob"]
        assert settings[0].inputs["workspaceId"] == WORKSPACE_ID


class TestNaming:
    def test_derived_name(self) -> None:
        """`st<project><env><name><hash>` seeded with subscription and resource group."""
        expected = storage_account_name(
            PROJECT, "dev", "logs", seed=f"{SUB}/{resource_group_name(PROJECT, 'dev', 'logs')}"
        )
        assert account()["accountName"] == expected
        assert 3 <= len(expected) <= 24
        assert expected.isalnum()
        assert expected.islower()

    def test_deterministic(self) -> None:
        """The same program gives the same name twice."""
        assert account()["accountName"] == account()["accountName"]

    def test_existing_group_changes_the_seed(self) -> None:
        """An existing resource group is used (none created) and seeds the name."""
        graph = build({"resource_group_name": "rg-shared-data"})
        assert graph.resources(type=GROUP) == []
        inputs = graph.one(ACCOUNT).inputs
        assert inputs["resourceGroupName"] == "rg-shared-data"
        assert inputs["accountName"] == storage_account_name(
            PROJECT, "dev", "logs", seed=f"{SUB}/rg-shared-data"
        )

    def test_shared_group_seed(self) -> None:
        """With `resource_group: shared` the shared group's name seeds the name."""
        config = az_config()
        config["iaccore:azure"]["resource_group"] = "shared"
        graph = run_azure(lambda: SecureStorageAccount("logs", {}), **config)
        assert graph.one(ACCOUNT).inputs["accountName"] == storage_account_name(
            PROJECT, "dev", "logs", seed=f"{SUB}/rg-payments-dev"
        )

    def test_other_environment_other_name(self) -> None:
        """Two accounts of the same name in two environments do not collide."""
        first = account()["accountName"]
        other = account(**{"iaccore:project": {"name": PROJECT, "environment": "prod"}})
        assert other["accountName"] != first

    def test_other_subscription_other_name(self) -> None:
        """The subscription of the provider (getClientConfig) seeds the name."""
        other = "00000000-0000-4000-8000-0000000000ff"
        graph = synth(
            lambda: SecureStorageAccount("logs", {}),
            project=PROJECT,
            config=az_config(),
            mocks=IaccoreMocks(subscription_id=other),
        )
        assert graph.one(ACCOUNT).inputs["accountName"] == storage_account_name(
            PROJECT, "dev", "logs", seed=f"{other}/rg-payments-dev-logs"
        )

    def test_explicit_name(self) -> None:
        """`name` overrides the derived one."""
        assert account({"name": "stpaymentslogs01"})["accountName"] == "stpaymentslogs01"


class TestOutputs:
    def test_outputs(self) -> None:
        """Name, id, blob endpoint, group, location and identity are exported attributes."""

        def program() -> None:
            logs = SecureStorageAccount("logs", {})
            pulumi.export("name", logs.account_name)
            pulumi.export("id", logs.account_id)
            pulumi.export("blob", logs.primary_blob_endpoint)
            pulumi.export("principal", logs.principal_id)
            pulumi.export("physical", logs.physical_name)

        graph = run_azure(program)
        created = graph.one(ACCOUNT)
        assert graph.outputs["name"] == created.outputs["name"] == graph.outputs["physical"]
        assert graph.outputs["id"] == created.id
        assert graph.outputs["blob"] == f"https://{graph.outputs['name']}.blob.core.windows.net/"
        assert graph.outputs["principal"] == created.outputs["identity"]["principalId"]


class TestErrors:
    def capture(self, config: Any) -> Any:
        return capture_error(
            lambda: SecureStorageAccount("logs", config), project=PROJECT, config=az_config()
        )

    def test_bad_name(self) -> None:
        """A name breaking Azure's rules fails on `azure.storage_accounts.logs.name`."""
        captured = self.capture({"name": "Logs_1"})
        assert captured.error.key_path == "azure.storage_accounts.logs.name"
        assert "3 to 24 lowercase letters and digits" in str(captured.error)
        assert captured.registered_nothing

    def test_malformed_subnet_id(self) -> None:
        """A malformed allowed subnet id names its key."""
        captured = self.capture({"allowed_subnet_ids": ["subnet-1"]})
        assert captured.error.key_path.startswith("azure.storage_accounts.logs.allowed_subnet_ids")
        assert "is not a subnet id" in str(captured.error)
        assert captured.registered_nothing

    @pytest.mark.parametrize("days", [0, 366])
    def test_soft_delete_days_out_of_range(self, days: int) -> None:
        """Soft delete days outside 1..365 fail on their key."""
        captured = self.capture({"blob_soft_delete_days": days})
        assert captured.error.key_path == "azure.storage_accounts.logs.blob_soft_delete_days"
        assert captured.registered_nothing

    def test_open_ip_range(self) -> None:
        """0.0.0.0/0 in the firewall is refused."""
        captured = self.capture({"allowed_ip_ranges": ["0.0.0.0/0"]})
        assert captured.error.key_path.startswith("azure.storage_accounts.logs.allowed_ip_ranges")
        assert "whole internet" in str(captured.error)
        assert captured.registered_nothing

    def test_unknown_key(self) -> None:
        """A public-access switch does not exist: unknown keys are refused."""
        captured = self.capture({"allow_blob_public_access": True})
        assert captured.error.key_path == "azure.storage_accounts.logs.allow_blob_public_access"
        assert captured.registered_nothing


class TestRedundancy:
    @pytest.mark.parametrize(
        ("location", "expected"), [("westeurope", "Standard_ZRS"), ("ukwest", "Standard_LRS")]
    )
    def test_default_follows_the_locations_zones(self, location: str, expected: str) -> None:
        """Unset sku: zone-redundant where the location has zones, locally redundant where not
        (Azure refuses ZRS there)."""
        graph = run_azure(lambda: SecureStorageAccount("logs", {"location": location}))
        assert graph.one("azure-native:storage:StorageAccount").inputs["sku"] == {"name": expected}

    @pytest.mark.parametrize("sku", ["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS"])
    def test_zone_redundant_sku_refused_without_zones(self, sku: str) -> None:
        captured = capture_error(
            lambda: SecureStorageAccount("logs", {"location": "ukwest", "sku": sku}),
            project="payments",
            config=az_config(),
        )
        assert captured.error.key_path == "azure.storage_accounts.logs.sku"
        assert "ukwest" in captured.error.message
        assert captured.registered_nothing
