"""EksCluster placed in a SecureVpc: the cluster and node groups use its private subnets."""

from __future__ import annotations

import importlib

import pytest

from tests.helpers import run


def test_cluster_in_vpc_private_subnets() -> None:
    """vpc=SecureVpc puts the control plane ENIs and the nodes in the private subnets."""
    try:
        vpc_module = importlib.import_module("iaccore.aws.network.vpc")
    except ImportError:  # pragma: no cover - SecureVpc not available in this tree
        pytest.skip("SecureVpc is not available")
    from iaccore.aws.eks.cluster import EksCluster

    def program() -> None:
        vpc = vpc_module.SecureVpc("core", {"cidr": "10.20.0.0/16"})
        EksCluster("main", {"node_groups": {"general": {}}}, vpc=vpc)

    graph = run(program)
    subnets = graph.resources("aws:ec2/subnet:Subnet")
    private = sorted(str(s.id) for s in subnets if "private" in s.name)
    assert private, [s.name for s in subnets]
    cluster = graph.one("aws:eks/cluster:Cluster")
    assert sorted(cluster.inputs["vpcConfig"]["subnetIds"]) == private
    group = graph.one("aws:eks/nodeGroup:NodeGroup")
    assert sorted(group.inputs["subnetIds"]) == private


def test_vpc_and_subnet_ids_conflict() -> None:
    """Passing both a vpc and subnet_ids is refused, naming subnet_ids."""
    try:
        vpc_module = importlib.import_module("iaccore.aws.network.vpc")
    except ImportError:  # pragma: no cover
        pytest.skip("SecureVpc is not available")
    from iaccore.aws.eks.cluster import EksCluster
    from iaccore.core.errors import ConfigurationError

    errors: list[ConfigurationError] = []

    def program() -> None:
        vpc = vpc_module.SecureVpc("core", {"cidr": "10.20.0.0/16"})
        try:
            EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d"]}, vpc=vpc)
        except ConfigurationError as err:
            errors.append(err)

    graph = run(program)
    assert errors
    assert errors[0].key_path == "aws.eks.clusters.main.subnet_ids"
    assert not graph.resources("iaccore:aws:EksCluster")
