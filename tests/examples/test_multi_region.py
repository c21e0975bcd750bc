"""examples/aws-multi-region synthesizes: two regions, two VPCs from config, one cluster, IRSA."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iaccore.synth import Graph, synth
from iaccore.testing import assert_no_public_ingress, assert_tagged
from tests.helpers import provider_name

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "aws-multi-region"
METADATA_TAGS = [
    "iaccore:project",
    "iaccore:environment",
    "iaccore:stack",
    "iaccore:owner",
    "iaccore:managed-by",
    "compliance:frameworks",
    "Name",
    "env",
]
ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return synth(EXAMPLE, stack="dev")


def test_program_is_short() -> None:
    """The program composes two regions in at most 30 lines."""
    assert len((EXAMPLE / "__main__.py").read_text().splitlines()) <= 30


def test_components(graph: Graph) -> None:
    """Two VPCs named by their aws.vpcs keys, one cluster, two buckets, the IRSA role."""
    assert sorted(v.name for v in graph.resources("iaccore:aws:SecureVpc")) == ["dr", "primary"]
    assert graph.one("iaccore:aws:EksCluster", "main")
    assert sorted(b.name for b in graph.resources("iaccore:aws:SecureBucket")) == [
        "access-logs",
        "reports",
    ]
    assert graph.one("iaccore:aws:IamRole", "main-irsa-role-reports-reader")


def test_every_taggable_resource_is_tagged(graph: Graph) -> None:
    """One walk over the whole graph: every taggable resource has the metadata tags."""
    assert_tagged(graph, METADATA_TAGS)


def test_no_public_ingress(graph: Graph) -> None:
    """No security group rule admits 0.0.0.0/0 or ::/0."""
    assert_no_public_ingress(graph)


def test_every_resource_of_the_dr_vpc_uses_the_dr_provider(graph: Graph) -> None:
    """The dr VPC and all its children (nested key, role ...) are created in eu-central-1."""
    dr = graph.one("iaccore:aws:SecureVpc", "dr")
    custom = [r for r in graph.descendants(dr) if r.custom]
    assert len(custom) > 30
    assert {provider_name(r) for r in custom} == {"aws-dr"}
    assert graph.one("pulumi:providers:aws", "aws-dr").inputs["region"] == "eu-central-1"
    zones = {s.inputs["availabilityZone"] for s in custom if s.type == "aws:ec2/subnet:Subnet"}
    assert zones == {"eu-central-1a", "eu-central-1b", "eu-central-1c"}


def test_primary_region_on_the_default_provider(graph: Graph) -> None:
    """Everything outside the dr VPC uses the default provider in eu-west-1."""
    dr = {r.urn for r in graph.descendants(graph.one("iaccore:aws:SecureVpc", "dr"))}
    others = [r for r in graph.custom_resources() if r.urn not in dr and r.type.startswith("aws:")]
    assert {provider_name(r) for r in others} == {"aws-default"}


def test_cluster_in_the_primary_private_subnets_and_tagged(graph: Graph) -> None:
    """The cluster uses primary's private subnets; only primary's subnets name the cluster."""
    subnets = graph.resources("aws:ec2/subnet:Subnet")
    private = {s.id for s in subnets if s.name.startswith("primary-subnet-private-")}
    cluster = graph.one("aws:eks/cluster:Cluster")
    assert set(cluster.inputs["vpcConfig"]["subnetIds"]) == private
    assert cluster.inputs["name"] == "payments-dev-main"
    for subnet in subnets:
        tagged = "kubernetes.io/cluster/payments-dev-main" in subnet.inputs["tags"]
        expected = subnet.name.startswith(("primary-subnet-private", "primary-subnet-public"))
        assert tagged is expected, subnet.name


def test_irsa_role_reads_the_reports_bucket(graph: Graph) -> None:
    """The IRSA role trusts reports/reader of the cluster and gets a read grant on the bucket."""
    role = graph.one("aws:iam/role:Role", "main-irsa-role-reports-reader-role")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Action"] == ["sts:AssumeRoleWithWebIdentity"]
    condition = json.dumps(trust["Condition"])
    assert "system:serviceaccount:reports:reader" in condition
    grant = graph.one(
        "aws:iam/rolePolicy:RolePolicy", "reports-grant-read-main-irsa-role-reports-reader"
    )
    assert grant.inputs["role"] == role.id
    bucket = graph.one("aws:s3/bucket:Bucket", "reports-bucket")
    assert bucket.outputs["arn"] in grant.inputs["policy"]


def test_reports_logs_into_the_access_log_bucket(graph: Graph) -> None:
    """Server access logs of reports go to the access-logs bucket (SSE-S3, logging policy)."""
    target = graph.one("aws:s3/bucket:Bucket", "access-logs-bucket")
    assert target.inputs["bucket"] == f"aws-multi-region-dev-access-logs-{ACCOUNT}-eu-west-1-an"
    logging = graph.one("aws:s3/bucketLogging:BucketLogging")
    assert logging.inputs["targetBucket"] == target.inputs["bucket"]
    policy = graph.one("aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy")
    assert "logging.s3.amazonaws.com" in policy.inputs["policy"]


def test_data_is_retained(graph: Graph) -> None:
    """Buckets, KMS keys and the VPCs' flow-log groups are retained on delete."""
    groups = [
        r for r in graph.resources("aws:cloudwatch/logGroup:LogGroup") if "flow-log" in r.name
    ]
    for resources in (
        graph.resources("aws:s3/bucket:Bucket"),
        graph.resources("aws:kms/key:Key"),
        groups,
    ):
        assert resources
        assert all(r.retain_on_delete for r in resources), [r.name for r in resources]


def test_kubeconfig_stays_masked(graph: Graph) -> None:
    """The kubeconfig output is a secret in the graph's outputs."""
    assert graph.outputs["kubeconfig"] == "[secret]"
