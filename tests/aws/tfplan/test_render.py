"""`iaccore synth --format tfplan` on small programs of raw pulumi_aws resources."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s
import pytest

from iaccore.aws.tfplan import build_plan, render_tfplan
from iaccore.aws.tfplan.render import FORMAT_VERSION, PROVIDER_NAME
from iaccore.aws.tfplan.schema import resource_schema
from iaccore.cli import main
from iaccore.synth import Graph
from iaccore.synth.graph import Resource
from iaccore.synth.render import render

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "aws-eks-platform"
CANARY = "CANARY-TFPLAN-PLAINTEXT"


def plan(graph: Graph) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_tfplan(graph))
    return document


def _one(entries: list[dict[str, Any]], address: str) -> dict[str, Any]:
    found = [entry for entry in entries if entry["address"] == address]
    assert len(found) == 1, address
    return found[0]


def planned(document: dict[str, Any], address: str) -> dict[str, Any]:
    """The `planned_values` entry of `address`."""
    return _one(document["planned_values"]["root_module"]["resources"], address)


def configured(document: dict[str, Any], address: str) -> dict[str, Any]:
    """The `configuration` entry of `address`."""
    return _one(document["configuration"]["root_module"]["resources"], address)


def change(document: dict[str, Any], address: str) -> dict[str, Any]:
    """The `change` of `address` in `resource_changes`."""
    entry: dict[str, Any] = _one(document["resource_changes"], address)["change"]
    return entry


def bucket_with_access_block() -> None:
    bucket = aws.s3.Bucket(
        "data-bucket", bucket="acme-data", tags={"iaccore:cost-center": "1234", "Name": "data"}
    )
    aws.s3.BucketPublicAccessBlock(
        "data-pab",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )
    aws.s3.BucketVersioning(
        "data-versioning",
        bucket=bucket.id,
        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(
            status="Enabled"
        ),
    )
    aws.s3.BucketPolicy(
        "data-policy",
        bucket=bucket.id,
        policy=bucket.arn.apply(
            lambda arn: json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [arn, f"{arn}/*"],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    ],
                }
            )
        ),
    )


@pytest.fixture(scope="module")
def bucket_plan(run_module: Callable[..., Graph]) -> dict[str, Any]:
    return plan(run_module(bucket_with_access_block))


@pytest.fixture(scope="module")
def run_module() -> Callable[..., Graph]:
    from tests import helpers

    return helpers.run


class TestDocument:
    def test_plan_shape(self, bucket_plan: dict[str, Any]) -> None:
        """Format version, one create per resource, provider and configuration sections."""
        assert bucket_plan["format_version"] == FORMAT_VERSION
        addresses = [
            r["address"] for r in bucket_plan["planned_values"]["root_module"]["resources"]
        ]
        assert addresses == [
            "aws_s3_bucket.data_bucket",
            "aws_s3_bucket_policy.data_policy",
            "aws_s3_bucket_public_access_block.data_pab",
            "aws_s3_bucket_versioning.data_versioning",
        ]
        for item in bucket_plan["resource_changes"]:
            assert item["change"]["actions"] == ["create"]
            assert item["change"]["before"] is None
            assert item["provider_name"] == PROVIDER_NAME
            assert item["mode"] == "managed"
        assert [r["address"] for r in bucket_plan["resource_changes"]] == addresses
        configured_addresses = [
            r["address"] for r in bucket_plan["configuration"]["root_module"]["resources"]
        ]
        assert configured_addresses == addresses
        assert bucket_plan["configuration"]["provider_config"]["aws"]["full_name"] == PROVIDER_NAME

    def test_values_are_terraform_attributes(self, bucket_plan: dict[str, Any]) -> None:
        """snake_case names, the one-item block re-nested, tag keys untouched."""
        bucket = planned(bucket_plan, "aws_s3_bucket.data_bucket")
        assert bucket["type"] == "aws_s3_bucket"
        assert bucket["name"] == "data_bucket"
        assert bucket["values"]["bucket"] == "acme-data"
        assert bucket["values"]["tags"]["iaccore:cost-center"] == "1234"
        versioning = planned(bucket_plan, "aws_s3_bucket_versioning.data_versioning")
        assert versioning["values"] == {"versioning_configuration": [{"status": "Enabled"}]}

    def test_reference_to_the_bucket_connects(self, bucket_plan: dict[str, Any]) -> None:
        """`bucket = <bucket>.id` is unknown in the plan and referenced in the configuration."""
        address = "aws_s3_bucket_public_access_block.data_pab"
        pab = planned(bucket_plan, address)
        assert "bucket" not in pab["values"]
        assert pab["values"]["block_public_acls"] is True
        assert change(bucket_plan, address)["after_unknown"] == {"bucket": True}
        assert configured(bucket_plan, address)["expressions"]["bucket"] == {
            "references": ["aws_s3_bucket.data_bucket.id", "aws_s3_bucket.data_bucket"]
        }

    def test_policy_keeps_its_document_and_its_reference(self, bucket_plan: dict[str, Any]) -> None:
        """A policy built from the bucket ARN stays readable and records the reference."""
        policy = planned(bucket_plan, "aws_s3_bucket_policy.data_policy")
        document = json.loads(policy["values"]["policy"])
        assert document["Statement"][0]["Effect"] == "Deny"
        expression = configured(bucket_plan, "aws_s3_bucket_policy.data_policy")["expressions"]
        assert expression["policy"]["references"] == [
            "aws_s3_bucket.data_bucket.arn",
            "aws_s3_bucket.data_bucket",
        ]

    def test_metadata_maps_addresses_back_to_urns(self, bucket_plan: dict[str, Any]) -> None:
        meta = bucket_plan["iaccore"]
        entry = meta["resources"]["aws_s3_bucket.data_bucket"]
        assert entry["type"] == "aws:s3/bucket:Bucket"
        assert entry["urn"].endswith("::aws:s3/bucket:Bucket::data-bucket")
        assert meta["unmapped_types"] == {}
        assert meta["warnings"] == []


def eks_program() -> None:
    role = aws.iam.Role(
        "cluster-role",
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
    vpc = aws.ec2.Vpc("net", cidr_block="10.0.0.0/16")
    subnets = [
        aws.ec2.Subnet(f"net-{zone}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24")
        for i, zone in enumerate("ab")
    ]
    key = aws.kms.Key("secrets", enable_key_rotation=True)
    aws.eks.Cluster(
        "cluster",
        role_arn=role.arn,
        enabled_cluster_log_types=["api", "audit"],
        vpc_config=aws.eks.ClusterVpcConfigArgs(
            subnet_ids=[s.id for s in subnets], endpoint_public_access=False
        ),
        encryption_config=aws.eks.ClusterEncryptionConfigArgs(
            resources=["secrets"],
            provider=aws.eks.ClusterEncryptionConfigProviderArgs(key_arn=key.arn),
        ),
        opts=pulumi.ResourceOptions(depends_on=[key]),
    )


@pytest.fixture(scope="module")
def eks_plan(run_module: Callable[..., Graph]) -> dict[str, Any]:
    return plan(run_module(eks_program))


class TestNestedReferences:
    def test_blocks_are_lists_of_one(self, eks_plan: dict[str, Any]) -> None:
        values = planned(eks_plan, "aws_eks_cluster.cluster")["values"]
        assert values["vpc_config"] == [{"endpoint_public_access": False}]
        assert values["encryption_config"] == [{"provider": [{}], "resources": ["secrets"]}]
        assert values["enabled_cluster_log_types"] == ["api", "audit"]
        assert "role_arn" not in values

    def test_references_inside_blocks(self, eks_plan: dict[str, Any]) -> None:
        """Subnet ids, the KMS key ARN and the role ARN reference their resources."""
        expressions = configured(eks_plan, "aws_eks_cluster.cluster")["expressions"]
        assert expressions["role_arn"] == {
            "references": ["aws_iam_role.cluster_role.arn", "aws_iam_role.cluster_role"]
        }
        assert expressions["vpc_config"][0]["subnet_ids"] == {
            "references": [
                "aws_subnet.net_a.id",
                "aws_subnet.net_a",
                "aws_subnet.net_b.id",
                "aws_subnet.net_b",
            ]
        }
        provider = expressions["encryption_config"][0]["provider"][0]
        assert provider["key_arn"] == {
            "references": ["aws_kms_key.secrets.arn", "aws_kms_key.secrets"]
        }
        unknown = change(eks_plan, "aws_eks_cluster.cluster")["after_unknown"]
        assert unknown["role_arn"] is True
        assert unknown["vpc_config"] == [{"subnet_ids": True}]

    def test_explicit_depends_on_without_reference(self, eks_plan: dict[str, Any]) -> None:
        """The key is referenced, so it is not repeated in depends_on; subnets reference the VPC."""
        assert "depends_on" not in configured(eks_plan, "aws_eks_cluster.cluster")
        subnet = configured(eks_plan, "aws_subnet.net_a")
        assert subnet["expressions"]["vpc_id"]["references"][0] == "aws_vpc.net.id"


def odd_program() -> None:
    aws.appmesh.Mesh("mesh")
    aws.appmesh.Mesh("mesh-2")
    k8s.core.v1.Namespace("apps", metadata={"name": "apps"})
    east = aws.Provider("east", region="us-east-1")
    aws.s3.Bucket("1st bucket", opts=pulumi.ResourceOptions(provider=east))
    aws.s3.Bucket("1st.bucket")
    aws.s3.Bucket("secret-tags", tags={"token": pulumi.Output.secret(CANARY), "team": "payments"})
    aws.ec2.Vpc("literal", cidr_block="10.1.0.0/16")


@pytest.fixture(scope="module")
def odd(run_module: Callable[..., Graph]) -> Graph:
    return run_module(odd_program)


class TestEdgeCases:
    def test_unmapped_aws_types_warn_once_per_type(
        self, odd: Graph, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Unmapped AWS types are left out with one warning each, never an error."""
        with caplog.at_level(logging.WARNING, logger="iaccore.tfplan"):
            document = plan(odd)
        messages = [r.getMessage() for r in caplog.records if r.name == "iaccore.tfplan"]
        assert messages == [
            "tfplan: aws:appmesh/mesh:Mesh: no Terraform type is known for it; its 2 resource(s) "
            "are left out"
        ]
        assert document["iaccore"]["unmapped_types"] == {"aws:appmesh/mesh:Mesh": 2}
        assert document["iaccore"]["warnings"] == [messages[0].removeprefix("tfplan: ")]
        types = {r["type"] for r in document["planned_values"]["root_module"]["resources"]}
        assert types == {"aws_s3_bucket", "aws_vpc"}

    def test_other_packages_are_listed_without_warning(self, odd: Graph) -> None:
        document = plan(odd)
        assert document["iaccore"]["other_types"] == {"kubernetes:core/v1:Namespace": 1}

    def test_names_are_valid_and_unique(self, odd: Graph) -> None:
        """Names become Terraform identifiers; collisions get a numeric suffix."""
        names = sorted(
            r["name"]
            for r in plan(odd)["planned_values"]["root_module"]["resources"]
            if r["type"] == "aws_s3_bucket"
        )
        assert names == ["_1st_bucket", "_1st_bucket_2", "secret_tags"]

    def test_explicit_provider_is_an_aliased_provider_config(self, odd: Graph) -> None:
        document = plan(odd)
        east = document["configuration"]["provider_config"]["aws.east"]
        assert east["alias"] == "east"
        assert east["expressions"] == {"region": {"constant_value": "us-east-1"}}
        keys = {
            r["address"]: r["provider_config_key"]
            for r in document["configuration"]["root_module"]["resources"]
        }
        east_bucket = [a for a, k in keys.items() if k == "aws.east"]
        assert len(east_bucket) == 1
        assert document["iaccore"]["resources"][east_bucket[0]]["urn"].endswith("::1st bucket")

    def test_secrets_stay_masked_and_marked_sensitive(self, odd: Graph) -> None:
        text = render_tfplan(odd)
        assert CANARY not in text
        bucket = planned(json.loads(text), "aws_s3_bucket.secret_tags")
        assert bucket["values"]["tags"] == {"token": "[secret]", "team": "payments"}
        assert bucket["sensitive_values"] == {"tags": True}

    def test_literal_values_are_constants(self, odd: Graph) -> None:
        vpc = configured(plan(odd), "aws_vpc.literal")
        assert vpc["expressions"]["cidr_block"] == {"constant_value": "10.1.0.0/16"}

    def test_a_type_the_sdk_does_not_describe_still_renders(self, odd: Graph) -> None:
        """Without a schema, names are snake_case and blocks stay as they are, with a warning."""
        document = build_plan(odd, schema_of=lambda token: None)
        vpc = planned(document, "aws_vpc.literal")
        assert vpc["values"]["cidr_block"] == "10.1.0.0/16"
        assert any("does not describe it" in w for w in document["iaccore"]["warnings"])

    def test_render_is_deterministic(self, odd: Graph) -> None:
        assert render(odd, "tfplan") == render_tfplan(odd)
        assert render_tfplan(odd) == render_tfplan(odd)

    def test_empty_graph(self) -> None:
        document = json.loads(render_tfplan(Graph([], outputs={})))
        assert document["planned_values"]["root_module"]["resources"] == []
        assert document["resource_changes"] == []


def test_schema_is_cached() -> None:
    """The SDK is read once per type and process."""
    assert resource_schema("aws:s3/bucket:Bucket") is resource_schema("aws:s3/bucket:Bucket")


def test_cli_writes_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`iaccore synth --format tfplan --output` writes the plan of an example."""
    output = tmp_path / "plan.json"
    assert (
        main(
            ["synth", str(EXAMPLE), "--stack", "dev", "--format", "tfplan", "--output", str(output)]
        )
        == 0
    )
    document = json.loads(output.read_text())
    types = {r["type"] for r in document["planned_values"]["root_module"]["resources"]}
    assert {"aws_eks_cluster", "aws_s3_bucket", "aws_vpc"} <= types
    assert document["iaccore"]["unmapped_types"] == {}
    assert f"wrote {output}" in capsys.readouterr().err


def test_resource_typed_inputs_refer_to_the_resource() -> None:
    """A resource passed as an input (`{"$ref": urn, "id": id}` in the graph) is a reference."""
    vpc_urn = "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::core"
    vpc = Resource(
        urn=vpc_urn, type="aws:ec2/vpc:Vpc", name="core", parent=None, custom=True, id="vpc-0abc"
    )
    subnet = Resource(
        urn="urn:pulumi:dev::p::aws:ec2/subnet:Subnet::a",
        type="aws:ec2/subnet:Subnet",
        name="a",
        parent=None,
        custom=True,
        inputs={"vpcId": {"$ref": vpc_urn, "id": "vpc-0abc"}, "cidrBlock": "10.0.0.0/24"},
        property_dependencies={"vpcId": (vpc_urn,), "cidrBlock": ()},
    )
    document = build_plan(Graph([vpc, subnet], outputs={}), schema_of=resource_schema)
    assert planned(document, "aws_subnet.a")["values"] == {"cidr_block": "10.0.0.0/24"}
    assert configured(document, "aws_subnet.a")["expressions"]["vpc_id"] == {
        "references": ["aws_vpc.core.id", "aws_vpc.core"]
    }
