"""EksCluster placed in a SecureVpc: the cluster and node groups use its private subnets."""

from __future__ import annotations

import importlib

import pytest

from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph
from tests.helpers import run

DEPLOYER = "arn:aws:iam::123456789012:role/ci-deployer"


def test_cluster_in_vpc_private_subnets() -> None:
    """vpc=SecureVpc puts the control plane ENIs and the nodes in the private subnets."""
    try:
        vpc_module = importlib.import_module("iaccore.aws.network.vpc")
    except ImportError:  # pragma: no cover - SecureVpc not available in this tree
        pytest.skip("SecureVpc is not available")
    from iaccore.aws.eks.cluster import EksCluster

    def program() -> None:
        vpc = vpc_module.SecureVpc("core", {"cidr": "10.20.0.0/16"})
        EksCluster("main", {"node_groups": {"general": {}}, "deployer_role_arn": DEPLOYER}, vpc=vpc)

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


class TestClusterTagNames:
    """eks_cluster_names of the VPC against the cluster's physical name."""

    def build(
        self, vpc_names: list[str], cluster: dict[str, object]
    ) -> tuple[Graph, list[ConfigurationError]]:
        """Build a VPC listing ``vpc_names`` and a cluster in it; return the errors raised."""
        from iaccore.aws.eks.cluster import EksCluster
        from iaccore.aws.network.vpc import SecureVpc

        errors: list[ConfigurationError] = []

        def program() -> None:
            vpc = SecureVpc("core", {"cidr": "10.20.0.0/16", "eks_cluster_names": vpc_names})
            config = {"node_groups": {"general": {}}, "deployer_role_arn": DEPLOYER, **cluster}
            try:
                EksCluster("main", config, vpc=vpc)
            except ConfigurationError as err:
                errors.append(err)

        return run(program), errors

    def test_logical_name_in_vpc_is_refused(self) -> None:
        """Listing the logical name (main) instead of payments-dev-main is a ConfigurationError."""
        graph, (err,) = self.build(["main"], {})
        assert err.key_path == "aws.vpc.eks_cluster_names"
        assert "this cluster's physical name is 'payments-dev-main'" in err.message
        assert err.expected == "a list that includes 'payments-dev-main'"
        assert graph.resources("iaccore:aws:EksCluster") == []
        assert graph.resources("aws:eks/*") == []

    def test_explicit_cluster_name_must_be_listed(self) -> None:
        """With cluster_name set, that name is the one the VPC must list."""
        _graph, (err,) = self.build(["payments-dev-main"], {"cluster_name": "prod-eu"})
        assert err.key_path == "aws.vpc.eks_cluster_names"
        assert "'prod-eu'" in err.message

    @pytest.mark.parametrize(
        ("names", "cluster"),
        [
            (["payments-dev-main"], {}),
            (["other", "payments-dev-main"], {}),
            (["prod-eu"], {"cluster_name": "prod-eu"}),
            ([], {}),
        ],
        ids=["derived", "among-others", "explicit", "none-listed"],
    )
    def test_matching_or_unlisted_names_accepted(
        self, names: list[str], cluster: dict[str, object]
    ) -> None:
        """The physical name listed, or no name listed at all: the cluster is built."""
        graph, errors = self.build(names, cluster)
        assert errors == []
        assert graph.one("iaccore:aws:EksCluster", "main")
