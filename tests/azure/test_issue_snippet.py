"""The issue's Azure snippet works as written, with only the stack config it names."""

from __future__ import annotations

from iaccore.azure import AksCluster, SecureStorageAccount, SecureVnet
from iaccore.synth import synth

CONFIG = {
    "azure-native:location": "westeurope",
    "iaccore:azure": {"enabled": True, "location": "westeurope"},
}


def program() -> None:
    vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
    AksCluster(
        "main",
        {"node_pools": {"system": {"vm_size": "Standard_D4s_v5", "min": 3, "max": 5}}},
        vnet=vnet,
    )
    SecureStorageAccount("logs", {})


def test_snippet_as_written() -> None:
    """VNet, cluster in its `aks` subnet with the 3-5 system pool, storage account; all in
    westeurope on the section's provider, in resource groups named by the convention."""
    graph = synth(program, project="platform", stack="dev", config=CONFIG)
    cluster = graph.one("azure-native:containerservice:ManagedCluster", "main-cluster").inputs
    pool = cluster["agentPoolProfiles"][0]
    assert (pool["vmSize"], pool["minCount"], pool["maxCount"]) == ("Standard_D4s_v5", 3, 5)
    subnet = graph.one("azure-native:network:Subnet", "core-subnet-aks")
    assert pool["vnetSubnetID"] == subnet.outputs["id"]
    assert graph.one("azure-native:storage:StorageAccount", "logs-account")
    groups = sorted(
        r.inputs["resourceGroupName"]
        for r in graph.resources("azure-native:resources:ResourceGroup")
    )
    assert groups == ["rg-platform-dev-core", "rg-platform-dev-logs", "rg-platform-dev-main"]
    located = [r for r in graph.custom_resources() if "location" in r.inputs]
    assert located
    assert {r.inputs["location"] for r in located} == {"westeurope"}
    azure = [r for r in graph.custom_resources() if r.type.startswith("azure-native:")]
    assert {(r.provider_urn or "").rsplit("::", 1)[-1] for r in azure} == {"azure-default"}
