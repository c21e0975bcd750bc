"""Namespace on the mock engine: PSA labels, quota, limit range, default deny and DNS egress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from iaccore.kubernetes.namespace.component import Namespace
from iaccore.synth import Graph
from iaccore.testing import assert_urns_match, capture_error
from tests.helpers import run, stack_config

NS = "kubernetes:core/v1:Namespace"
QUOTA = "kubernetes:core/v1:ResourceQuota"
LIMITS = "kubernetes:core/v1:LimitRange"
NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
TOKEN = "iaccore:kubernetes:Namespace"
SNAPSHOTS = Path(__file__).parent / "snapshots"


def build(config: Any = None, name: str = "apps") -> Graph:
    def program() -> None:
        provider = k8s.Provider("cluster", kubeconfig="{}")
        Namespace(name, config, opts=pulumi.ResourceOptions(provider=provider))

    return run(program)


def labels(graph: Graph, type_: str, name: str) -> dict[str, str]:
    return dict(graph.one(type_, name).inputs["metadata"]["labels"])


class TestPodSecurity:
    def test_restricted_by_default(self) -> None:
        """enforce, audit and warn are `restricted` at version `latest`."""
        got = labels(build(), NS, "apps-namespace")
        for mode in ("enforce", "audit", "warn"):
            assert got[f"pod-security.kubernetes.io/{mode}"] == "restricted"
            assert got[f"pod-security.kubernetes.io/{mode}-version"] == "latest"

    def test_configurable_per_namespace(self) -> None:
        """Each mode and the version come from config."""
        got = labels(
            build(
                {"pod_security": {"enforce": "baseline", "warn": "restricted", "version": "v1.30"}}
            ),
            NS,
            "apps-namespace",
        )
        assert got["pod-security.kubernetes.io/enforce"] == "baseline"
        assert got["pod-security.kubernetes.io/audit"] == "restricted"
        assert got["pod-security.kubernetes.io/enforce-version"] == "v1.30"

    def test_bad_level_names_the_key(self) -> None:
        """An unknown level fails on its key and registers nothing."""
        captured = capture_error(
            lambda: Namespace("apps", {"pod_security": {"enforce": "strict"}}),
            config=stack_config(),
        )
        assert captured.error.key_path == "Namespace(apps).pod_security.enforce"
        assert captured.registered_nothing


class TestLabelsAndNames:
    def test_standard_labels_and_metadata_tags(self) -> None:
        """Standard app.kubernetes.io labels and sanitized metadata tags on every object."""
        graph = build({"quota": {"cpu": "1"}})
        for res in graph.resources(parent=graph.one(TOKEN, "apps")):
            got = res.inputs["metadata"]["labels"]
            assert got["app.kubernetes.io/name"] == "apps"
            assert got["app.kubernetes.io/managed-by"] == "iaccore"
            assert got["iaccore.dev/project"] == "payments"
            assert got["iaccore.dev/environment"] == "dev"

    def test_object_name_and_namespace(self) -> None:
        """The namespace is named after the component; its objects live in it."""
        graph = build({"quota": {"cpu": "1"}})
        assert graph.one(NS, "apps-namespace").inputs["metadata"]["name"] == "apps"
        assert graph.one(QUOTA, "apps-resource-quota").inputs["metadata"]["namespace"] == "apps"
        assert graph.one(LIMITS, "apps-limit-range").inputs["metadata"]["namespace"] == "apps"

    def test_config_name_overrides(self) -> None:
        """config.name names the namespace object."""
        graph = build({"name": "team-a"}, name="ns")
        assert graph.one(NS, "ns-namespace").inputs["metadata"]["name"] == "team-a"

    @pytest.mark.parametrize(
        ("name", "config", "key"),
        [
            ("Apps_1", None, "Namespace(Apps_1).name"),
            ("apps", {"name": "Team A"}, "Namespace(apps).name"),
            ("x" * 64, None, f"Namespace({'x' * 64}).name"),
        ],
    )
    def test_name_not_dns1123(self, name: str, config: Any, key: str) -> None:
        """A name that is not a DNS-1123 label fails on `name`; nothing registered."""
        captured = capture_error(lambda: Namespace(name, config), config=stack_config())
        assert captured.error.key_path == key
        assert "DNS-1123" in str(captured.error) or "longer than 63" in str(captured.error)
        assert captured.registered_nothing

    def test_provider_reaches_children(self) -> None:
        """Every object uses the provider passed in opts."""
        graph = build({"quota": {"cpu": "1"}})
        provider = graph.one("pulumi:providers:kubernetes", "cluster")
        objects = [r for r in graph if r.type.startswith("kubernetes:")]
        assert len(objects) == 5
        assert {r.provider_urn for r in objects} == {provider.urn}


class TestQuotaAndLimits:
    def test_quota_from_config(self) -> None:
        """The issue's quota becomes requests.cpu and requests.memory."""
        graph = build({"quota": {"cpu": "20", "memory": "64Gi", "pods": 100}})
        assert graph.one(QUOTA, "apps-resource-quota").inputs["spec"]["hard"] == {
            "requests.cpu": "20",
            "requests.memory": "64Gi",
            "pods": "100",
        }

    def test_no_quota_by_default(self) -> None:
        """Without quota config there is no ResourceQuota."""
        assert build().resources(QUOTA) == []

    def test_default_limit_range(self) -> None:
        """Containers without requests or limits get the documented defaults."""
        spec = build().one(LIMITS, "apps-limit-range").inputs["spec"]
        assert spec["limits"] == [
            {
                "type": "Container",
                "default": {"cpu": "500m", "memory": "512Mi"},
                "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
            }
        ]

    def test_limit_range_off(self) -> None:
        """`limit_range: null` creates none."""
        assert build({"limit_range": None}).resources(LIMITS) == []

    @pytest.mark.parametrize(
        ("config", "key"),
        [
            ({"quota": {"cpu": "lots"}}, "Namespace(apps).quota.cpu"),
            (
                {"limit_range": {"default_limit": {"memory": "64Mi"}}},
                "Namespace(apps).limit_range",
            ),
        ],
    )
    def test_bad_quantities(self, config: Any, key: str) -> None:
        """A bad quantity or limits below requests name the key; nothing registered."""
        captured = capture_error(lambda: Namespace("apps", config), config=stack_config())
        assert captured.error.key_path == key
        assert captured.registered_nothing


class TestNetworkPolicy:
    def test_default_deny_ingress_and_egress(self) -> None:
        """An empty pod selector with both policy types and no rules denies everything."""
        spec = build().one(NETPOL, "apps-network-policy-default-deny").inputs["spec"]
        assert spec == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}

    def test_dns_egress_allowed(self) -> None:
        """Egress to kube-dns pods in kube-system on UDP and TCP 53, nothing else."""
        spec = build().one(NETPOL, "apps-network-policy-allow-dns").inputs["spec"]
        assert spec["policyTypes"] == ["Egress"]
        assert "ingress" not in spec
        assert spec["egress"] == [
            {
                "to": [
                    {
                        "namespaceSelector": {
                            "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                        },
                        "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                    }
                ],
                "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
            }
        ]

    def test_policies_can_be_turned_off(self) -> None:
        """default_deny and allow_dns false create no policies."""
        graph = build({"network_policy": {"default_deny": False, "allow_dns": False}})
        assert graph.resources(NETPOL) == []


def test_namespace_name_output() -> None:
    """namespace_name resolves to the namespace object's name."""

    def program() -> None:
        ns = Namespace("apps", {"name": "team-a"})
        pulumi.export("ns", ns.namespace_name)
        pulumi.export("known", ns.object_name)

    assert run(program).outputs == {"ns": "team-a", "known": "team-a"}


def test_urns() -> None:
    """URN snapshot of a namespace with quota."""
    assert_urns_match(
        build({"quota": {"cpu": "20", "memory": "64Gi"}}), SNAPSHOTS / "namespace.txt"
    )
