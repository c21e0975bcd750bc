"""ServiceMesh has one interface on EKS and AKS: the same releases and values on either
cluster's provider, checked against either cluster's Kubernetes version."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws import EksCluster
from iaccore.azure import AksCluster, SecureVnet
from iaccore.kubernetes import Namespace, ServiceMesh
from iaccore.synth import Graph
from tests.azure.helpers import run_azure
from tests.helpers import run

RELEASE = "kubernetes:helm.sh/v3:Release"
EKS: dict[str, Any] = {
    "subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
    "admin_principals": ["arn:aws:iam::123456789012:role/platform-admins"],
    "node_groups": {"general": {"min": 2, "max": 4}},
    "version": "1.35",
}


def on_eks() -> Graph:
    def program() -> None:
        eks = EksCluster("main", EKS)
        ServiceMesh("mesh", {}, opts=eks.kubernetes_opts)
        Namespace("apps", {"mesh_injection": True}, opts=eks.kubernetes_opts)

    return run(program)


def on_aks() -> Graph:
    def program() -> None:
        vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
        aks = AksCluster("main", {"version": "1.35"}, vnet=vnet)
        ServiceMesh("mesh", {}, opts=aks.kubernetes_opts)
        Namespace("apps", {"mesh_injection": True}, opts=aks.kubernetes_opts)

    return run_azure(program)


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {"eks": on_eks(), "aks": on_aks()}


def releases(graph: Graph) -> dict[str, dict[str, Any]]:
    return {
        r.name: {k: r.inputs[k] for k in ("chart", "version", "namespace", "values")}
        for r in graph.resources(RELEASE)
    }


def test_same_releases_on_both_clusters(graphs: dict[str, Graph]) -> None:
    """base, the CNI agent and istiod, with the same charts, namespaces and values."""
    eks, aks = releases(graphs["eks"]), releases(graphs["aks"])
    assert sorted(eks) == ["mesh-base", "mesh-cni", "mesh-istiod"]
    assert eks == aks


@pytest.mark.parametrize("cloud", ["eks", "aks"])
def test_mesh_objects_on_the_clusters_provider(graphs: dict[str, Graph], cloud: str) -> None:
    """Every Kubernetes object of the mesh and of the meshed namespace uses the cluster's
    provider; the meshed namespace stays `restricted`."""
    graph = graphs[cloud]
    provider = graph.one("pulumi:providers:kubernetes", "main-k8s")
    objects = [r for r in graph.custom_resources() if r.type.startswith("kubernetes:")]
    assert len(objects) >= 10
    assert {r.provider_urn for r in objects} == {provider.urn}
    labels = graph.one("kubernetes:core/v1:Namespace", "apps-namespace").inputs["metadata"][
        "labels"
    ]
    assert labels["istio-injection"] == "enabled"
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


def test_mesh_knows_the_aks_clusters_version() -> None:
    """The AKS cluster's version reaches the mesh (and its chart check) without
    `kubernetes_version` in the mesh's config."""
    captured: list[str] = []

    def program() -> None:
        vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
        aks = AksCluster("main", {"version": "1.34"}, vnet=vnet)
        mesh = ServiceMesh("mesh", {}, opts=aks.kubernetes_opts)
        captured.append(str(mesh.kubernetes_version))

    run_azure(program)
    assert captured == ["1.34"]


def test_pinned_chart_refused_for_the_clusters_version() -> None:
    """A cluster whose configured version (1.29) the pinned Istio 1.29 charts do not support:
    the mesh fails on the chart's key before any of its objects registers."""
    from iaccore.testing import capture_error
    from tests.helpers import stack_config

    config = stack_config(
        **{
            "iaccore:kubernetes": {
                "enabled": True,
                "clusters": {"old": {"kubeconfig_file": "/dev/null", "version": "1.29"}},
            }
        }
    )

    def build() -> None:
        from iaccore.kubernetes import cluster_opts

        ServiceMesh("mesh", {}, opts=cluster_opts("old"))

    captured = capture_error(build, config=config)
    assert captured.error.key_path == "kubernetes.charts.istio-base.version"
    assert "supports Kubernetes 1.30 to 1.35, not 1.29" in captured.error.message
    assert not [r for r in captured.graph if r.type.startswith("iaccore:kubernetes")]
