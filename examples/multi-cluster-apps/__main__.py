"""The same namespace and application on two clusters: an EKS cluster and an edge cluster."""

import pulumi

import iaccore
from iaccore.aws import EksCluster, SecureVpc
from iaccore.kubernetes import Application, Namespace, cluster_opts

stack = iaccore.load_stack()

vpc = SecureVpc("core", stack.aws.vpc)
eks = EksCluster("main", stack.aws.eks.clusters["main"], vpc=vpc)

APP = {
    "image": "ghcr.io/acme/api:1.4.2",
    "port": 8080,
    "replicas": 3,
    "resources": {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "probes": {"path": "/healthz"},
    "env": {"LOG_LEVEL": "info"},
    "autoscaling": {"min": 3, "max": 10, "cpu_percent": 70},
}
for cluster in ("main", "edge"):
    opts = cluster_opts(cluster)
    ns = Namespace(
        f"apps-{cluster}", {"name": "apps", "quota": {"cpu": "20", "memory": "64Gi"}}, opts=opts
    )
    app = Application(f"api-{cluster}", {**APP, "name": "api"}, namespace=ns, opts=opts)
    pulumi.export(f"{cluster}_service", app.service_name)

pulumi.export("cluster_name", eks.cluster_name)
iaccore.export_metadata()
