"""ServiceMesh on the mock engine: Istio releases, chart pins, STRICT mTLS, namespace labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from iaccore.kubernetes.mesh.component import ServiceMesh
from iaccore.kubernetes.namespace.component import Namespace
from iaccore.synth import Graph
from iaccore.testing import assert_urns_match, capture_error
from tests.helpers import run, stack_config

RELEASE = "kubernetes:helm.sh/v3:Release"
NS = "kubernetes:core/v1:Namespace"
PEER = "kubernetes:security.istio.io/v1:PeerAuthentication"
SNAPSHOTS = Path(__file__).parent / "snapshots"
CHARTS = "iaccore:kubernetes"


def build(config: Any = None, **overrides: Any) -> Graph:
    def program() -> None:
        provider = k8s.Provider("cluster", kubeconfig="{}")
        ServiceMesh("mesh", config, opts=pulumi.ResourceOptions(provider=provider))

    return run(program, **overrides)


def test_releases_from_the_versions_table() -> None:
    """base and istiod come from CHART_VERSIONS, await readiness, in the namespace."""
    graph = build()
    base = graph.one(RELEASE, "mesh-base").inputs
    istiod = graph.one(RELEASE, "mesh-istiod").inputs
    repo = {"repo": "https://istio-release.storage.googleapis.com/charts"}
    assert (base["chart"], base["version"], base["repositoryOpts"]) == ("base", "1.29.0", repo)
    assert (istiod["chart"], istiod["version"]) == ("istiod", "1.29.0")
    for inputs in (base, istiod):
        assert inputs["skipAwait"] is False
        assert inputs["namespace"] == "istio-system"
        assert inputs["createNamespace"] is False


def test_chart_override_from_stack_config() -> None:
    """iaccore:kubernetes.charts overrides one chart's version and repository."""
    section = {"charts": {"istiod": {"version": "1.28.1", "repository": "https://mirror/x"}}}
    graph = build(**{CHARTS: section})
    istiod = graph.one(RELEASE, "mesh-istiod").inputs
    assert istiod["version"] == "1.28.1"
    assert istiod["repositoryOpts"] == {"repo": "https://mirror/x"}
    assert graph.one(RELEASE, "mesh-base").inputs["version"] == "1.29.0"


def test_secure_values_merged_with_config() -> None:
    """Config values merge over the secure defaults and can add keys."""
    graph = build({"istiod_values": {"pilot": {"replicaCount": 2}}})
    values = graph.one(RELEASE, "mesh-istiod").inputs["values"]
    assert values["global"]["proxy"]["privileged"] is False
    assert values["pilot"] == {"seccompProfile": {"type": "RuntimeDefault"}, "replicaCount": 2}


def test_strict_mtls_peer_authentication() -> None:
    """A mesh-wide PeerAuthentication `default` in the root namespace, STRICT."""
    inputs = build().one(PEER, "mesh-peer-authentication").inputs
    assert inputs["apiVersion"] == "security.istio.io/v1"
    assert inputs["metadata"]["name"] == "default"
    assert inputs["metadata"]["namespace"] == "istio-system"
    assert inputs["spec"] == {"mtls": {"mode": "STRICT"}}


def test_dependencies() -> None:
    """base after the namespace, istiod after base, the PeerAuthentication after istiod."""
    graph = build()
    ns = graph.one(NS, "mesh-namespace")
    base = graph.one(RELEASE, "mesh-base")
    istiod = graph.one(RELEASE, "mesh-istiod")
    peer = graph.one(PEER, "mesh-peer-authentication")
    assert ns.urn in base.dependencies
    assert base.urn in istiod.dependencies
    assert istiod.urn in peer.dependencies


def test_namespace_labels() -> None:
    """The control-plane namespace is restricted, not injected, and carries metadata labels."""
    labels = build().one(NS, "mesh-namespace").inputs["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["istio-injection"] == "disabled"
    assert labels["iaccore.dev/project"] == "payments"


def test_provider_reaches_every_child() -> None:
    """Every Kubernetes child uses the provider passed in opts."""
    graph = build()
    provider = graph.one("pulumi:providers:kubernetes", "cluster")
    children = [r for r in graph if r.type.startswith("kubernetes:")]
    assert len(children) == 4
    assert {r.provider_urn for r in children} == {provider.urn}


def test_namespace_mesh_injection_label() -> None:
    """Namespace `mesh_injection: true` labels it istio-injection: enabled; off by default."""

    def program() -> None:
        Namespace("apps", {"mesh_injection": True})
        Namespace("other")

    graph = run(program)
    assert graph.one(NS, "apps-namespace").inputs["metadata"]["labels"]["istio-injection"] == (
        "enabled"
    )
    assert "istio-injection" not in graph.one(NS, "other-namespace").inputs["metadata"]["labels"]


@pytest.mark.parametrize(
    ("config", "overrides", "key"),
    [
        ({"namespace": "Istio_System"}, {}, "ServiceMesh(mesh).namespace"),
        ({"mtls_mode": "DISABLE"}, {}, "ServiceMesh(mesh).mtls_mode"),
        ({"kubernetes_version": "1.27"}, {}, "ServiceMesh(mesh).kubernetes_version"),
        (None, {CHARTS: {"charts": {"linkerd": {"version": "1"}}}}, "kubernetes.charts"),
    ],
)
def test_bad_input(config: Any, overrides: dict[str, Any], key: str) -> None:
    """Bad names, modes, versions and chart keys fail on their key; nothing registered."""
    captured = capture_error(lambda: ServiceMesh("mesh", config), config=stack_config(**overrides))
    assert captured.error.key_path.startswith(key)
    assert captured.registered_nothing


def test_urns() -> None:
    """URN snapshot of the default mesh."""
    assert_urns_match(build(), SNAPSHOTS / "mesh.txt")
