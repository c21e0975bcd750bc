"""Application on the mock engine: secure pod defaults, identity, config, secrets, scaling."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from iaccore.kubernetes.application.component import Application
from iaccore.kubernetes.namespace.component import Namespace
from iaccore.synth import Graph
from iaccore.synth.render import formats, render
from iaccore.testing import assert_urns_match, capture_error
from tests.helpers import run, stack_config

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
ACCOUNT = "kubernetes:core/v1:ServiceAccount"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
SECRET = "kubernetes:core/v1:Secret"
NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
TOKEN = "iaccore:kubernetes:Application"
SNAPSHOTS = Path(__file__).parent / "snapshots"
PLAINTEXT = "hunter2-correct-horse"

BASE: dict[str, Any] = {
    "image": "ghcr.io/acme/api:1.4.2",
    "port": 8080,
    "resources": {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "probes": {"path": "/healthz"},
}


def config(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def build(cfg: Any = None, namespace: Any = "apps", name: str = "api") -> Graph:
    def program() -> None:
        opts = pulumi.ResourceOptions(provider=k8s.Provider("cluster", kubeconfig="{}"))
        Application(name, cfg if cfg is not None else config(), namespace=namespace, opts=opts)

    return run(program)


def pod(graph: Graph) -> dict[str, Any]:
    return dict(graph.one(DEPLOYMENT, "api-deployment").inputs["spec"]["template"])


def container(graph: Graph) -> dict[str, Any]:
    return dict(pod(graph)["spec"]["containers"][0])


def fails(cfg: Any, namespace: Any = "apps", name: str = "api") -> Any:
    captured = capture_error(
        lambda: Application(name, cfg, namespace=namespace), config=stack_config()
    )
    assert captured.registered_nothing
    return captured.error


def test_issue_example_works_as_written() -> None:
    """The snippet of the issue builds a Namespace and an Application with an HPA."""

    def program() -> None:
        opts = pulumi.ResourceOptions(provider=k8s.Provider("cluster", kubeconfig="{}"))
        ns = Namespace("apps", {"quota": {"cpu": "20", "memory": "64Gi"}}, opts=opts)
        Application("api", {
            "image": "ghcr.io/acme/api:1.4.2",
            "port": 8080,
            "replicas": 3,
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                          "limits": {"cpu": "1", "memory": "512Mi"}},
            "probes": {"path": "/healthz"},
            "env": {"LOG_LEVEL": "info"},
            "autoscaling": {"min": 3, "max": 10, "cpu_percent": 70},
        }, namespace=ns, opts=opts)  # fmt: skip

    graph = run(program)
    deployment = graph.one(DEPLOYMENT, "api-deployment")
    assert deployment.inputs["metadata"]["namespace"] == "apps"
    assert "replicas" not in deployment.inputs["spec"]  # the autoscaler owns the count
    hpa = graph.one(HPA, "api-autoscaler").inputs["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 10)
    assert graph.one(CONFIG_MAP, "api-config-map-env").inputs["data"] == {"LOG_LEVEL": "info"}
    ns_urn = graph.one("kubernetes:core/v1:Namespace", "apps-namespace").urn
    assert ns_urn in deployment.dependencies or ns_urn in {
        urn for deps in deployment.property_dependencies.values() for urn in deps
    }


class TestSecureDefaults:
    def test_container_security_context(self) -> None:
        """Non-root, read-only root, no escalation, not privileged, ALL dropped, RuntimeDefault."""
        assert container(build())["securityContext"] == {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        }

    def test_pod_security_context_and_token(self) -> None:
        """The pod runs as non-root with RuntimeDefault seccomp and no API token mounted."""
        spec = pod(build())["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        assert spec["serviceAccountName"] == "api"

    def test_token_mount_on_request(self) -> None:
        """automount_service_account_token: true reaches the pod and the ServiceAccount."""
        graph = build(config(automount_service_account_token=True))
        assert pod(graph)["spec"]["automountServiceAccountToken"] is True
        assert graph.one(ACCOUNT).inputs["automountServiceAccountToken"] is True

    def test_requests_limits_and_image(self) -> None:
        """Requests, limits and the pinned image reach the container."""
        got = container(build())
        assert got["resources"] == {
            "requests": {"cpu": "250m", "memory": "256Mi"},
            "limits": {"cpu": "1", "memory": "512Mi"},
        }
        assert got["image"] == "ghcr.io/acme/api:1.4.2"
        assert got["imagePullPolicy"] == "Always"
        assert got["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]

    def test_probes(self) -> None:
        """Liveness and readiness probe the path on the named port."""
        got = container(build(config(probes={"path": "/healthz", "readiness_path": "/ready"})))
        assert got["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert got["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}

    def test_probe_waiver_omits_probes(self) -> None:
        """An explicit waiver omits both probes."""
        got = container(build(config(probes={"waived": "queue worker without HTTP"})))
        assert "livenessProbe" not in got
        assert "readinessProbe" not in got

    def test_writable_tmp_only(self) -> None:
        """/tmp is an emptyDir, the only writable path."""
        graph = build()
        assert container(graph)["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
        assert pod(graph)["spec"]["volumes"] == [{"name": "tmp", "emptyDir": {}}]

    def test_network_policy_admits_nothing_by_default(self) -> None:
        """With no allow_from the policy selects the pods and admits no ingress."""
        spec = build().one(NETPOL, "api-network-policy").inputs["spec"]
        assert spec["policyTypes"] == ["Ingress"]
        assert spec["ingress"] == []
        assert spec["podSelector"] == {
            "matchLabels": {"app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api"}
        }

    def test_network_policy_admits_declared_sources(self) -> None:
        """Declared sources are admitted on the app port only."""
        allow = [{"namespace": "ingress-nginx"}, {"pod_labels": {"role": "web"}}]
        spec = build(config(allow_from=allow)).one(NETPOL).inputs["spec"]
        assert spec["ingress"] == [
            {
                "from": [
                    {
                        "namespaceSelector": {
                            "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                        }
                    },
                    {"podSelector": {"matchLabels": {"role": "web"}}},
                ],
                "ports": [{"protocol": "TCP", "port": 8080}],
            }
        ]

    def test_service(self) -> None:
        """A ClusterIP Service on the app port, selecting the pods."""
        spec = build().one(SERVICE, "api-service").inputs["spec"]
        assert spec["type"] == "ClusterIP"
        assert spec["ports"] == [
            {"name": "http", "port": 8080, "targetPort": "http", "protocol": "TCP"}
        ]
        assert spec["selector"] == {
            "app.kubernetes.io/name": "api",
            "app.kubernetes.io/instance": "api",
        }

    def test_labels_and_provider(self) -> None:
        """Every object has standard labels and metadata tags, and uses the given provider."""
        graph = build(config(ingress={"host": "api.example.com"}))
        provider = graph.one("pulumi:providers:kubernetes", "cluster")
        children = graph.resources(parent=graph.one(TOKEN, "api"))
        assert len(children) == 5
        for res in children:
            labels = res.inputs["metadata"]["labels"]
            assert labels["app.kubernetes.io/name"] == "api"
            assert labels["app.kubernetes.io/managed-by"] == "iaccore"
            assert labels["iaccore.dev/project"] == "payments"
            assert res.provider_urn == provider.urn


class TestIdentity:
    def test_irsa_annotation(self) -> None:
        """iam_role_arn becomes the IRSA annotation of the dedicated ServiceAccount."""
        arn = "arn:aws:iam::123456789012:role/api"
        account = build(config(iam_role_arn=arn)).one(ACCOUNT, "api-service-account")
        assert account.inputs["metadata"]["annotations"] == {"eks.amazonaws.com/role-arn": arn}
        assert account.inputs["metadata"]["name"] == "api"
        assert account.inputs["automountServiceAccountToken"] is False

    def test_workload_identity_annotation(self) -> None:
        """azure_client_id becomes the workload identity annotation, and the pods carry the
        `azure.workload.identity/use` label the webhook needs to project the token."""
        graph = build(config(azure_client_id="0000-1111"))
        account = graph.one(ACCOUNT)
        assert account.inputs["metadata"]["annotations"] == {
            "azure.workload.identity/client-id": "0000-1111"
        }
        assert pod(graph)["metadata"]["labels"]["azure.workload.identity/use"] == "true"

    def test_no_workload_identity_label_without_azure_identity(self) -> None:
        """Pods of an application with no Azure identity carry no workload identity label."""
        graph = build(config(iam_role_arn="arn:aws:iam::123456789012:role/api"))
        assert "azure.workload.identity/use" not in pod(graph)["metadata"]["labels"]

    @staticmethod
    def _with_identity(attribute: str, value: str) -> Graph:
        """An application whose identity= has ``attribute`` as an Output (made in the program:
        Outputs belong to the run's event loop)."""

        def program() -> None:
            identity = type("Identity", (), {attribute: pulumi.Output.from_input(value)})()
            opts = pulumi.ResourceOptions(provider=k8s.Provider("cluster", kubeconfig="{}"))
            Application("api", config(), namespace="apps", identity=identity, opts=opts)

        return run(program)

    def test_identity_with_client_id_wires_workload_identity(self) -> None:
        """identity= with a client_id (an Output, as aks.workload_identity gives) becomes the
        annotation once known, plus the pod label."""
        graph = self._with_identity("client_id", "00000000-0000-4000-8000-0000000000aa")
        annotations = graph.one(ACCOUNT).inputs["metadata"]["annotations"]
        assert annotations == {
            "azure.workload.identity/client-id": "00000000-0000-4000-8000-0000000000aa"
        }
        assert pod(graph)["metadata"]["labels"]["azure.workload.identity/use"] == "true"

    def test_identity_with_arn_wires_irsa(self) -> None:
        """identity= with an arn (an IamRole from eks.irsa_role) becomes the IRSA annotation."""
        graph = self._with_identity("arn", "arn:aws:iam::123456789012:role/api")
        annotations = graph.one(ACCOUNT).inputs["metadata"]["annotations"]
        assert annotations == {"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/api"}
        assert "azure.workload.identity/use" not in pod(graph)["metadata"]["labels"]

    @pytest.mark.parametrize(
        ("identity", "cfg", "key"),
        [
            (object(), None, "identity"),
            (
                type("Id", (), {"client_id": "x"})(),
                config(azure_client_id="0000-1111"),
                "azure_client_id",
            ),
            (
                type("Role", (), {"arn": "arn:aws:iam::123456789012:role/x"})(),
                config(iam_role_arn="arn:aws:iam::123456789012:role/api"),
                "iam_role_arn",
            ),
        ],
    )
    def test_bad_identity(self, identity: Any, cfg: Any, key: str) -> None:
        """An identity without client_id/arn, or one given twice, fails on its key; nothing
        is registered."""
        captured = capture_error(
            lambda: Application("api", cfg or config(), namespace="apps", identity=identity),
            config=stack_config(),
        )
        assert captured.error.key_path == f"Application(api).{key}"
        assert captured.registered_nothing

    def test_no_annotation_without_role(self) -> None:
        """Without a role the ServiceAccount carries no annotations."""
        assert "annotations" not in build().one(ACCOUNT).inputs["metadata"]


class TestConfigAndSecrets:
    def test_config_files_mounted_read_only(self) -> None:
        """config_files become a ConfigMap mounted read-only at config_mount_path."""
        graph = build(config(config_files={"app.yaml": "a: 1\n"}, config_mount_path="/etc/api"))
        assert graph.one(CONFIG_MAP, "api-config-map-files").inputs["data"] == {
            "app.yaml": "a: 1\n"
        }
        assert {"name": "config", "mountPath": "/etc/api", "readOnly": True} in container(graph)[
            "volumeMounts"
        ]

    def test_env_from_config_map_and_secret(self) -> None:
        """env and secret_env reach the container through envFrom."""
        cfg = config(env={"LOG_LEVEL": "info"}, secret_env={"DB_PASSWORD": PLAINTEXT})
        assert container(build(cfg))["envFrom"] == [
            {"configMapRef": {"name": "api-env"}},
            {"secretRef": {"name": "api-secret"}},
        ]

    def test_checksum_rolls_pods_on_config_change(self) -> None:
        """A config change changes the pod template's checksum annotation."""

        def checksum(env: dict[str, str]) -> str:
            annotations = pod(build(config(env=env)))["metadata"]["annotations"]
            return str(annotations["iaccore.dev/config-checksum"])

        assert checksum({"A": "1"}) != checksum({"A": "2"})
        assert checksum({"A": "1"}) == checksum({"A": "1"})

    def test_secret_data_is_secret(self) -> None:
        """The Secret's data is registered as a secret and masked in the graph."""
        graph = build(config(secret_env={"DB_PASSWORD": PLAINTEXT}))
        secret = graph.one(SECRET, "api-secret")
        assert ("data",) in secret.secret_inputs
        assert secret.inputs["data"] == "[secret]"
        assert secret.inputs["type"] == "Opaque"

    @pytest.mark.parametrize("fmt", sorted(formats()))
    def test_secret_absent_from_every_format(self, fmt: str) -> None:
        """Neither the plaintext nor its base64 appears in any output format."""
        graph = build(config(secret_env={"DB_PASSWORD": PLAINTEXT}))
        text = render(graph, fmt)
        if fmt in {"tree", "json", "yaml"}:  # formats that list every object by name
            assert "api-secret" in text
        assert PLAINTEXT not in text
        assert base64.b64encode(PLAINTEXT.encode()).decode() not in text

    def test_yaml_is_among_the_formats(self) -> None:
        """The Kubernetes yaml renderer is checked too."""
        assert {"tree", "json", "md", "yaml"} <= set(formats())


class TestScaling:
    def test_replicas_without_autoscaler(self) -> None:
        """Without autoscaling the Deployment sets replicas; no HPA or PDB."""
        graph = build(config(replicas=4))
        assert graph.one(DEPLOYMENT).inputs["spec"]["replicas"] == 4
        assert graph.resources(HPA) == []
        assert graph.resources(PDB) == []
        assert graph.resources(INGRESS) == []

    def test_autoscaler(self) -> None:
        """autoscaling/v2 HPA on CPU and memory utilization, targeting the Deployment."""
        cfg = config(autoscaling={"min": 2, "max": 6, "cpu_percent": 70, "memory_percent": 80})
        spec = build(cfg).one(HPA, "api-autoscaler").inputs["spec"]
        assert spec["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": "api",
        }
        assert [m["resource"] for m in spec["metrics"]] == [
            {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
            {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 80}},
        ]

    def test_disruption_budget(self) -> None:
        """policy/v1 PDB selecting the pods."""
        spec = build(config(disruption_budget={"max_unavailable": 1})).one(PDB).inputs["spec"]
        assert spec["maxUnavailable"] == 1
        assert spec["selector"]["matchLabels"]["app.kubernetes.io/name"] == "api"

    def test_ingress(self) -> None:
        """An Ingress routes the host to the Service's named port, with TLS when given."""
        cfg = config(
            ingress={"host": "api.example.com", "class_name": "nginx", "tls_secret_name": "api-tls"}
        )
        spec = build(cfg).one(INGRESS, "api-ingress").inputs["spec"]
        assert spec["ingressClassName"] == "nginx"
        assert spec["tls"] == [{"hosts": ["api.example.com"], "secretName": "api-tls"}]
        path = spec["rules"][0]["http"]["paths"][0]
        assert path["backend"] == {"service": {"name": "api", "port": {"name": "http"}}}
        assert path["pathType"] == "Prefix"


class TestBadInput:
    @pytest.mark.parametrize(
        "image",
        ["ghcr.io/acme/api:latest", "ghcr.io/acme/api", "localhost:5000/api", "api@sha256:x"],
    )
    def test_image_not_pinned(self, image: str) -> None:
        """`latest`, no tag or a bad digest fail on `image`."""
        error = fails(config(image=image))
        assert error.key_path == "Application(api).image"

    def test_digest_accepted(self) -> None:
        """A digest pins the image."""
        image = "ghcr.io/acme/api@sha256:" + "a" * 64
        assert container(build(config(image=image)))["image"] == image

    @pytest.mark.parametrize("key", ["cpu", "memory"])
    def test_limits_below_requests(self, key: str) -> None:
        """A limit below its request fails on that limit."""
        resources = {
            "requests": {"cpu": "2", "memory": "1Gi"},
            "limits": {"cpu": "2", "memory": "1Gi"},
        }
        resources["limits"][key] = "100m" if key == "cpu" else "512Mi"
        error = fails(config(resources=resources))
        assert error.key_path == f"Application(api).resources.limits.{key}"
        assert "below" in str(error)

    @pytest.mark.parametrize(
        ("key", "value"), [("port", 0), ("port", 65536), ("service_port", 70000)]
    )
    def test_port_out_of_range(self, key: str, value: int) -> None:
        """Ports outside 1..65535 fail on their key."""
        assert fails(config(**{key: value})).key_path == f"Application(api).{key}"

    def test_name_not_dns1123(self) -> None:
        """A component name that is not a DNS-1123 label fails on `name`."""
        assert fails(config(), name="My_Api").key_path == "Application(My_Api).name"
        assert fails(config(name="API")).key_path == "Application(api).name"

    def test_namespace_not_dns1123(self) -> None:
        """A namespace name that is not a DNS-1123 label fails on `namespace`."""
        assert fails(config(), namespace="Apps!").key_path == "Application(api).namespace"

    def test_probes_required(self) -> None:
        """No probes and no waiver fails on `probes`."""
        cfg = {k: v for k, v in BASE.items() if k != "probes"}
        assert fails(cfg).key_path == "Application(api).probes"
        assert fails(config(probes={})).key_path == "Application(api).probes"

    def test_resources_required(self) -> None:
        """Requests and limits are required."""
        cfg = config(resources={"requests": {"cpu": "1", "memory": "1Gi"}})
        assert fails(cfg).key_path == "Application(api).resources.limits"

    def test_env_key_and_clash(self) -> None:
        """A bad variable name fails on env; a key in env and secret_env fails."""
        assert fails(config(env={"1 BAD": "x"})).key_path == "Application(api).env"
        error = fails(config(env={"A": "1"}, secret_env={"A": "2"}))
        assert "both env and secret_env" in str(error)

    def test_autoscaling_bounds(self) -> None:
        """min above max fails on autoscaling."""
        cfg = config(autoscaling={"min": 5, "max": 2, "cpu_percent": 50})
        assert fails(cfg).key_path == "Application(api).autoscaling"


def test_urns() -> None:
    """URN snapshot of an application with every optional object."""
    cfg = config(
        env={"A": "1"},
        config_files={"f": "x"},
        secret_env={"S": PLAINTEXT},
        autoscaling={"min": 2, "max": 4, "cpu_percent": 60},
        disruption_budget={"min_available": 1},
        ingress={"host": "api.example.com"},
    )
    assert_urns_match(build(cfg), SNAPSHOTS / "application.txt")
