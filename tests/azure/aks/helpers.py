"""What the AKS tests share: a cluster program under the Azure test config."""

from __future__ import annotations

from typing import Any

from iaccore.azure.aks.cluster import SUBNET_EXAMPLE, AksCluster
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph
from tests.azure.helpers import run_azure

CLUSTER = "azure-native:containerservice:ManagedCluster"
POOL = "azure-native:containerservice:AgentPool"
TOKEN = "iaccore:azure:AksCluster"
SYSTEM = {"system": {"vm_size": "Standard_D4s_v5", "min": 3, "max": 5}}


def cluster_graph(config: dict[str, Any] | None = None, **overrides: Any) -> Graph:
    """Synthesize ``AksCluster("main", ...)`` on ``SUBNET_EXAMPLE`` with ``config``."""
    base: dict[str, Any] = {"subnet_id": SUBNET_EXAMPLE, "node_pools": SYSTEM}
    return run_azure(lambda: AksCluster("main", {**base, **(config or {})}), **overrides)


def cluster_inputs(config: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """The ManagedCluster's inputs."""
    return dict(cluster_graph(config, **overrides).one(CLUSTER, "main-cluster").inputs)


def refuse(config: dict[str, Any], **overrides: Any) -> ConfigurationError:
    """Build the cluster, catch the error, and prove nothing Azure or Kubernetes registered."""
    errors: list[ConfigurationError] = []

    def program() -> None:
        try:
            AksCluster("main", config)
        except ConfigurationError as err:
            errors.append(err)

    graph = run_azure(program, **overrides)
    assert len(errors) == 1
    # nothing at all: the checks run before even the section's provider is created
    assert [r.type for r in graph] == ["pulumi:pulumi:Stack"], [r.urn for r in graph]
    return errors[0]
