"""The type table and the attribute shapes read from the pulumi_aws SDK."""

from __future__ import annotations

import pytest

from iaccore.aws.module import MODULE
from iaccore.aws.tfplan import RENDERERS, TERRAFORM_TYPES, render_tfplan, terraform_type
from iaccore.aws.tfplan.attributes import Kind
from iaccore.aws.tfplan.schema import resource_class, resource_schema
from iaccore.core.modules import load_object


class TestTypes:
    @pytest.mark.parametrize(
        ("token", "tf_type"),
        [
            ("aws:s3/bucket:Bucket", "aws_s3_bucket"),
            ("aws:s3/bucketV2:BucketV2", "aws_s3_bucket"),
            ("aws:ec2/instance:Instance", "aws_instance"),
            ("aws:ec2/securityGroup:SecurityGroup", "aws_security_group"),
            ("aws:eks/cluster:Cluster", "aws_eks_cluster"),
            (
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                "aws_iam_openid_connect_provider",
            ),
            ("aws:lb/loadBalancer:LoadBalancer", "aws_lb"),
            ("aws:rds/instance:Instance", "aws_db_instance"),
            ("aws:lambda/function:Function", "aws_lambda_function"),
            ("aws:appmesh/mesh:Mesh", None),
            ("kubernetes:core/v1:Namespace", None),
        ],
    )
    def test_terraform_type(self, token: str, tf_type: str | None) -> None:
        """Known tokens map to their Terraform type; others to None, never a guess."""
        assert terraform_type(token) == tf_type

    def test_every_token_is_a_pulumi_aws_resource_class(self) -> None:
        """Each token of the table names a resource class of the installed SDK."""
        missing = [token for token in TERRAFORM_TYPES if resource_class(token) is None]
        assert missing == []

    def test_terraform_types_look_like_terraform_types(self) -> None:
        """Every target is an `aws_` snake_case name."""
        for tf_type in TERRAFORM_TYPES.values():
            assert tf_type.startswith("aws_")
            assert tf_type == tf_type.lower()
            assert " " not in tf_type

    def test_renderer_hook(self) -> None:
        """The aws module's `renderers` hook offers `tfplan`."""
        assert MODULE.renderers == "iaccore.aws.tfplan:RENDERERS"
        assert load_object(MODULE.renderers) is RENDERERS
        assert {"tfplan": render_tfplan} == RENDERERS


class TestSchema:
    def test_one_item_blocks_and_lists_of_blocks(self) -> None:
        """Objects are BLOCKs, lists of objects BLOCKS, maps MAP, lists of strings VALUES."""
        schema = resource_schema("aws:eks/cluster:Cluster")
        assert schema is not None
        assert schema["vpcConfig"].kind is Kind.BLOCK
        assert schema["vpcConfig"].fields["subnetIds"].kind is Kind.VALUES
        assert schema["encryptionConfig"].fields["provider"].kind is Kind.BLOCK
        assert schema["identities"].kind is Kind.BLOCKS
        assert schema["identities"].fields["oidcs"].kind is Kind.BLOCKS
        assert schema["tags"].kind is Kind.MAP
        assert schema["version"].kind is Kind.VALUE

    def test_nested_blocks_inside_lists(self) -> None:
        """The S3 encryption rule list holds a one-item default-encryption block."""
        schema = resource_schema(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
        )
        assert schema is not None
        rules = schema["rules"]
        assert rules.kind is Kind.BLOCKS
        assert rules.fields["applyServerSideEncryptionByDefault"].kind is Kind.BLOCK

    def test_keyword_module_and_unknown_tokens(self) -> None:
        """`lambda` resolves to the SDK's `lambda_` module; unknown tokens give None."""
        assert resource_class("aws:lambda/function:Function") is not None
        assert resource_class("aws:nosuch/thing:Thing") is None
        assert resource_class("aws:s3/bucket:NoSuchClass") is None
        assert resource_class("kubernetes:core/v1:Namespace") is None
        assert resource_schema("aws:nosuch/thing:Thing") is None

    def test_recursive_types_are_cut(self) -> None:
        """WAF statements nest themselves; reading them terminates."""
        schema = resource_schema("aws:wafv2/webAcl:WebAcl")
        assert schema is not None
        assert schema["rules"].kind is Kind.BLOCKS
