"""AksCluster with the Kubernetes module: a VNet, the cluster, a Namespace and an Application in
one program, and ``source: azure.aks.<name>`` in the stack config."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.azure.aks.cluster import AksCluster
from iaccore.azure.network.vnet import SecureVnet
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes import Application, Namespace
from iaccore.kubernetes.provider import cluster_opts, cluster_provider, target_version
from iaccore.synth import Graph
from tests.azure.aks.helpers import CLUSTER, SYSTEM
from tests.azure.helpers import run_azure

K8S_ON: dict[str, Any] = {"enabled": True}
APP = {
    "image": "ghcr.io/acme/api:1.4.2",
    "port": 8080,
    "resources": {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "probes": {"path": "/healthz"},
}


def k8s_config(**section: Any) -> dict[str, Any]:
    return {"iaccore:kubernetes": {**K8S_ON, **section}}


def aks_with_apps() -> Graph:
    def program() -> None:
        vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
        aks = AksCluster(
            "main",
            {"node_pools": {"system": {"vm_size": "Standard_D4s_v5", "min": 3, "max": 5}}},
            vnet=vnet,
        )
        ns = Namespace("apps", {}, opts=aks.kubernetes_opts)
        identity = aks.workload_identity("api", "apps", "api")
        Application("api", APP, namespace=ns, identity=identity, opts=aks.kubernetes_opts)

    return run_azure(program, **k8s_config())


@pytest.fixture(scope="module")
def graph() -> Graph:
    return aks_with_apps()


def test_kubernetes_objects_use_the_aks_provider(graph: Graph) -> None:
    """Every Kubernetes object (namespace, deployment, service ...) is on the cluster's provider."""
    provider = graph.one("pulumi:providers:kubernetes", "main-k8s")
    objects = [r for r in graph if r.custom and r.type.startswith("kubernetes:")]
    assert {r.type for r in objects} >= {
        "kubernetes:core/v1:Namespace",
        "kubernetes:apps/v1:Deployment",
        "kubernetes:core/v1:ServiceAccount",
    }
    for resource in objects:
        assert resource.provider is not None
        assert resource.provider.startswith(provider.urn), resource.urn


def test_nodes_use_the_vnet_aks_subnet_and_workspace(graph: Graph) -> None:
    subnet = graph.one("azure-native:network:Subnet", "core-subnet-aks")
    cluster = graph.one(CLUSTER, "main-cluster").inputs
    assert cluster["agentPoolProfiles"][0]["vnetSubnetID"] == subnet.outputs["id"]
    workspace = cluster["securityProfile"]["defender"]["logAnalyticsWorkspaceResourceId"]
    assert "/workspaces/" in workspace
    assert not graph.resources("azure-native:operationalinsights:Workspace") or all(
        r.name != "main-workspace"
        for r in graph.resources("azure-native:operationalinsights:Workspace")
    )


def test_application_service_account_has_workload_identity(graph: Graph) -> None:
    """identity=aks.workload_identity(...) puts the managed identity's client id on the
    ServiceAccount and the webhook's label on the pods."""
    identity = graph.one(
        "azure-native:managedidentity:UserAssignedIdentity", "main-workload-identity-api"
    )
    account = graph.one("kubernetes:core/v1:ServiceAccount", "api-service-account")
    annotations = account.inputs["metadata"]["annotations"]
    assert annotations["azure.workload.identity/client-id"] == identity.outputs["clientId"]
    deployment = graph.one("kubernetes:apps/v1:Deployment", "api-deployment")
    labels = deployment.inputs["spec"]["template"]["metadata"]["labels"]
    assert labels["azure.workload.identity/use"] == "true"


def test_source_azure_aks_resolves_to_the_cluster_provider() -> None:
    """``iaccore:kubernetes.clusters.main.source: azure.aks.main`` and ``cluster_opts("main")``."""
    same: list[bool] = []
    versions: list[str | None] = []

    def program() -> None:
        aks = AksCluster("main", {"subnet_id": _subnet(), "node_pools": SYSTEM, "version": "1.34"})
        provider = cluster_provider("main")
        same.append(provider is aks.kubernetes_provider)
        Namespace("apps", {}, opts=cluster_opts("main"))
        versions.append(target_version(provider))

    graph = run_azure(program, **k8s_config(clusters={"main": {"source": "azure.aks.main"}}))
    assert same == [True]
    assert versions == ["1.34"]
    namespace = graph.one("kubernetes:core/v1:Namespace", "apps-namespace")
    assert namespace.provider is not None
    assert namespace.provider.startswith(graph.one("pulumi:providers:kubernetes", "main-k8s").urn)
    assert [r.name for r in graph.resources("pulumi:providers:kubernetes")] == ["main-k8s"]


def test_source_of_another_cloud_is_refused() -> None:
    """``aws.eks.main`` does not resolve to the AksCluster named main."""

    def program() -> None:
        AksCluster("main", {"subnet_id": _subnet(), "node_pools": SYSTEM})
        cluster_provider("prod")

    with pytest.raises(ConfigurationError) as info:
        run_azure(program, **k8s_config(clusters={"prod": {"source": "aws.eks.main"}}))
    assert "no EksCluster named 'main'" in info.value.message


def test_missing_aks_cluster_names_aks() -> None:
    with pytest.raises(ConfigurationError) as info:
        run_azure(
            lambda: cluster_provider("main"),
            **k8s_config(clusters={"main": {"source": "azure.aks.main"}}),
        )
    assert info.value.message.startswith(
        "source azure.aks.main: no AksCluster named 'main' was created"
    )
    assert info.value.details["key_path"] == "kubernetes.clusters.main.source"


def test_pod_network_overlapping_the_vnet_is_refused() -> None:
    errors: list[ConfigurationError] = []

    def program() -> None:
        vnet = SecureVnet("core", {"address_space": "10.244.0.0/16"})
        try:
            AksCluster("main", {"node_pools": SYSTEM}, vnet=vnet)
        except ConfigurationError as err:
            errors.append(err)

    graph = run_azure(program)
    assert errors[0].details["key_path"] == "azure.aks.clusters.main.pod_cidr"
    assert graph.resources("iaccore:azure:AksCluster") == []


def _subnet() -> str:
    from iaccore.azure.aks.cluster import SUBNET_EXAMPLE

    return SUBNET_EXAMPLE


def test_differently_named_cluster_with_source() -> None:
    """A cluster ``prod`` with ``source: azure.aks.main`` is the AksCluster main's provider."""
    same: list[bool] = []

    def program() -> None:
        aks = AksCluster("main", {"subnet_id": _subnet(), "node_pools": SYSTEM})
        same.append(cluster_provider("prod") is aks.kubernetes_provider)
        same.append(cluster_provider() is aks.kubernetes_provider)

    run_azure(program, **k8s_config(clusters={"prod": {"source": "azure.aks.main"}}))
    assert same == [True, True]
