"""The aws module's default mocks: realistic, deterministic zones, identities, ids and ARNs."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from iaccore.aws.mocks import AVAILABILITY_ZONES, AWS_MOCKS
from iaccore.aws.module import MODULE
from iaccore.core.modules import load_object
from iaccore.synth import IaccoreMocks, synth_run

ZONES = "aws:index/getAvailabilityZones:getAvailabilityZones"
IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"


def aws_mocks(**kwargs: str) -> IaccoreMocks:
    return IaccoreMocks(contributors=[AWS_MOCKS], **kwargs)


def test_module_hook_is_the_contributor() -> None:
    """The module's `mocks` hook resolves to AWS_MOCKS, and the default mocks use it."""
    assert MODULE.mocks is not None
    assert load_object(MODULE.mocks) is AWS_MOCKS
    assert AWS_MOCKS in IaccoreMocks().contributors()


class TestInvokes:
    def test_zones_follow_region(self) -> None:
        """Availability zones are the region's own."""
        zones = aws_mocks(region="us-west-1").invoke_result(ZONES, {})
        assert zones["names"] == ["us-west-1a", "us-west-1c"]
        assert len(zones["zoneIds"]) == 2

    def test_region_from_config_then_default(self) -> None:
        """Without a region argument, `aws:region` of the stack config, else us-east-1."""
        mocks = aws_mocks()
        assert len(mocks.invoke_result(ZONES, {})["names"]) == len(AVAILABILITY_ZONES["us-east-1"])
        mocks.use_config({"aws:region": "eu-central-1"})
        assert mocks.invoke_result(ZONES, {})["id"] == "eu-central-1"

    def test_caller_identity_is_a_twelve_digit_account(self) -> None:
        """getCallerIdentity returns the configured 12-digit account and an ARN in it."""
        identity = aws_mocks(account_id="210987654321").invoke_result(IDENTITY, {})
        assert identity["accountId"] == "210987654321"
        assert identity["arn"] == "arn:aws:iam::210987654321:user/iaccore-synth"
        assert aws_mocks().invoke_result(IDENTITY, {})["accountId"] == "123456789012"

    def test_partition_setting(self) -> None:
        """The partition setting reaches getPartition and ARNs."""
        mocks = aws_mocks(partition="aws-cn")
        assert mocks.invoke_result("aws:index/getPartition:getPartition", {})["partition"] == (
            "aws-cn"
        )
        assert mocks.invoke_result(IDENTITY, {})["arn"].startswith("arn:aws-cn:iam::")

    def test_ssm_parameter_is_a_stable_ami(self) -> None:
        """An SSM parameter answers a stable AMI id, the same for the same name."""
        name = {"name": "/aws/service/ami"}
        first = aws_mocks().invoke_result("aws:ssm/getParameter:getParameter", name)
        again = aws_mocks().invoke_result("aws:ssm/getParameter:getParameter", name)
        assert first["value"].startswith("ami-")
        assert first == again

    def test_override_wins(self) -> None:
        """A user override replaces the default answer."""
        mocks = aws_mocks()
        mocks.override_invoke("aws:index/getPartition:getPartition", {"partition": "aws-cn"})
        assert mocks.invoke_result("aws:index/getPartition:getPartition", {}) == {
            "partition": "aws-cn"
        }


class TestResources:
    def test_ids_arns_and_regions_per_provider(self) -> None:
        """Prefixed ids, physical names as ids, ARNs in the region of each resource's provider."""

        def program() -> None:
            dr = aws.Provider("dr", region="eu-central-1")
            aws.ec2.Vpc("core", cidr_block="10.0.0.0/16")
            aws.s3.Bucket("logs", bucket="acme-logs")
            aws.kms.Key("far", opts=pulumi.ResourceOptions(provider=dr))
            aws.iam.Role("app", assume_role_policy="{}")

        graph = synth_run(
            program, config={"aws:region": "eu-west-1"}, mocks=aws_mocks(account_id="111122223333")
        ).graph
        vpc = graph.one("aws:ec2/vpc:Vpc")
        assert vpc.id.startswith("vpc-")
        assert vpc.outputs["arn"] == f"arn:aws:ec2:eu-west-1:111122223333:vpc/{vpc.id}"
        bucket = graph.one("aws:s3/bucket:Bucket")
        assert bucket.id == "acme-logs"
        assert bucket.outputs["bucketRegionalDomainName"] == "acme-logs.s3.eu-west-1.amazonaws.com"
        key = graph.one("aws:kms/key:Key")
        assert key.outputs["arn"].startswith("arn:aws:kms:eu-central-1:111122223333:key/")
        role = graph.one("aws:iam/role:Role")
        assert role.id == role.outputs["name"]
        assert role.outputs["arn"] == f"arn:aws:iam::111122223333:role/{role.id}"
