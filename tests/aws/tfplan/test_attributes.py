"""Pulumi names and shapes back to Terraform: snake_case, singular lists, one-item blocks."""

from __future__ import annotations

import pytest

from iaccore.aws.tfplan.attributes import (
    MAP,
    NAME_OVERRIDES,
    VALUE,
    VALUES,
    Attribute,
    Kind,
    convert_value,
    singular,
    snake_case,
    terraform_name,
    to_terraform,
)
from iaccore.aws.tfplan.schema import resource_schema


class TestNames:
    @pytest.mark.parametrize(
        ("camel", "snake"),
        [
            ("bucket", "bucket"),
            ("httpPutResponseHopLimit", "http_put_response_hop_limit"),
            ("cidrIpv4", "cidr_ipv4"),
            ("ipv6CidrBlocks", "ipv6_cidr_blocks"),
            ("userDataBase64", "user_data_base64"),
            ("tagsAll", "tags_all"),
        ],
    )
    def test_snake_case(self, camel: str, snake: str) -> None:
        assert snake_case(camel) == snake

    @pytest.mark.parametrize(
        ("plural", "one"),
        [
            ("rules", "rule"),
            ("identities", "identity"),
            ("inline_policies", "inline_policy"),
            ("global_secondary_indexes", "global_secondary_index"),
            ("ingress", "ingress"),
            ("egress", "egress"),
            ("client_alias", "client_alias"),
            ("source_selection_criterias", "source_selection_criteria"),
        ],
    )
    def test_singular(self, plural: str, one: str) -> None:
        assert singular(plural) == one

    def test_lists_of_blocks_are_singular_values_keep_their_name(self) -> None:
        """Block lists lose the bridge's plural; plain-value lists are plural in Terraform too."""
        blocks = Attribute(Kind.BLOCKS)
        assert terraform_name(
            "rules", blocks, "aws_s3_bucket_lifecycle_configuration", "rules"
        ) == ("rule")
        assert terraform_name("subnetIds", VALUES, "aws_eks_cluster", "vpcConfig.subnetIds") == (
            "subnet_ids"
        )
        assert terraform_name(
            "vpcConfig", Attribute(Kind.BLOCK), "aws_eks_cluster", "vpcConfig"
        ) == ("vpc_config")

    @pytest.mark.parametrize(
        ("name", "tf_name"),
        [
            ("thumbprintLists", "thumbprint_list"),
            ("clientIdLists", "client_id_list"),
            ("defaultAddonsToRemoves", "default_addons_to_remove"),
            ("endsWiths", "ends_with"),
            ("securityGroupIds", "security_group_ids"),
        ],
    )
    def test_value_lists_the_bridge_pluralized(self, name: str, tf_name: str) -> None:
        assert terraform_name(name, VALUES, "aws_any", name) == tf_name

    def test_overrides_are_scoped_by_type_and_path(self) -> None:
        """`networkInterfaces` is plural in launch templates and singular in instances."""
        blocks = Attribute(Kind.BLOCKS)
        assert (
            terraform_name("networkInterfaces", blocks, "aws_launch_template", "networkInterfaces")
            == "network_interfaces"
        )
        assert (
            terraform_name("networkInterfaces", blocks, "aws_instance", "networkInterfaces")
            == "network_interface"
        )
        assert terraform_name("name", VALUE, "aws_lambda_function", "name") == "function_name"
        assert terraform_name("name", VALUE, "aws_iam_role", "name") == "name"

    def test_every_override_names_a_real_attribute(self) -> None:
        """Each typed override's Pulumi path exists in the SDK schema of a mapped type."""
        from iaccore.aws.tfplan.types import TERRAFORM_TYPES

        tokens: dict[str, list[str]] = {}
        for token, tf_type in TERRAFORM_TYPES.items():
            tokens.setdefault(tf_type, []).append(token)
        for (tf_type, path), _ in NAME_OVERRIDES.items():
            if tf_type == "*":
                continue
            found = False
            for token in tokens[tf_type]:
                fields = resource_schema(token) or {}
                attribute = None
                for part in path.split("."):
                    attribute = fields.get(part)
                    fields = attribute.fields if attribute else {}
                found = found or attribute is not None
            assert found, (tf_type, path)


class TestShapes:
    def test_one_item_block_becomes_a_list_of_one(self) -> None:
        schema = {"versioningConfiguration": Attribute(Kind.BLOCK, {"status": VALUE})}
        converted = to_terraform(
            {"bucket": "b", "versioningConfiguration": {"status": "Enabled"}},
            schema,
            "aws_s3_bucket_versioning",
        )
        assert converted == {"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]}

    def test_map_keys_are_never_renamed(self) -> None:
        """Tag keys stay exactly as written, colons, dashes and capitals included."""
        tags = {"iaccore:cost-center": "1234", "Name": "x", "camelKey": "v"}
        assert to_terraform({"tags": tags}, {"tags": MAP}, "aws_vpc") == {"tags": tags}

    def test_values_without_a_schema_keep_their_shape(self) -> None:
        """Unknown attributes get a snake_case name and their value unchanged."""
        value = {"someObject": {"innerKey": 1}}
        assert to_terraform(value, {}, "aws_vpc") == {"some_object": {"innerKey": 1}}

    def test_a_masked_secret_where_a_block_was_expected_stays_masked(self) -> None:
        block = Attribute(Kind.BLOCK, {"password": VALUE})
        assert convert_value("[secret]", block, "aws_db_instance", "masterUserSecret") == "[secret]"

    def test_real_sdk_schema_launch_template(self) -> None:
        """Launch template: metadata_options list of one, block_device_mappings kept plural."""
        schema = resource_schema("aws:ec2/launchTemplate:LaunchTemplate")
        assert schema is not None
        converted = to_terraform(
            {
                "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 1},
                "blockDeviceMappings": [
                    {"deviceName": "/dev/xvda", "ebs": {"encrypted": "true", "volumeSize": 50}}
                ],
                "tagSpecifications": [{"resourceType": "instance", "tags": {"Name": "n"}}],
            },
            schema,
            "aws_launch_template",
        )
        assert converted == {
            "metadata_options": [{"http_tokens": "required", "http_put_response_hop_limit": 1}],
            "block_device_mappings": [
                {"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "volume_size": 50}]}
            ],
            "tag_specifications": [{"resource_type": "instance", "tags": {"Name": "n"}}],
        }

    def test_real_sdk_schema_lifecycle_rules(self) -> None:
        """Lifecycle rules: `rules` -> `rule`, nested one-item blocks, `transitions` singular."""
        schema = resource_schema("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        assert schema is not None
        converted = to_terraform(
            {
                "rules": [
                    {
                        "id": "r",
                        "status": "Enabled",
                        "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
                        "transitions": [{"days": 30, "storageClass": "STANDARD_IA"}],
                    }
                ]
            },
            schema,
            "aws_s3_bucket_lifecycle_configuration",
        )
        assert converted == {
            "rule": [
                {
                    "id": "r",
                    "status": "Enabled",
                    "abort_incomplete_multipart_upload": [{"days_after_initiation": 7}],
                    "transition": [{"days": 30, "storage_class": "STANDARD_IA"}],
                }
            ]
        }
