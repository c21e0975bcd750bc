"""The assertion helpers of ``iaccore.testing`` on real SDK resources."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s
import pytest

import iaccore.testing as kit
from iaccore.synth import Graph, IaccoreMocks
from iaccore.testing import (
    assert_all_encrypted,
    assert_no_public_ingress,
    assert_tagged,
    is_taggable,
    synth,
)
from iaccore.testing.assertions import sdk_class
from iaccore.testing.plugin import SynthFixture

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "programs" / "aws_k8s_sample"
TAGS = {"owner": "team-a", "environment": "dev"}


def mixed() -> None:
    vpc = aws.ec2.Vpc("tagged", cidr_block="10.0.0.0/16", tags=TAGS)
    aws.ec2.Subnet("untagged", vpc_id=vpc.id, cidr_block="10.0.1.0/24")  # tags accepted, none
    aws.ec2.Subnet("partial", vpc_id=vpc.id, cidr_block="10.0.2.0/24", tags={"owner": "x"})
    aws.ec2.RouteTableAssociation("assoc", subnet_id="subnet-1", route_table_id="rtb-1")
    k8s.core.v1.Namespace("labelled", metadata={"name": "a", "labels": TAGS})
    k8s.core.v1.ConfigMap("bare", metadata={"name": "b"}, data={"k": "v"})


def test_taggability_comes_from_the_sdk_class() -> None:
    graph = synth(mixed)
    assert sdk_class("aws:ec2/subnet:Subnet") is aws.ec2.Subnet
    assert sdk_class("no:such:Type") is None
    untagged = graph.one("aws:ec2/subnet:Subnet", "untagged")
    assert "tags" not in untagged.inputs
    assert is_taggable(untagged)
    assert not is_taggable(graph.one("aws:ec2/routeTableAssociation:RouteTableAssociation"))
    assert is_taggable(graph.one("kubernetes:core/v1:ConfigMap"))
    assert graph.stack is not None
    assert not is_taggable(graph.stack)


def test_assert_tagged_lists_every_offender_and_missing_key() -> None:
    graph = synth(mixed)
    with pytest.raises(AssertionError) as exc:
        assert_tagged(graph, ["owner", "environment"])
    message = str(exc.value)
    assert message.splitlines()[0] == ("3 of 5 taggable resources lack required tags/labels:")
    assert "aws:ec2/subnet:Subnet::untagged (tags) missing: owner, environment" in message
    assert "aws:ec2/subnet:Subnet::partial (tags) missing: environment" in message
    assert "kubernetes:core/v1:ConfigMap::bare (labels) missing: owner, environment" in message
    assert "tagged (" not in message.replace("untagged (", "")
    assert "RouteTableAssociation" not in message


def test_assert_tagged_filters_by_type() -> None:
    graph = synth(mixed)
    assert_tagged(graph, ["owner", "environment"], types=["aws:ec2/vpc:Vpc"])
    assert_tagged(graph, ["owner"], types=["kubernetes:core/v1:Namespace"])
    with pytest.raises(AssertionError, match="1 of 2 taggable"):
        assert_tagged(graph, ["owner"], types=["kubernetes:*"])


def test_sample_program_is_fully_tagged() -> None:
    assert_tagged(synth(SAMPLE), ["owner", "environment"])


def test_assert_no_public_ingress() -> None:
    def program() -> None:
        sg = aws.ec2.SecurityGroup(
            "open",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp", from_port=22, to_port=22, cidr_blocks=["0.0.0.0/0"]
                )
            ],
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"]
                )
            ],
        )
        aws.ec2.SecurityGroupRule(
            "v6",
            type="ingress",
            security_group_id=sg.id,
            protocol="tcp",
            from_port=443,
            to_port=443,
            ipv6_cidr_blocks=["::/0"],
        )
        aws.ec2.SecurityGroupRule(
            "egress",
            type="egress",
            security_group_id=sg.id,
            protocol="-1",
            from_port=0,
            to_port=0,
            cidr_blocks=["0.0.0.0/0"],
        )
        aws.vpc.SecurityGroupIngressRule(
            "new-style",
            security_group_id=sg.id,
            ip_protocol="tcp",
            from_port=80,
            to_port=80,
            cidr_ipv4="0.0.0.0/0",
        )

    with pytest.raises(AssertionError) as exc:
        assert_no_public_ingress(synth(program))
    lines = str(exc.value).splitlines()
    assert lines[0] == "public ingress found:"
    assert sorted(lines[1:]) == [
        "  aws:ec2/securityGroup:SecurityGroup::open ingress[0]: tcp 22-22 from 0.0.0.0/0 "
        "(opens 0.0.0.0/0)",
        "  aws:ec2/securityGroupRule:SecurityGroupRule::v6 rule: tcp 443-443 from ::/0 "
        "(opens ::/0)",
        "  aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::new-style rule: "
        "tcp 80-80 from 0.0.0.0/0 (opens 0.0.0.0/0)",
    ]
    # the sample only allows ingress from inside the VPC (egress to anywhere is fine)
    assert_no_public_ingress(synth(SAMPLE))


def test_assert_all_encrypted() -> None:
    def program() -> None:
        aws.s3.Bucket("plain")
        encrypted = aws.s3.Bucket("encrypted")
        aws.s3.BucketServerSideEncryptionConfiguration(
            "encrypted",
            bucket=encrypted.id,
            rules=[
                aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                    apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                        sse_algorithm="aws:kms"
                    )
                )
            ],
        )
        aws.ebs.Volume("disk", availability_zone="eu-west-1a", size=10)
        aws.ebs.Volume("safe-disk", availability_zone="eu-west-1a", size=10, encrypted=True)

    with pytest.raises(AssertionError) as exc:
        assert_all_encrypted(synth(program))
    assert str(exc.value).splitlines()[1:] == [
        "  aws:ebs/volume:Volume::disk: encrypted is not true",
        "  aws:s3/bucket:Bucket::plain: no server-side encryption configuration",
    ]


def test_fixtures(iaccore_synth: SynthFixture, iaccore_mocks: IaccoreMocks) -> None:
    iaccore_mocks.override_invoke(
        "aws:index/getCallerIdentity:getCallerIdentity", {"accountId": "999999999999"}
    )

    def program() -> None:
        pulumi.export("account", aws.get_caller_identity().account_id)

    graph: Graph = iaccore_synth(program, mocks=iaccore_mocks)
    assert graph.outputs == {"account": "999999999999"}
    sample = iaccore_synth(SAMPLE, stack="dev", config={"aws-k8s-sample:replicas": 5})
    deployment = sample.one("kubernetes:apps/v1:Deployment", "web")
    assert deployment.inputs["spec"]["replicas"] == 5


def test_lazy_public_names() -> None:
    assert kit.synth is synth
    assert set(kit.__all__) <= set(dir(kit))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = kit.nope


class TestCaptureError:
    def test_bad_config_caught_and_nothing_registered(self) -> None:
        """capture_error returns the ConfigurationError and a graph with nothing registered."""
        from iaccore.aws import SecureBucket
        from iaccore.testing import capture_error

        captured = capture_error(
            lambda: SecureBucket("data", {"versioningg": True}),
            config={"aws:region": "eu-west-1"},
        )
        assert captured.error.key_path == "aws.buckets.data.versioningg"
        assert captured.registered_nothing

    def test_no_error_fails_the_test(self) -> None:
        """A build that raises nothing is an AssertionError naming the expected type."""
        import pulumi

        from iaccore.testing import capture_error

        with pytest.raises(AssertionError, match="expected ConfigurationError"):
            capture_error(lambda: pulumi.export("x", 1))

    def test_something_registered_is_visible(self) -> None:
        """Resources registered before the error show up: registered_nothing is False."""
        import pulumi_aws as aws

        from iaccore.core.errors import ConfigurationError
        from iaccore.testing import capture_error

        def build() -> None:
            aws.s3.Bucket("early")
            raise ConfigurationError("late failure")

        captured = capture_error(build)
        assert not captured.registered_nothing
