"""AksCluster under mocks: every secure default on the registered resources, pools, outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iaccore.azure.aks.cluster import SUBNET_EXAMPLE, AksCluster
from iaccore.synth import Graph
from iaccore.testing import assert_urns_match
from tests.azure.aks.helpers import CLUSTER, POOL, SYSTEM, TOKEN, cluster_graph, cluster_inputs
from tests.azure.helpers import run_azure

SNAPSHOTS = Path(__file__).parent / "snapshots"
WITH_APPS = {**SYSTEM, "apps": {"vm_size": "Standard_D8ds_v5", "min": 0, "max": 10}}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return cluster_graph({"node_pools": WITH_APPS})


@pytest.fixture(scope="module")
def cluster(graph: Graph) -> dict[str, Any]:
    return dict(graph.one(CLUSTER, "main-cluster").inputs)


class TestSecureDefaults:
    def test_entra_id_with_azure_rbac(self, cluster: dict[str, Any]) -> None:
        """Managed Entra ID integration, Azure RBAC for Kubernetes authorization, RBAC on."""
        assert cluster["aadProfile"]["managed"] is True
        assert cluster["aadProfile"]["enableAzureRBAC"] is True
        assert cluster["aadProfile"]["tenantID"] == "00000000-0000-4000-8000-000000000002"
        assert cluster["enableRBAC"] is True

    def test_local_accounts_disabled(self, cluster: dict[str, Any]) -> None:
        assert cluster["disableLocalAccounts"] is True

    def test_private_api_server(self, cluster: dict[str, Any]) -> None:
        """Private cluster, system private DNS zone, no public FQDN, public access disabled."""
        api = cluster["apiServerAccessProfile"]
        assert api["enablePrivateCluster"] is True
        assert api["privateDNSZone"] == "system"
        assert api["enablePrivateClusterPublicFQDN"] is False
        assert "authorizedIPRanges" not in api
        assert cluster["publicNetworkAccess"] == "Disabled"

    def test_azure_cni_overlay_with_cilium(self, cluster: dict[str, Any]) -> None:
        network = cluster["networkProfile"]
        assert network["networkPlugin"] == "azure"
        assert network["networkPluginMode"] == "overlay"
        assert network["networkPolicy"] == "cilium"
        assert network["networkDataplane"] == "cilium"
        assert network["loadBalancerSku"] == "standard"

    def test_oidc_issuer_and_workload_identity(self, cluster: dict[str, Any]) -> None:
        assert cluster["oidcIssuerProfile"] == {"enabled": True}
        assert cluster["securityProfile"]["workloadIdentity"] == {"enabled": True}

    def test_auto_upgrade(self, cluster: dict[str, Any]) -> None:
        assert cluster["autoUpgradeProfile"] == {
            "upgradeChannel": "patch",
            "nodeOSUpgradeChannel": "NodeImage",
        }

    def test_standard_tier(self, cluster: dict[str, Any]) -> None:
        assert cluster["sku"] == {"name": "Base", "tier": "Standard"}

    def test_defender_reports_to_the_workspace(self, graph: Graph) -> None:
        cluster = graph.one(CLUSTER, "main-cluster").inputs
        workspace = graph.one("azure-native:operationalinsights:Workspace", "main-workspace")
        defender = cluster["securityProfile"]["defender"]
        assert defender["securityMonitoring"] == {"enabled": True}
        assert defender["logAnalyticsWorkspaceResourceId"] == workspace.outputs["id"]

    def test_image_cleaner(self, cluster: dict[str, Any]) -> None:
        assert cluster["securityProfile"]["imageCleaner"] == {"enabled": True, "intervalHours": 168}

    def test_azure_policy_and_container_insights(self, graph: Graph) -> None:
        """Azure Policy add-on; monitoring add-on with Entra ID auth, its DCR and association."""
        cluster = graph.one(CLUSTER, "main-cluster")
        workspace_id = graph.one(
            "azure-native:operationalinsights:Workspace", "main-workspace"
        ).outputs["id"]
        addons = cluster.inputs["addonProfiles"]
        assert addons["azurepolicy"] == {"enabled": True}
        assert addons["omsagent"] == {
            "enabled": True,
            "config": {"logAnalyticsWorkspaceResourceID": workspace_id, "useAADAuth": "true"},
        }
        rule = graph.one("azure-native:monitor:DataCollectionRule", "main-data-collection-rule")
        assert rule.inputs["destinations"]["logAnalytics"][0]["workspaceResourceId"] == (
            workspace_id
        )
        assert rule.inputs["dataFlows"][0]["streams"] == [
            "Microsoft-ContainerInsights-Group-Default"
        ]
        association = graph.one(
            "azure-native:monitor:DataCollectionRuleAssociation",
            "main-data-collection-rule-association",
        )
        assert association.inputs["resourceUri"] == cluster.outputs["id"]
        assert association.inputs["dataCollectionRuleId"] == rule.outputs["id"]

    def test_control_plane_logs(self, graph: Graph) -> None:
        """kube-audit-admin, guard ... go to the workspace through a diagnostic setting."""
        setting = graph.one("azure-native:monitor:DiagnosticSetting", "main-diagnostic-setting")
        categories = [log["category"] for log in setting.inputs["logs"]]
        assert "kube-audit-admin" in categories
        assert "guard" in categories
        assert setting.inputs["resourceUri"] == graph.one(CLUSTER, "main-cluster").outputs["id"]

    def test_workspace_has_local_auth_off(self, graph: Graph) -> None:
        workspace = graph.one("azure-native:operationalinsights:Workspace", "main-workspace")
        assert workspace.inputs["features"]["disableLocalAuth"] is True

    def test_system_assigned_identity(self, cluster: dict[str, Any]) -> None:
        assert cluster["identity"] == {"type": "SystemAssigned"}

    def test_deployer_gets_rbac_cluster_admin_on_the_cluster(self, graph: Graph) -> None:
        assignment = graph.one("azure-native:authorization:RoleAssignment", "main-admin-role")
        assert assignment.inputs["scope"] == graph.one(CLUSTER, "main-cluster").outputs["id"]
        assert assignment.inputs["principalId"] == "00000000-0000-4000-8000-0000000000c2"
        assert assignment.inputs["roleDefinitionId"].endswith(
            "/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
        )
        # no ARM_CLIENT_ID/AZURE_CLIENT_ID in the test environment: a person ran `az login`
        assert assignment.inputs["principalType"] == "User"

    @pytest.mark.parametrize(
        ("environ", "configured", "expected"),
        [
            ({"ARM_CLIENT_ID": "00000000-0000-4000-8000-0000000000c1"}, None, "ServicePrincipal"),
            ({"AZURE_CLIENT_ID": "00000000-0000-4000-8000-0000000000c1"}, None, "ServicePrincipal"),
            ({}, None, "User"),
            ({"ARM_CLIENT_ID": "00000000-0000-4000-8000-0000000000c1"}, "User", "User"),
        ],
    )
    def test_deployer_principal_type(
        self,
        monkeypatch: pytest.MonkeyPatch,
        environ: dict[str, str],
        configured: str | None,
        expected: str,
    ) -> None:
        """The deployer's principal type: config, else ServicePrincipal when a client id
        variable says a CI identity runs Pulumi, else User."""
        for name in ("ARM_CLIENT_ID", "AZURE_CLIENT_ID"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        config = {"subnet_id": SUBNET_EXAMPLE}
        if configured:
            config["deployer_principal_type"] = configured
        graph = run_azure(lambda: AksCluster("main", config))
        grant = graph.one("azure-native:authorization:RoleAssignment", "main-admin-role")
        assert grant.inputs["principalType"] == expected


class TestNodePools:
    def test_system_pool_is_inline(self, cluster: dict[str, Any]) -> None:
        """The system pool: zones, autoscaling, CriticalAddonsOnly, host encryption, no SSH."""
        (pool,) = cluster["agentPoolProfiles"]
        assert pool["name"] == "system"
        assert pool["mode"] == "System"
        assert pool["vmSize"] == "Standard_D4s_v5"
        assert pool["availabilityZones"] == ["1", "2", "3"]
        assert (pool["enableAutoScaling"], pool["minCount"], pool["maxCount"]) == (True, 3, 5)
        assert pool["count"] == 3
        assert pool["nodeTaints"] == ["CriticalAddonsOnly=true:NoSchedule"]
        assert pool["enableEncryptionAtHost"] is True
        assert pool["enableNodePublicIP"] is False
        assert pool["securityProfile"] == {"sshAccess": "Disabled"}
        assert pool["osSKU"] == "AzureLinux"
        assert pool["maxPods"] == 110
        assert pool["upgradeSettings"] == {"maxSurge": "33%"}
        assert pool["vnetSubnetID"] == SUBNET_EXAMPLE
        assert "osDiskType" not in pool  # AKS picks ephemeral where the size allows

    def test_user_pool_is_an_agent_pool(self, graph: Graph) -> None:
        pool = graph.one(POOL, "main-node-pool-apps")
        cluster = graph.one(CLUSTER, "main-cluster")
        assert pool.parent == graph.one(TOKEN, "main").urn
        assert pool.inputs["agentPoolName"] == "apps"
        assert pool.inputs["resourceName"] == cluster.outputs["name"]
        assert pool.inputs["mode"] == "User"
        assert "nodeTaints" not in pool.inputs
        assert (pool.inputs["minCount"], pool.inputs["maxCount"]) == (0, 10)
        assert pool.inputs["enableEncryptionAtHost"] is True
        assert pool.inputs["securityProfile"] == {"sshAccess": "Disabled"}

    def test_autoscaled_counts_are_ignored(self, graph: Graph) -> None:
        """The autoscaler owns the node count: no diff on count after a scale."""
        pool = graph.one(POOL, "main-node-pool-apps")
        assert "count" in pool.ignore_changes

    def test_only_system_pool_is_not_tainted(self) -> None:
        """With no user pool, the system pool runs applications too: no CriticalAddonsOnly."""
        (pool,) = cluster_inputs()["agentPoolProfiles"]
        assert "nodeTaints" not in pool

    def test_taints_labels_fixed_size_and_zones(self) -> None:
        pools = {
            **SYSTEM,
            "gpu": {
                "vm_size": "Standard_NC24ads_A100_v4",
                "min": 2,
                "max": 2,
                "zones": ["2"],
                "max_pods": 250,
                "labels": {"sku": "gpu"},
                "taints": [{"key": "sku", "value": "gpu", "effect": "NoSchedule"}],
                "os_disk_type": "Managed",
            },
        }
        pool = cluster_graph({"node_pools": pools}).one(POOL, "main-node-pool-gpu").inputs
        assert pool["nodeTaints"] == ["sku=gpu:NoSchedule"]
        assert pool["nodeLabels"] == {"sku": "gpu"}
        assert pool["enableAutoScaling"] is False
        assert pool["count"] == 2
        assert "minCount" not in pool
        assert pool["availabilityZones"] == ["2"]
        assert pool["maxPods"] == 250
        assert pool["osDiskType"] == "Managed"

    def test_no_zones_in_a_location_without_zones(self) -> None:
        (pool,) = cluster_inputs({"location": "northcentralus"})["agentPoolProfiles"]
        assert "availabilityZones" not in pool


class TestOptions:
    def test_public_api_server_with_ranges(self) -> None:
        inputs = cluster_inputs(
            {"api_server": {"public": True, "authorized_ip_ranges": ["203.0.113.0/24"]}}
        )
        api = inputs["apiServerAccessProfile"]
        assert api["enablePrivateCluster"] is False
        assert api["authorizedIPRanges"] == ["203.0.113.0/24"]
        assert inputs["publicNetworkAccess"] == "Enabled"

    def test_calico_uses_the_azure_dataplane(self) -> None:
        network = cluster_inputs({"network_policy": "calico"})["networkProfile"]
        assert (network["networkPolicy"], network["networkDataplane"]) == ("calico", "azure")

    def test_user_assigned_identity_and_cmk(self) -> None:
        identity = (
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/id-aks"
        )
        des = (
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
            "Microsoft.Compute/diskEncryptionSets/des-aks"
        )
        inputs = cluster_inputs({"identity_id": identity, "disk_encryption_set_id": des})
        assert inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [identity]}
        assert inputs["diskEncryptionSetID"] == des

    def test_stable_channel_ignores_version_drift(self) -> None:
        graph = cluster_graph({"upgrade_channel": "stable"})
        ignored = graph.one(CLUSTER, "main-cluster").ignore_changes
        assert "kubernetesVersion" in ignored
        assert "agentPoolProfiles[0].orchestratorVersion" in ignored

    def test_existing_workspace_and_no_admin(self) -> None:
        workspace = (
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
            "Microsoft.OperationalInsights/workspaces/law"
        )
        graph = cluster_graph({"monitoring": {"workspace_id": workspace}, "deployer_admin": False})
        assert graph.resources("azure-native:operationalinsights:Workspace") == []
        grants = graph.resources("azure-native:authorization:RoleAssignment")
        assert [r.name for r in grants] == ["main-subnet-role"]  # no admin_role
        defender = graph.one(CLUSTER, "main-cluster").inputs["securityProfile"]["defender"]
        assert defender["logAnalyticsWorkspaceResourceId"] == workspace

    def test_tags(self, graph: Graph) -> None:
        for resource in graph.resources(CLUSTER) + graph.resources(POOL):
            assert resource.inputs["tags"]["cost-center"] == "1234"
            assert resource.inputs["tags"]["iaccore:project"] == "payments"


class TestOutputs:
    def test_outputs_and_secret_kubeconfig(self) -> None:
        seen: dict[str, Any] = {}

        def program() -> None:
            aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE, "node_pools": SYSTEM})
            for key in (
                "cluster_name",
                "cluster_id",
                "fqdn",
                "private_fqdn",
                "oidc_issuer_url",
                "kubelet_identity_object_id",
                "node_resource_group",
                "resource_group_name",
                "kubeconfig",
            ):
                getattr(aks, key).apply(lambda value, key=key: seen.__setitem__(key, value))
            seen["location"] = aks.location

        graph = run_azure(program)
        assert ("kubeconfig",) in graph.one("pulumi:providers:kubernetes", "main-k8s").secret_inputs
        assert seen["cluster_name"] == "aks-payments-dev-main"
        assert seen["cluster_id"].endswith("/managedClusters/aks-payments-dev-main")
        assert seen["oidc_issuer_url"].startswith("https://westeurope.oic.prod-aks.azure.com/")
        assert seen["private_fqdn"].endswith(".privatelink.westeurope.azmk8s.io")
        assert seen["node_resource_group"] == "MC_aks-payments-dev-main"
        assert seen["resource_group_name"] == "rg-payments-dev-main"
        assert seen["location"] == "westeurope"
        assert len(seen["kubelet_identity_object_id"]) == 36
        kubeconfig = json.loads(seen["kubeconfig"])
        assert kubeconfig["users"][0]["user"]["exec"]["command"] == "kubelogin"

    def test_kubernetes_provider(self, graph: Graph) -> None:
        provider = graph.one("pulumi:providers:kubernetes", "main-k8s")
        assert provider.parent == graph.one(TOKEN, "main").urn


class TestWorkloadIdentity:
    def test_identity_and_federated_credential(self) -> None:
        def program() -> None:
            aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE, "node_pools": SYSTEM})
            aks.workload_identity("api", "apps", "api-sa")

        graph = run_azure(program)
        identity = graph.one(
            "azure-native:managedidentity:UserAssignedIdentity", "main-workload-identity-api"
        )
        credential = graph.one(
            "azure-native:managedidentity:FederatedIdentityCredential",
            "main-federated-credential-api",
        )
        cluster = graph.one(CLUSTER, "main-cluster")
        assert identity.inputs["resourceName"] == "id-aks-payments-dev-main-api"
        assert credential.inputs["resourceName"] == identity.outputs["name"]
        assert credential.inputs["subject"] == "system:serviceaccount:apps:api-sa"
        assert credential.inputs["audiences"] == ["api://AzureADTokenExchange"]
        assert credential.inputs["issuer"] == cluster.outputs["oidcIssuerProfile"]["issuerURL"]
        assert identity.parent == graph.one(TOKEN, "main").urn


def test_urns() -> None:
    """URN snapshot of a cluster with a user pool and a workload identity."""

    def program() -> None:
        aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE, "node_pools": WITH_APPS})
        aks.workload_identity("api", "apps", "api")

    assert_urns_match(run_azure(program), SNAPSHOTS / "aks-cluster.txt")


class TestSubnetAccess:
    def test_network_contributor_on_the_nodes_subnet(self) -> None:
        """The system-assigned cluster identity gets Network Contributor on the subnet only."""
        graph = run_azure(lambda: AksCluster("main", {"subnet_id": SUBNET_EXAMPLE}))
        grant = graph.one("azure-native:authorization:RoleAssignment", "main-subnet-role").inputs
        cluster = graph.one("azure-native:containerservice:ManagedCluster", "main-cluster")
        assert grant["scope"] == SUBNET_EXAMPLE
        assert grant["roleDefinitionId"].endswith("/4d97b98b-1d4f-4787-a291-c67834d212e7")
        assert grant["principalId"] == cluster.outputs["identity"]["principalId"]
        assert grant["principalType"] == "ServicePrincipal"

    @pytest.mark.parametrize(
        "extra",
        [
            {"grant_subnet_access": False},
            {
                "identity_id": "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups"
                "/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aks"
            },
        ],
    )
    def test_not_granted_when_opted_out_or_user_assigned(self, extra: dict[str, Any]) -> None:
        graph = run_azure(lambda: AksCluster("main", {"subnet_id": SUBNET_EXAMPLE, **extra}))
        names = [r.name for r in graph.resources("azure-native:authorization:RoleAssignment")]
        assert "main-subnet-role" not in names
