"""A secure VNet, a private AKS cluster running an application, and a locked-down storage
account."""

import pulumi

import iaccore
from iaccore.azure import AksCluster, SecureStorageAccount, SecureVnet
from iaccore.kubernetes import Application, Namespace, cluster_opts

stack = iaccore.load_stack()

vnet = SecureVnet("core", stack.azure.vnet)
aks = AksCluster("main", stack.azure.aks.clusters["main"], vnet=vnet)
logs = SecureStorageAccount("logs", stack.azure.storage_accounts["logs"])

opts = cluster_opts("main")  # the AksCluster's provider, through source: azure.aks.main
ns = Namespace("apps", {"quota": {"cpu": "20", "memory": "64Gi"}}, opts=opts)
api = Application(
    "api",
    {
        "image": "ghcr.io/acme/api:1.4.2",
        "port": 8080,
        "replicas": 3,
        "resources": {
            "requests": {"cpu": "250m", "memory": "256Mi"},
            "limits": {"cpu": "1", "memory": "512Mi"},
        },
        "probes": {"path": "/healthz"},
        "autoscaling": {"min": 3, "max": 10, "cpu_percent": 70},
    },
    namespace=ns,
    identity=aks.workload_identity("api", namespace="apps", service_account="api"),
    opts=opts,
)

pulumi.export("cluster_name", aks.cluster_name)
pulumi.export("storage_account", logs.account_name)
pulumi.export("api_service", api.service_name)
iaccore.export_metadata()
