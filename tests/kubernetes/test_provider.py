"""The iaccore:kubernetes section and the providers of its named clusters."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pulumi_kubernetes as k8s
import pytest
from pydantic import ValidationError

from iaccore.core import context
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.config import ClusterConfig, KubernetesSection
from iaccore.kubernetes.module import MODULE
from iaccore.kubernetes.provider import cluster_opts, cluster_provider, cluster_version
from iaccore.synth import Graph, synth

PROVIDER = "pulumi:providers:kubernetes"
NAMESPACE = "kubernetes:core/v1:Namespace"
KUBECONFIG = '{"apiVersion": "v1", "kind": "Config", "token": "TOPSECRET-KUBE"}'


def config(clusters: dict[str, Any], **section: Any) -> dict[str, Any]:
    """Stack config with an enabled kubernetes section holding ``clusters``."""
    return {"iaccore:kubernetes": {"enabled": True, "clusters": clusters, **section}}


def names(graph: Graph) -> list[str]:
    """Logical names of the Kubernetes providers registered."""
    return sorted(r.name for r in graph.resources(PROVIDER))


def on(graph: Graph, namespace: str) -> str | None:
    """Name of the provider a namespace was registered with."""
    urn = graph.one(NAMESPACE, namespace).provider_urn
    return urn.rsplit("::", 1)[1] if urn else None


class TestSection:
    def test_module_declares_the_section_and_factory(self) -> None:
        """The module publishes KubernetesSection and the lazy provider factory."""
        assert MODULE.config_model is KubernetesSection
        assert MODULE.provider_factory == "iaccore.kubernetes.provider:create_provider"

    @pytest.mark.parametrize(
        "cluster",
        [
            {},
            {"kubeconfig_file": "/k", "kubeconfig_env": "K"},
            {"source": "aws.eks.main", "kubeconfig": "x"},
        ],
    )
    def test_exactly_one_source(self, cluster: dict[str, Any]) -> None:
        """None or two of the four ways is refused."""
        with pytest.raises(ValidationError, match="set exactly one of kubeconfig_file"):
            ClusterConfig.model_validate(cluster)

    @pytest.mark.parametrize(
        ("cluster", "message"),
        [
            ({"source": "gcp.gke.main"}, "must be aws.eks.<cluster name> or azure.aks"),
            ({"source": "aws.eks."}, "must be aws.eks.<cluster name>"),
            ({"source": "aws.eks.main", "context": "x"}, "context is not allowed with source"),
            ({"kubeconfig_env": "NOT-A-NAME"}, "is not a variable name"),
            ({"kubeconfig_env": "K", "version": "1.20"}, "Kubernetes 1.20 is not supported"),
        ],
    )
    def test_bad_cluster(self, cluster: dict[str, Any], message: str) -> None:
        """Bad sources, context with source, bad variable names and versions are refused."""
        with pytest.raises(ValidationError, match=message):
            ClusterConfig.model_validate(cluster)

    def test_version_is_normalized(self) -> None:
        """v1.33.2 is stored as 1.33."""
        assert ClusterConfig(kubeconfig_env="K", version="v1.33.2").version == "1.33"

    def test_one_default_at_most(self) -> None:
        """Two default clusters are refused."""
        with pytest.raises(ValidationError, match="at most one default cluster"):
            KubernetesSection.model_validate(
                {
                    "clusters": {
                        "a": {"kubeconfig_env": "A", "default": True},
                        "b": {"kubeconfig_env": "B", "default": True},
                    }
                }
            )

    def test_providers_key_is_refused(self) -> None:
        """Clusters, not providers, name this module's providers."""
        with pytest.raises(ValidationError, match="names its providers in clusters"):
            KubernetesSection.model_validate({"providers": {"x": {}}})

    def test_unknown_chart_is_refused(self) -> None:
        """Chart overrides name a chart iaccore pins."""
        with pytest.raises(ValidationError, match="unknown chart 'linkerd'; known: istio-base"):
            KubernetesSection.model_validate({"charts": {"linkerd": {"version": "1"}}})
        section = KubernetesSection.model_validate({"charts": {"istiod": {"version": "1.28.1"}}})
        assert section.chart_overrides() == {"istiod": {"version": "1.28.1", "repository": None}}

    def test_secret_kubeconfig_is_never_shown(self) -> None:
        """repr, str, model_dump and JSON never show the kubeconfig."""
        section = KubernetesSection.model_validate(
            {"clusters": {"edge": {"kubeconfig": KUBECONFIG}}}
        )
        for text in (
            repr(section),
            str(section),
            str(section.model_dump()),
            section.model_dump_json(),
        ):
            assert "TOPSECRET" not in text

    def test_bad_cluster_in_stack_config_names_the_key(self) -> None:
        """Through the stack loader the error is a ConfigurationError on the cluster's key."""
        with pytest.raises(ConfigurationError) as info:
            synth(lambda: context.current().stack_config, config=config({"edge": {}}))
        assert info.value.details["key_path"].startswith("kubernetes.clusters.edge")
        assert "set exactly one of kubeconfig_file" in str(info.value)


class TestProviders:
    def test_several_clusters_each_created_once(self) -> None:
        """One provider per cluster, created on first use and reused after."""
        seen: list[bool] = []

        def program() -> None:
            first = cluster_provider("edge")
            seen.append(cluster_provider("edge") is first)
            k8s.core.v1.Namespace("a", opts=cluster_opts("edge"))
            k8s.core.v1.Namespace("b", opts=cluster_opts("core", protect=True))

        graph = synth(
            program,
            config=config(
                {
                    "edge": {"kubeconfig_file": "/etc/kube/edge", "context": "edge-admin"},
                    "core": {"kubeconfig_file": "/etc/kube/core"},
                    "unused": {"kubeconfig_file": "/etc/kube/unused"},
                }
            ),
        )
        assert seen == [True]
        assert names(graph) == ["k8s-core", "k8s-edge"]  # unused: never created
        edge = graph.one(PROVIDER, "k8s-edge")
        assert edge.inputs["kubeconfig"] == "/etc/kube/edge"
        assert edge.inputs["context"] == "edge-admin"
        assert (on(graph, "a"), on(graph, "b")) == ("k8s-edge", "k8s-core")
        assert graph.one(NAMESPACE, "b").protect is True

    def test_default_cluster(self) -> None:
        """With no name, the default cluster's provider: the same resource, not a second one."""

        def program() -> None:
            k8s.core.v1.Namespace("a", opts=cluster_opts())
            k8s.core.v1.Namespace("b", opts=cluster_opts("core"))

        graph = synth(
            program,
            config=config(
                {
                    "edge": {"kubeconfig_file": "/k/edge"},
                    "core": {"kubeconfig_file": "/k/core", "default": True},
                }
            ),
        )
        assert names(graph) == ["k8s-core"]
        assert on(graph, "a") == on(graph, "b") == "k8s-core"

    def test_no_default_among_several(self) -> None:
        """Several clusters and none marked default: asking for the default fails clearly."""
        with pytest.raises(ConfigurationError) as info:
            synth(
                cluster_provider,
                config=config(
                    {"edge": {"kubeconfig_file": "/k/edge"}, "core": {"kubeconfig_file": "/k/core"}}
                ),
            )
        assert info.value.message == (
            "no default Kubernetes cluster: mark one with `default: true` (known: core, edge)"
        )

    def test_unknown_cluster_lists_the_known_ones(self) -> None:
        """An unknown name lists the configured clusters; nothing is registered."""
        registered: list[str] = []

        def program() -> None:
            try:
                cluster_provider("prod")
            finally:
                registered.extend(context.current().providers.created("kubernetes"))

        with pytest.raises(ConfigurationError) as info:
            synth(
                program,
                config=config(
                    {"edge": {"kubeconfig_file": "/k"}, "core": {"kubeconfig_file": "/k"}}
                ),
            )
        err = info.value
        assert err.message == "unknown Kubernetes cluster 'prod'; known: core, edge"
        assert err.details["key_path"] == "kubernetes.clusters.prod"
        assert registered == []

    def test_section_not_enabled(self) -> None:
        """Clusters of a disabled section are not created; the message says how to enable."""
        with pytest.raises(ConfigurationError, match="set `enabled: true`"):
            synth(
                lambda: cluster_provider("edge"),
                config={"iaccore:kubernetes": {"clusters": {"edge": {"kubeconfig_file": "/k"}}}},
            )

    def test_secret_kubeconfig_is_a_secret_input(self) -> None:
        """A kubeconfig from secret config reaches the provider as a secret, masked everywhere."""
        graph = synth(
            lambda: cluster_provider("edge"), config=config({"edge": {"kubeconfig": KUBECONFIG}})
        )
        provider = graph.one(PROVIDER, "k8s-edge")
        assert ("kubeconfig",) in provider.secret_inputs
        assert "TOPSECRET" not in json.dumps([r.to_dict() for r in graph.resources()])

    def test_kubeconfig_from_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """kubeconfig_env is read when the provider is created, as a secret."""
        monkeypatch.setenv("EDGE_KUBECONFIG", KUBECONFIG)
        graph = synth(
            lambda: cluster_provider("edge"),
            config=config({"edge": {"kubeconfig_env": "EDGE_KUBECONFIG"}}),
        )
        provider = graph.one(PROVIDER, "k8s-edge")
        assert ("kubeconfig",) in provider.secret_inputs
        assert "TOPSECRET" not in json.dumps([r.to_dict() for r in graph.resources()])

    def test_kubeconfig_environment_unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An unset variable names the key and the variable."""
        monkeypatch.delenv("EDGE_KUBECONFIG", raising=False)
        with pytest.raises(ConfigurationError) as info:
            synth(
                lambda: cluster_provider("edge"),
                config=config({"edge": {"kubeconfig_env": "EDGE_KUBECONFIG"}}),
            )
        assert info.value.message == "environment variable EDGE_KUBECONFIG is not set"
        assert info.value.details["key_path"] == "kubernetes.clusters.edge.kubeconfig_env"

    def test_cluster_version(self) -> None:
        """The configured version per cluster, None when unset."""
        seen: list[str | None] = []

        def program() -> None:
            seen.extend([cluster_version("edge"), cluster_version("core"), cluster_version()])

        synth(
            program,
            config=config(
                {
                    "edge": {"kubeconfig_file": "/k", "version": "1.34"},
                    "core": {"kubeconfig_file": "/k", "default": True},
                }
            ),
        )
        assert seen == ["1.34", None, None]


class TestSourceClusters:
    """``source: aws.eks.<name>``: the provider the EksCluster put in the registry."""

    @staticmethod
    def eks(name: str) -> k8s.Provider:
        """What EksCluster does once its cluster exists (see aws/eks/cluster.py)."""
        provider = k8s.Provider(f"{name}-k8s", kubeconfig="{}")
        context.current().providers.put("kubernetes", name, provider)
        return provider

    def test_source_is_the_eks_provider(self) -> None:
        """A differently named cluster resolves to the EKS cluster's provider; none created."""
        same: list[bool] = []

        def program() -> None:
            provider = self.eks("main")
            same.append(cluster_provider("prod") is provider)
            same.append(cluster_provider() is provider)
            same.append(cluster_provider("main") is provider)

        graph = synth(program, config=config({"prod": {"source": "aws.eks.main"}}))
        assert same == [True, True, True]
        assert names(graph) == ["main-k8s"]

    def test_same_name_as_the_eks_cluster(self) -> None:
        """A cluster named like its EksCluster is that cluster's provider."""
        same: list[bool] = []

        def program() -> None:
            provider = self.eks("main")
            same.append(cluster_provider("main") is provider)

        synth(program, config=config({"main": {"source": "aws.eks.main"}}))
        assert same == [True]

    @pytest.mark.parametrize("cluster", ["main", "prod"])
    def test_missing_eks_cluster(self, cluster: str) -> None:
        """No EksCluster 'main' created: a clear error on the source key."""
        with pytest.raises(ConfigurationError) as info:
            synth(
                lambda: cluster_provider(cluster),
                config=config({cluster: {"source": "aws.eks.main"}}),
            )
        assert info.value.message.startswith(
            "source aws.eks.main: no EksCluster named 'main' was created"
        )
        assert info.value.details["key_path"] == f"kubernetes.clusters.{cluster}.source"

    def test_source_never_resolves_to_a_configured_cluster(self) -> None:
        """aws.eks.edge is not the kubeconfig cluster that happens to be called edge."""

        def program() -> None:
            cluster_provider("edge")
            cluster_provider("prod")

        with pytest.raises(ConfigurationError, match="no EksCluster named 'edge'"):
            synth(
                program,
                config=config(
                    {"edge": {"kubeconfig_file": "/k"}, "prod": {"source": "aws.eks.edge"}}
                ),
            )


def test_no_sdk_import_at_import_time() -> None:
    """Importing the module, its config and its provider helpers loads no pulumi_kubernetes."""
    code = (
        "import sys, iaccore.kubernetes, iaccore.kubernetes.module, iaccore.kubernetes.provider, "
        "iaccore.kubernetes.versions; print('pulumi_kubernetes' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
