"""Data outlives a mistake on Azure too: storage accounts, workspaces and their groups are
retained on delete by default; the section switch and per-role options turn it off."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from iaccore.azure import AksCluster, SecureStorageAccount, SecureVnet
from iaccore.synth import Graph
from tests.azure.helpers import az_config, run_azure

ACCOUNT = "azure-native:storage:StorageAccount"
BLOB = "azure-native:storage:BlobServiceProperties"
GROUP = "azure-native:resources:ResourceGroup"
WORKSPACE = "azure-native:operationalinsights:Workspace"
VNET = "azure-native:network:VirtualNetwork"


def retained(graph: Graph) -> dict[str, bool]:
    return {r.name: bool(r.retain_on_delete) for r in graph.custom_resources()}


def section(**changes: Any) -> dict[str, Any]:
    config = az_config()
    return {"iaccore:azure": {**config["iaccore:azure"], **changes}}


def test_storage_account_its_settings_workspace_and_group_retained() -> None:
    flags = retained(run_azure(lambda: SecureStorageAccount("logs", {})))
    for name in ("logs-account", "logs-blob-service", "logs-workspace", "logs-resource-group"):
        assert flags[name] is True, name
    assert flags["logs-diagnostic-setting-blob"] is False


def test_vnet_retains_its_workspace_and_group_only() -> None:
    """The VNet's own workspace and its group are kept; network resources are not."""
    flags = retained(run_azure(lambda: SecureVnet("core", {"address_space": "10.30.0.0/16"})))
    assert flags["core-workspace"] is True
    assert flags["core-resource-group"] is True
    assert flags["core-vnet"] is False
    assert flags["core-nsg-aks"] is False


def test_vnet_with_an_existing_workspace_retains_nothing() -> None:
    workspace = (
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
        "Microsoft.OperationalInsights/workspaces/law"
    )
    graph = run_azure(
        lambda: SecureVnet(
            "core", {"address_space": "10.30.0.0/16", "log_analytics_workspace_id": workspace}
        )
    )
    assert not any(retained(graph).values())


def test_cluster_using_the_vnets_workspace_retains_nothing_of_its_own() -> None:
    def program() -> None:
        vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
        AksCluster("main", {}, vnet=vnet)

    flags = retained(run_azure(program))
    assert flags["main-resource-group"] is False
    assert flags["main-cluster"] is False
    assert "main-workspace" not in flags


def test_section_switch_off() -> None:
    """`iaccore:azure.retain_data_on_delete: false`: nothing retained."""
    graph = run_azure(
        lambda: SecureStorageAccount("logs", {}), **section(retain_data_on_delete=False)
    )
    assert not any(retained(graph).values())


@pytest.mark.parametrize("where", ["role", "opts"])
def test_explicit_options_win(where: str) -> None:
    """A role's `resource_options` or the component's `opts` decide over the switch."""

    def program() -> None:
        if where == "role":
            SecureStorageAccount(
                "logs", {"resource_options": {"account": {"retain_on_delete": False}}}
            )
        else:
            SecureStorageAccount("logs", {}, opts=pulumi.ResourceOptions(retain_on_delete=False))

    flags = retained(run_azure(program))
    assert flags["logs-account"] is False
    assert flags["logs-blob-service"] is (where == "role")
