"""Every example under examples/ synthesizes on the embedded engine and is secure by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaccore.synth import Graph, synth
from iaccore.synth.render import render_json, render_tree
from iaccore.testing import assert_no_public_ingress, assert_tagged

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
METADATA_TAGS = [
    "iaccore:project",
    "iaccore:environment",
    "iaccore:stack",
    "iaccore:owner",
    "iaccore:managed-by",
    "compliance:frameworks",
]


@pytest.fixture(scope="module")
def platform() -> Graph:
    return synth(EXAMPLES / "aws-eks-platform", stack="dev")


def test_every_example_has_a_stack_and_readme() -> None:
    """Each example is a real Pulumi project with a stack file and a README."""
    for example in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        assert (example / "Pulumi.yaml").is_file()
        assert list(example.glob("Pulumi.*.yaml")), example.name
        assert (example / "README.md").is_file()


def test_platform_program_is_short() -> None:
    """The example program composes the platform in at most 30 lines."""
    lines = (EXAMPLES / "aws-eks-platform" / "__main__.py").read_text().splitlines()
    assert len(lines) <= 30


def test_platform_components(platform: Graph) -> None:
    """VPC, EKS cluster and bucket are all there, with their Kubernetes provider."""
    assert platform.one("iaccore:aws:SecureVpc", "core")
    assert platform.one("iaccore:aws:EksCluster", "main")
    assert platform.one("iaccore:aws:SecureBucket", "artifacts")
    assert platform.one("pulumi:providers:kubernetes")


def test_every_taggable_resource_carries_metadata_tags(platform: Graph) -> None:
    """One walk over the whole graph: every taggable resource has the metadata tags."""
    assert_tagged(platform, METADATA_TAGS)


def test_no_public_ingress(platform: Graph) -> None:
    """No security group rule admits 0.0.0.0/0 or ::/0."""
    assert_no_public_ingress(platform)


def test_cluster_lands_in_private_subnets(platform: Graph) -> None:
    """The EKS cluster uses the VPC's private subnets and a private endpoint only."""
    cluster = platform.one("aws:eks/cluster:Cluster")
    private = {s.id for s in platform.resources("aws:ec2/subnet:Subnet") if "-private-" in s.name}
    vpc_config = cluster.inputs["vpcConfig"]
    assert set(vpc_config["subnetIds"]) == private
    assert vpc_config["endpointPrivateAccess"] is True
    assert vpc_config["endpointPublicAccess"] is False


def test_secrets_stay_masked(platform: Graph) -> None:
    """The kubeconfig output is masked in outputs, tree and JSON."""
    assert platform.outputs["kubeconfig"] == "[secret]"
    for text in (render_tree(platform), render_json(platform)):
        assert "get-token" not in text
