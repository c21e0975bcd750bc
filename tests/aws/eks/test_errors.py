"""EksCluster bad input: a ConfigurationError naming the key, and nothing registered."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws.eks.cluster import EksCluster
from iaccore.core.errors import ConfigurationError
from tests.helpers import run

SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
NODES = {"general": {"min": 2, "max": 3}}


def refuse(config: dict[str, Any]) -> ConfigurationError:
    """Build the cluster inside a program, catch the error, and prove nothing registered."""
    errors: list[ConfigurationError] = []

    def program() -> None:
        try:
            EksCluster("main", config)
        except ConfigurationError as err:
            errors.append(err)

    graph = run(program)
    assert len(errors) == 1
    registered = [r for r in graph if r.package in ("aws", "iaccore", "kubernetes")]
    assert registered == [] or all(r.is_provider for r in registered)
    return errors[0]


@pytest.mark.parametrize(
    ("config", "key_path", "message"),
    [
        (
            {"subnet_ids": SUBNETS},
            "aws.eks.clusters.main.node_groups",
            "run as pods and would never become active without a node group",
        ),
        (
            {"subnet_ids": SUBNETS[:1], "node_groups": NODES},
            "aws.eks.clusters.main.subnet_ids",
            "at least two availability zones",
        ),
        (
            {"subnet_ids": SUBNETS, "version": "1.20"},
            "aws.eks.clusters.main.version",
            "Kubernetes 1.20 is no longer supported by Amazon EKS",
        ),
        (
            {"subnet_ids": SUBNETS, "node_groups": {"general": {"min": 5, "max": 2}}},
            "aws.eks.clusters.main.node_groups.general",
            "min (5) must be ≤ max (2)",
        ),
        (
            {
                "subnet_ids": SUBNETS,
                "endpoint_public_access": True,
                "public_access_cidrs": ["0.0.0.0/0"],
            },
            "aws.eks.clusters.main.public_access_cidrs",
            "allow_public_endpoint_to_internet: true",
        ),
        (
            {},
            "aws.eks.clusters.main.subnet_ids",
            "the cluster has no subnets",
        ),
    ],
    ids=["no-nodes", "one-subnet", "old-version", "min-over-max", "world-endpoint", "no-subnets"],
)
def test_bad_input(config: dict[str, Any], key_path: str, message: str) -> None:
    """Each bad input names its key and registers nothing."""
    err = refuse(config)
    assert err.key_path == key_path
    assert message in err.message


def test_world_endpoint_with_opt_in() -> None:
    """0.0.0.0/0 is accepted with the explicit opt-in."""
    graph = run(
        lambda: EksCluster(
            "main",
            {
                "subnet_ids": SUBNETS,
                "node_groups": NODES,
                "deployer_role_arn": "arn:aws:iam::123456789012:role/ci-deployer",
                "endpoint_public_access": True,
                "public_access_cidrs": ["0.0.0.0/0"],
                "allow_public_endpoint_to_internet": True,
            },
        )
    )
    vpc = graph.one("aws:eks/cluster:Cluster").inputs["vpcConfig"]
    assert vpc["publicAccessCidrs"] == ["0.0.0.0/0"]


def test_unknown_role_in_resource_options() -> None:
    """resource_options keys must be roles of the cluster."""
    err = refuse({"subnet_ids": SUBNETS, "resource_options": {"nodes": {"protect": True}}})
    assert err.key_path == "aws.eks.clusters.main.resource_options.nodes"
