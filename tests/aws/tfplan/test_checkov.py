"""checkov's Terraform-plan checks on the `tfplan` output (checkov runs from its own env).

(a) Every example: only the checks docs/reference/tfplan.md explains ("Known findings") fail.
(b) A deliberately insecure raw pulumi_aws program: checkov reports each planted weakness by its
check id, and the secure counterpart of each passes the same check (so a pass is not just a
check that never ran).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pulumi_aws as aws
import pytest

from iaccore.aws.tfplan import render_tfplan
from iaccore.synth import Graph, synth
from tests import helpers
from tests.scanners import checkov_report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
DOC = ROOT / "docs" / "reference" / "tfplan.md"
#: Every stack of every example that builds AWS resources (the tfplan format renders those only).
EXAMPLE_STACKS = sorted(
    (example.name, stack_file.name.removeprefix("Pulumi.").removesuffix(".yaml"))
    for example in EXAMPLES.iterdir()
    if (example / "Pulumi.yaml").is_file()
    and "iaccore.aws" in (example / "__main__.py").read_text()
    for stack_file in example.glob("Pulumi.*.yaml")
)


def checkov(graph: Graph, tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """Run checkov on the graph's plan: `{"passed"|"failed": [(check id, address), ...]}`."""
    plan = tmp_path / "plan.json"
    plan.write_text(render_tfplan(graph), encoding="utf-8")
    report = checkov_report(["-f", str(plan), "--framework", "terraform_plan"], cwd=tmp_path)
    assert report["summary"]["parsing_errors"] == 0
    return {
        outcome: sorted(
            (check["check_id"], check["resource"])
            for check in report["results"][f"{outcome}_checks"]
        )
        for outcome in ("passed", "failed")
    }


def documented_findings() -> set[str]:
    """Check ids listed in the "Known findings" table of docs/reference/tfplan.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Known findings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(CKV2?_AWS_\d+)` \|", section, flags=re.MULTILINE))


@pytest.mark.parametrize(("example", "stack"), EXAMPLE_STACKS)
def test_examples_fail_only_documented_checks(example: str, stack: str, tmp_path: Path) -> None:
    """Every failed check of an example is explained in the known-findings table."""
    results = checkov(synth(EXAMPLES / example, stack=stack), tmp_path)
    failed = {check for check, _ in results["failed"]}
    assert failed - documented_findings() == set(), results["failed"]
    # the plan's references connect: each bucket's public access block is seen
    buckets = {address for check, address in results["passed"] if check == "CKV2_AWS_6"}
    assert all(
        address in buckets
        for _, address in results["passed"]
        if address.startswith("aws_s3_bucket.")
    )


def insecure_program() -> None:
    """Planted weaknesses, each next to a secure counterpart."""
    public = aws.s3.Bucket("public-site", bucket="acme-public-site")
    aws.s3.BucketAcl("public-site-acl", bucket=public.id, acl="public-read")
    private = aws.s3.Bucket("private-data", bucket="acme-private-data")
    aws.s3.BucketPublicAccessBlock(
        "private-data-pab",
        bucket=private.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )

    def ssh_from(name: str, cidr: str) -> aws.ec2.SecurityGroup:
        return aws.ec2.SecurityGroup(
            name,
            description=f"ssh from {cidr}",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    description="ssh",
                    protocol="tcp",
                    from_port=22,
                    to_port=22,
                    cidr_blocks=[cidr],
                )
            ],
        )

    open_ssh = ssh_from("ssh-open", "0.0.0.0/0")
    ssh_from("ssh-office", "203.0.113.0/24")

    def instance(name: str, http_tokens: str) -> None:
        aws.ec2.Instance(
            name,
            ami="ami-0123456789abcdef0",
            instance_type="t3.micro",
            vpc_security_group_ids=[open_ssh.id],
            metadata_options=aws.ec2.InstanceMetadataOptionsArgs(
                http_endpoint="enabled", http_tokens=http_tokens
            ),
        )

    instance("imdsv1", "optional")
    instance("imdsv2", "required")

    role = aws.iam.Role(
        "eks",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "eks.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    aws.eks.Cluster(
        "public-api",
        role_arn=role.arn,
        vpc_config=aws.eks.ClusterVpcConfigArgs(
            subnet_ids=subnets, endpoint_public_access=True, public_access_cidrs=["0.0.0.0/0"]
        ),
    )
    aws.eks.Cluster(
        "private-api",
        role_arn=role.arn,
        enabled_cluster_log_types=[
            "api",
            "audit",
            "authenticator",
            "controllerManager",
            "scheduler",
        ],
        vpc_config=aws.eks.ClusterVpcConfigArgs(
            subnet_ids=subnets, endpoint_public_access=False, endpoint_private_access=True
        ),
    )


@pytest.fixture(scope="module")
def insecure(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str]]]:
    return checkov(helpers.run(insecure_program), tmp_path_factory.mktemp("insecure"))


@pytest.mark.parametrize(
    ("check", "weak", "secure"),
    [
        ("CKV2_AWS_6", "aws_s3_bucket.public_site", "aws_s3_bucket.private_data"),
        ("CKV_AWS_20", "aws_s3_bucket.public_site", "aws_s3_bucket.private_data"),
        ("CKV_AWS_24", "aws_security_group.ssh_open", "aws_security_group.ssh_office"),
        ("CKV_AWS_79", "aws_instance.imdsv1", "aws_instance.imdsv2"),
        ("CKV_AWS_39", "aws_eks_cluster.public_api", "aws_eks_cluster.private_api"),
        ("CKV_AWS_38", "aws_eks_cluster.public_api", "aws_eks_cluster.private_api"),
        ("CKV_AWS_37", "aws_eks_cluster.public_api", "aws_eks_cluster.private_api"),
    ],
)
def test_planted_weaknesses_are_reported(
    insecure: dict[str, list[tuple[str, str]]], check: str, weak: str, secure: str
) -> None:
    """Public bucket (no access block, public-read ACL), open SSH, IMDSv1, public EKS API
    open to the world and without control-plane logs: each fails; its counterpart passes."""
    assert (check, weak) in insecure["failed"]
    assert (check, secure) in insecure["passed"]
