"""Components find their cluster's Kubernetes version and refuse APIs it no longer serves."""

from __future__ import annotations

from typing import Any, ClassVar

from iaccore.aws import EksCluster
from iaccore.core.config.base import ComponentConfig
from iaccore.kubernetes._base import KubernetesComponent
from iaccore.kubernetes.application.component import Application
from iaccore.kubernetes.provider import cluster_opts
from iaccore.testing import capture_error
from tests.helpers import run, stack_config

APP: dict[str, Any] = {
    "image": "ghcr.io/acme/api:1.4.2",
    "port": 8080,
    "resources": {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "probes": {"path": "/healthz"},
}
EKS: dict[str, Any] = {
    "version": "1.34",
    "subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
    "admin_principals": ["arn:aws:iam::123456789012:role/platform-admins"],
    "node_groups": {"general": {"min": 2, "max": 4}},
}


class OldBudget(KubernetesComponent[ComponentConfig]):
    """Declares an API removed in Kubernetes 1.25 (policy/v1beta1 PodDisruptionBudget)."""

    TYPE_TOKEN = "iaccore:test:OldBudget"
    API_KINDS: ClassVar[tuple[tuple[str, str], ...]] = (("policy/v1beta1", "PodDisruptionBudget"),)


def kubernetes_section(**clusters: Any) -> dict[str, Any]:
    return {"iaccore:kubernetes": {"enabled": True, "clusters": clusters}}


class TestTargetVersion:
    def test_version_from_the_eks_cluster(self) -> None:
        """On `source: aws.eks.main` with no version in config, the EKS cluster's version counts."""
        seen: list[str | None] = []

        def program() -> None:
            EksCluster("main", EKS)
            app = Application("api", APP, namespace="apps", opts=cluster_opts("main"))
            seen.append(app.kubernetes_version)

        run(program, **kubernetes_section(main={"source": "aws.eks.main"}))
        assert seen == ["1.34"]

    def test_configured_version_wins(self) -> None:
        """A version in the cluster's config is the target."""
        seen: list[str | None] = []

        def program() -> None:
            EksCluster("main", EKS)
            app = Application("api", APP, namespace="apps", opts=cluster_opts("main"))
            seen.append(app.kubernetes_version)

        run(program, **kubernetes_section(main={"source": "aws.eks.main", "version": "1.33"}))
        assert seen == ["1.33"]

    def test_unknown_provider_has_no_version(self) -> None:
        """A provider the program's clusters do not know gives no target (nothing checked)."""
        import pulumi
        import pulumi_kubernetes as k8s

        seen: list[str | None] = []

        def program() -> None:
            provider = k8s.Provider("loose", kubeconfig="{}")
            app = Application(
                "api", APP, namespace="apps", opts=pulumi.ResourceOptions(provider=provider)
            )
            seen.append(app.kubernetes_version)

        run(program)
        assert seen == [None]


class TestRemovedApis:
    def test_removed_api_refused_before_anything_registers(self) -> None:
        """A component whose API the target version removed raises, naming its key, and
        registers nothing of its own."""

        def program() -> None:
            EksCluster("main", EKS)
            OldBudget("budget", {}, opts=cluster_opts("main"))

        captured = capture_error(
            program,
            project="payments",
            config=stack_config(**kubernetes_section(main={"source": "aws.eks.main"})),
        )
        assert "policy/v1beta1" in str(captured.error)
        assert captured.error.key_path == "OldBudget(budget)"
        assert captured.graph.resources("iaccore:test:OldBudget") == []
