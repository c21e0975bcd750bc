"""References rebuilt as a first `terraform plan` records them (pure functions)."""

from __future__ import annotations

from iaccore.aws.tfplan.references import UNKNOWN_TEXT, Target, resolve_block

BUCKET = Target(
    "aws_s3_bucket.logs", {"id": "logs-bucket", "arn": "arn:aws:s3:::logs-bucket", "name": "x"}
)
SUBNET_A = Target("aws_subnet.a", {"id": "subnet-0aaa"})
SUBNET_B = Target("aws_subnet.b", {"id": "subnet-0bbb"})


class TestResolve:
    def test_equal_to_a_dependency_is_an_unknown_reference(self) -> None:
        """Terraform cannot know another resource's id before it exists: the value is unknown."""
        known, unknown, expressions = resolve_block(
            {"bucket": "logs-bucket", "block_public_acls": True}, {"bucket": (BUCKET,)}, {}
        )
        assert known == {"block_public_acls": True}
        assert unknown == {"bucket": True}
        assert expressions == {
            "bucket": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]},
            "block_public_acls": {"constant_value": True},
        }

    def test_the_most_specific_attribute_is_named(self) -> None:
        """An ARN value references `.arn`, not the resource alone."""
        _, _, expressions = resolve_block(
            {"source_arn": "arn:aws:s3:::logs-bucket"}, {"source_arn": (BUCKET,)}, {}
        )
        assert expressions["source_arn"]["references"][0] == "aws_s3_bucket.logs.arn"

    def test_lists_of_ids_reference_every_resource(self) -> None:
        known, unknown, expressions = resolve_block(
            {"subnet_ids": ["subnet-0aaa", "subnet-0bbb"]},
            {"subnet_ids": (SUBNET_A, SUBNET_B)},
            {},
        )
        assert known == {}
        assert unknown == {"subnet_ids": True}
        assert expressions["subnet_ids"] == {
            "references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"]
        }

    def test_nested_blocks_carry_their_references(self) -> None:
        """A reference inside a one-item block is recorded at its place in the block."""
        known, unknown, expressions = resolve_block(
            {"vpc_config": [{"subnet_ids": ["subnet-0aaa"], "endpoint_public_access": False}]},
            {"vpc_config": (SUBNET_A,)},
            {},
        )
        assert known == {"vpc_config": [{"endpoint_public_access": False}]}
        assert unknown == {"vpc_config": [{"subnet_ids": True}]}
        assert expressions["vpc_config"] == [
            {
                "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]},
                "endpoint_public_access": {"constant_value": False},
            }
        ]

    def test_a_document_quoting_an_arn_keeps_its_value(self) -> None:
        """Policies stay readable for policy checks and still record what they refer to."""
        policy = '{"Resource": "arn:aws:s3:::logs-bucket/*"}'
        known, unknown, expressions = resolve_block({"policy": policy}, {"policy": (BUCKET,)}, {})
        assert known == {"policy": policy}
        assert unknown == {}
        assert expressions["policy"] == {
            "references": ["aws_s3_bucket.logs.arn", "aws_s3_bucket.logs"]
        }

    def test_fallback_only_without_dependencies(self) -> None:
        """A literal equal to a known id refers to it only when the attribute has no deps."""
        fallback = {"subnet-0aaa": "aws_subnet.a.id"}
        _, unknown, _ = resolve_block({"subnet_id": "subnet-0aaa"}, {}, fallback)
        assert unknown == {"subnet_id": True}
        known, unknown, _ = resolve_block(
            {"subnet_id": "subnet-0aaa"}, {"subnet_id": (SUBNET_B,)}, fallback
        )
        assert known == {"subnet_id": "subnet-0aaa"}
        assert unknown == {}

    def test_unknown_values_are_left_out(self) -> None:
        known, unknown, expressions = resolve_block(
            {"endpoint": UNKNOWN_TEXT, "ips": ["10.0.0.1", UNKNOWN_TEXT], "name": "n"}, {}, {}
        )
        assert known == {"name": "n"}
        assert unknown == {"endpoint": True, "ips": True}
        assert expressions["endpoint"] == {}

    def test_short_ids_are_not_found_inside_text(self) -> None:
        """Only ids and ARNs of a dozen characters or more count when quoted in text."""
        short = Target("aws_vpc.v", {"id": "vpc-1"})
        known, _, expressions = resolve_block(
            {"description": "for vpc-1 only"}, {"description": (short,)}, {}
        )
        assert known == {"description": "for vpc-1 only"}
        assert expressions["description"] == {"constant_value": "for vpc-1 only"}


def test_unknown_text_is_the_graphs() -> None:
    """The marker of unknown values is the one the engine writes into the graph."""
    from iaccore.synth.values import UNKNOWN

    assert UNKNOWN == UNKNOWN_TEXT
