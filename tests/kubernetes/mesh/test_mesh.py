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
    """Config values merge over the secure defaults, at the top level where the istiod chart
    (Istio 1.22+) reads them: istiod's and the sidecars' seccomp profiles, CNI on."""
    graph = build({"istiod_values": {"autoscaleMin": 2, "global": {"logAsJson": True}}})
    values = graph.one(RELEASE, "mesh-istiod").inputs["values"]
    assert values["seccompProfile"] == {"type": "RuntimeDefault"}
    assert values["global"]["proxy"] == {
        "privileged": False,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert values["global"]["logAsJson"] is True
    assert values["cni"] == {"enabled": True}
    assert values["autoscaleMin"] == 2
    assert "pilot" not in values


def test_pilot_values_refused() -> None:
    """`istiod_values.pilot` (ignored by the chart since Istio 1.22) is refused, naming the key;
    nothing is registered."""
    captured = capture_error(
        lambda: ServiceMesh("mesh", {"istiod_values": {"pilot": {"replicaCount": 2}}}),
        config=stack_config(),
    )
    assert captured.error.key_path == "ServiceMesh(mesh).istiod_values"
    assert "top level" in captured.error.message
    assert captured.registered_nothing


class TestCni:
    def test_cni_agent_in_a_privileged_namespace_of_its_own(self) -> None:
        """The CNI chart is released in `istio-cni`, which enforces `privileged` (host paths,
        NET_ADMIN) and is excluded from injection; istio-system stays `restricted`."""
        graph = build()
        cni = graph.one(RELEASE, "mesh-cni").inputs
        assert (cni["chart"], cni["version"], cni["name"]) == ("cni", "1.29.0", "istio-cni")
        assert cni["namespace"] == "istio-cni"
        labels = graph.one(NS, "mesh-cni-namespace").inputs["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] == "privileged"
        assert labels["istio-injection"] == "disabled"
        control = graph.one(NS, "mesh-namespace").inputs["metadata"]["labels"]
        assert control["pod-security.kubernetes.io/enforce"] == "restricted"

    def test_istiod_waits_for_the_cni_agent(self) -> None:
        """istiod installs after the CNI agent, which installs after base and its namespace."""
        graph = build()
        cni = graph.one(RELEASE, "mesh-cni")
        assert graph.one(RELEASE, "mesh-base").urn in cni.dependencies
        assert graph.one(NS, "mesh-cni-namespace").urn in cni.dependencies
        assert cni.urn in graph.one(RELEASE, "mesh-istiod").dependencies

    def test_cni_values_and_namespace_from_config(self) -> None:
        """`cni.values` reach the chart; `cni.namespace` names the agent's namespace."""
        graph = build({"cni": {"namespace": "kube-cni", "values": {"cniBinDir": "/x/bin"}}})
        cni = graph.one(RELEASE, "mesh-cni").inputs
        assert cni["values"] == {"cniBinDir": "/x/bin"}
        assert cni["namespace"] == "kube-cni"

    def test_cni_disabled(self) -> None:
        """`cni.enabled: false` installs no agent and tells istiod so (istio-init is injected)."""
        graph = build({"cni": {"enabled": False}})
        assert [r.name for r in graph.resources(RELEASE)] == ["mesh-base", "mesh-istiod"]
        assert len(graph.resources(NS)) == 1
        assert graph.one(RELEASE, "mesh-istiod").inputs["values"]["cni"] == {"enabled": False}

    def test_cni_chart_pinned_and_overridable(self) -> None:
        """The `cni` chart comes from the versions table; `charts.istio-cni` overrides it."""
        graph = build(**{CHARTS: {"enabled": True, "charts": {"istio-cni": {"version": "1.28.3"}}}})
        assert graph.one(RELEASE, "mesh-cni").inputs["version"] == "1.28.3"


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
    assert len(children) == 6
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
        ({"cni": {"namespace": "Istio CNI"}}, {}, "ServiceMesh(mesh).cni.namespace"),
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
