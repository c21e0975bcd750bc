"""examples/multi-cluster-apps: one namespace and application on an EKS and an edge cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iaccore.cli import main
from iaccore.synth import Graph, synth
from iaccore.testing import assert_no_privileged_pods, assert_no_public_ingress, assert_tagged
from tests.helpers import provider_name

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "multi-cluster-apps"
CLUSTERS = {"main": "main-k8s", "edge": "k8s-edge"}
KINDS = [
    "ConfigMap",
    "Deployment",
    "HorizontalPodAutoscaler",
    "LimitRange",
    "Namespace",
    "NetworkPolicy",
    "NetworkPolicy",
    "NetworkPolicy",
    "ResourceQuota",
    "Service",
    "ServiceAccount",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return synth(EXAMPLE, stack="dev")


def test_program_is_short() -> None:
    """The program composes both clusters in at most 40 lines."""
    assert len((EXAMPLE / "__main__.py").read_text().splitlines()) <= 40


def test_two_kubernetes_providers(graph: Graph) -> None:
    """The EKS cluster's provider and one provider from the committed edge kubeconfig."""
    providers = graph.resources("pulumi:providers:kubernetes")
    assert sorted(p.name for p in providers) == ["k8s-edge", "main-k8s"]
    edge = graph.one("pulumi:providers:kubernetes", "k8s-edge")
    assert edge.inputs["kubeconfig"] == "./edge-kubeconfig.yaml"
    assert (EXAMPLE / "edge-kubeconfig.yaml").is_file()
    main = graph.one("pulumi:providers:kubernetes", "main-k8s")
    assert main.parent is not None
    assert ":iaccore:aws:EksCluster::main" in main.parent


@pytest.mark.parametrize("cluster", sorted(CLUSTERS))
def test_every_object_of_a_cluster_uses_its_provider(graph: Graph, cluster: str) -> None:
    """Namespace and Application of each cluster, with all their children, on its provider."""
    ns = graph.one("iaccore:kubernetes:Namespace", f"apps-{cluster}")
    app = graph.one("iaccore:kubernetes:Application", f"api-{cluster}")
    objects = [r for c in (ns, app) for r in graph.descendants(c) if r.custom]
    assert sorted(r.type.rsplit(":", 1)[-1] for r in objects) == KINDS
    assert {provider_name(r) for r in objects} == {CLUSTERS[cluster]}


def test_no_kubernetes_object_elsewhere(graph: Graph) -> None:
    """Every Kubernetes object belongs to one of the two clusters, half on each."""
    objects = [r for r in graph.custom_resources() if r.type.startswith("kubernetes:")]
    assert len(objects) == 2 * len(KINDS)
    assert sorted(provider_name(r) for r in objects) == sorted(
        name for name in CLUSTERS.values() for _ in KINDS
    )


def test_secure_by_default(graph: Graph) -> None:
    """Tagged, nothing public, no privileged pod, on both clusters."""
    assert_tagged(
        graph, ["iaccore:project", "iaccore:environment", "iaccore:owner"], types=["aws:*"]
    )
    k8s_labels = ["iaccore.dev/project", "iaccore.dev/environment", "iaccore.dev/owner"]
    assert_tagged(graph, k8s_labels, types=["kubernetes:*"])
    assert_no_public_ingress(graph)
    assert_no_privileged_pods(graph)


def test_cli_renders_both_clusters_manifests(tmp_path: Path) -> None:
    """`iaccore synth --format yaml` writes the 22 manifests, each object once per cluster."""
    target = tmp_path / "manifests.yaml"
    argv = ["synth", str(EXAMPLE), "--stack", "dev", "--format", "yaml", "-o", str(target)]
    assert main(argv) == 0
    docs = [d for d in YAML(typ="safe").load_all(target.read_text()) if d]
    assert sorted(d["kind"] for d in docs) == sorted(KINDS * 2)
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    assert [d["metadata"]["name"] for d in deployments] == ["api", "api"]
    assert {d["metadata"]["namespace"] for d in deployments} == {"apps"}
