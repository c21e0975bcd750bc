"""assert_no_privileged_pods: fails on each privileged setting, passes on Application output."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from iaccore.kubernetes.application.component import Application
from iaccore.synth import Graph, synth
from iaccore.testing import assert_no_privileged_pods

CONTAINER: dict[str, Any] = {"name": "app", "image": "ghcr.io/acme/api:1.4.2"}


def pod_spec(**changes: Any) -> dict[str, Any]:
    return {"containers": [CONTAINER], **changes}


def container(**security: Any) -> dict[str, Any]:
    return pod_spec(containers=[{**CONTAINER, "security_context": security}])


def template(spec: dict[str, Any]) -> dict[str, Any]:
    return {"metadata": {"labels": {"app": "x"}}, "spec": spec}


def workload(kind: str, spec: dict[str, Any]) -> Graph:
    """One workload of ``kind`` whose pod spec is ``spec``, through the real SDK classes."""
    selector = {"match_labels": {"app": "x"}}

    def program() -> None:
        if kind == "Pod":
            k8s.core.v1.Pod("w", spec=spec)
        elif kind == "Deployment":
            k8s.apps.v1.Deployment("w", spec={"selector": selector, "template": template(spec)})
        elif kind == "StatefulSet":
            k8s.apps.v1.StatefulSet(
                "w", spec={"selector": selector, "service_name": "x", "template": template(spec)}
            )
        elif kind == "DaemonSet":
            k8s.apps.v1.DaemonSet("w", spec={"selector": selector, "template": template(spec)})
        elif kind == "Job":
            k8s.batch.v1.Job("w", spec={"template": template(spec)})
        elif kind == "CronJob":
            k8s.batch.v1.CronJob(
                "w",
                spec={
                    "schedule": "0 * * * *",
                    "job_template": {"spec": {"template": template(spec)}},
                },
            )

    return synth(program)


KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]
CASES = {
    "hostNetwork: true": pod_spec(host_network=True),
    "hostPID: true": pod_spec(host_pid=True),
    "hostIPC: true": pod_spec(host_ipc=True),
    "securityContext.runAsUser: 0": pod_spec(security_context={"run_as_user": 0}),
    "securityContext.runAsNonRoot: false": pod_spec(security_context={"run_as_non_root": False}),
    "volume root: hostPath /": pod_spec(volumes=[{"name": "root", "host_path": {"path": "/"}}]),
    "container app: privileged: true": container(privileged=True),
    "container app: allowPrivilegeEscalation: true": container(allow_privilege_escalation=True),
    "container app: runAsUser: 0": container(run_as_user=0),
    "container app: runAsNonRoot: false": container(run_as_non_root=False),
    "container app: capabilities.add SYS_ADMIN": container(capabilities={"add": ["SYS_ADMIN"]}),
    "container app: capabilities.add NET_ADMIN": container(capabilities={"add": ["CAP_NET_ADMIN"]}),
    "container app: capabilities.add ALL": container(capabilities={"add": ["all"]}),
}


class TestFails:
    """Each privileged setting, on each workload kind, fails with its own line."""

    @pytest.mark.parametrize("kind", KINDS)
    @pytest.mark.parametrize("problem", sorted(CASES))
    def test_each_way(self, kind: str, problem: str) -> None:
        """The message names the workload and the setting."""
        graph = workload(kind, CASES[problem])
        with pytest.raises(AssertionError) as caught:
            assert_no_privileged_pods(graph)
        token = graph.custom_resources()[0]
        assert str(caught.value) == f"privileged pods found:\n  {token.type}::w: {problem}"

    def test_init_containers_count(self) -> None:
        """An init container is checked like the others."""
        spec = pod_spec(
            init_containers=[
                {**CONTAINER, "name": "init", "security_context": {"privileged": True}}
            ]
        )
        with pytest.raises(AssertionError, match="container init: privileged: true"):
            assert_no_privileged_pods(workload("Deployment", spec))


class TestPasses:
    """Harmless settings and the Application component's output pass."""

    def test_safe_values(self) -> None:
        """Explicitly safe values and harmless capabilities are not flagged."""
        spec = pod_spec(
            host_network=False,
            security_context={"run_as_user": 1000, "run_as_non_root": True},
            volumes=[{"name": "tmp", "empty_dir": {}}],
            containers=[
                {
                    **CONTAINER,
                    "security_context": {
                        "privileged": False,
                        "allow_privilege_escalation": False,
                        "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                    },
                }
            ],
        )
        for kind in KINDS:
            assert_no_privileged_pods(workload(kind, spec))

    def test_application_component(self) -> None:
        """The Application component's Deployment passes."""

        def program() -> None:
            opts = pulumi.ResourceOptions(provider=k8s.Provider("cluster", kubeconfig="{}"))
            Application(
                "api",
                {
                    "image": "ghcr.io/acme/api:1.4.2",
                    "port": 8080,
                    "resources": {
                        "requests": {"cpu": "250m", "memory": "256Mi"},
                        "limits": {"cpu": "1", "memory": "512Mi"},
                    },
                    "probes": {"path": "/healthz"},
                },
                namespace="apps",
                opts=opts,
            )

        graph = synth(program)
        assert graph.one("kubernetes:apps/v1:Deployment", "api-deployment")
        assert_no_privileged_pods(graph)
