"""SecureBucket on the mock engine: names per namespace, access-log targets, retention, grants."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.aws.iam.role import IamRole
from iaccore.aws.s3.bucket import SecureBucket
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth
from iaccore.testing import capture_error
from tests.helpers import PROJECT, REGION, run, stack_config

ACCOUNT = "123456789012"
COMPONENT = "iaccore:aws:SecureBucket"
BUCKET = "aws:s3/bucket:Bucket"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LOGGING = "aws:s3/bucketLogging:BucketLogging"
KMS_KEY = "aws:kms/key:Key"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def aws_section(**keys: Any) -> dict[str, Any]:
    """The test stack config with extra ``iaccore:aws`` keys."""
    section = {**stack_config()["iaccore:aws"], **keys}
    return stack_config(**{"iaccore:aws": section})


def error_of(build: Any, **aws: Any) -> tuple[ConfigurationError, Graph]:
    captured = capture_error(build, project=PROJECT, config=aws_section(**aws))
    return captured.error, captured.graph


def statements(document: str) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in json.loads(document)["Statement"]}


class TestNames:
    def test_global_namespace(self) -> None:
        """namespace global: no -an suffix, bucketNamespace global stated."""
        bucket = run(lambda: SecureBucket("data", {"namespace": "global"})).one(BUCKET)
        assert bucket.inputs["bucket"] == f"payments-dev-data-{ACCOUNT}-{REGION}"
        assert bucket.inputs["bucketNamespace"] == "global"

    def test_explicit_name(self) -> None:
        """bucket_name is used as is and is the physical_name."""
        seen: list[SecureBucket] = []
        name = f"acme-data-{ACCOUNT}-{REGION}-an"
        graph = run(lambda: seen.append(SecureBucket("data", {"bucket_name": name})))
        assert graph.one(BUCKET).inputs["bucket"] == seen[0].physical_name == name

    def test_named_provider_region_in_the_name(self) -> None:
        """A bucket on the dr provider carries dr's region in its name."""
        config = aws_section(providers={"dr": {"region": "eu-central-1"}})
        graph = synth(
            lambda: SecureBucket("data", {"provider": "dr"}), project=PROJECT, config=config
        )
        assert graph.one(BUCKET).inputs["bucket"] == f"payments-dev-data-{ACCOUNT}-eu-central-1-an"

    def test_explicit_name_of_another_region_is_refused(self) -> None:
        """An account-regional name must match the provider's account and region."""
        name = f"acme-data-{ACCOUNT}-eu-central-1-an"
        err, graph = error_of(lambda: SecureBucket("data", {"bucket_name": name}))
        assert err.key_path == "aws.buckets.data.bucket_name"
        assert graph.custom_resources() == []

    def test_region_without_account_regional_namespace(self) -> None:
        """In me-south-1 the default namespace is refused, naming `namespace`; nothing created."""
        config = aws_section(providers={"bh": {"region": "me-south-1"}})
        captured = capture_error(
            lambda: SecureBucket("data", {"provider": "bh"}), project=PROJECT, config=config
        )
        assert captured.error.key_path == "aws.buckets.data.namespace"
        assert captured.graph.resources(COMPONENT) == []
        graph = synth(
            lambda: SecureBucket("data", {"provider": "bh", "namespace": "global"}),
            project=PROJECT,
            config=config,
        )
        assert graph.one(BUCKET).inputs["bucket"].endswith("-me-south-1")


class TestAccessLogTarget:
    def test_target_policy_and_sse_s3(self) -> None:
        """access_log_target: AES256, and the logging service may put under access-logs/."""
        graph = run(lambda: SecureBucket("logs", {"access_log_target": True}))
        assert graph.resources(KMS_KEY) == []
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule == {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
        arn = graph.one(BUCKET).outputs["arn"]
        policy = statements(graph.one(POLICY).inputs["policy"])
        assert list(policy) == ["DenyInsecureTransport", "S3ServerAccessLogsWrite"]
        assert policy["S3ServerAccessLogsWrite"] == {
            "Sid": "S3ServerAccessLogsWrite",
            "Effect": "Allow",
            "Principal": {"Service": ["logging.s3.amazonaws.com"]},
            "Action": ["s3:PutObject"],
            "Resource": [f"{arn}/access-logs/*"],
            "Condition": {"StringEquals": {"aws:SourceAccount": [ACCOUNT]}},
        }

    def test_one_key_turns_logging_on(self) -> None:
        """access_log_bucket= logs into the target under access-logs/<source>/, after its policy."""

        def program() -> None:
            logs = SecureBucket("logs", {"access_log_target": True})
            SecureBucket("data", access_log_bucket=logs)

        graph = run(program)
        logging = graph.one(LOGGING)
        target = graph.one(BUCKET, "logs-bucket")
        source = graph.one(BUCKET, "data-bucket")
        assert logging.inputs["bucket"] == source.id
        assert logging.inputs["targetBucket"] == target.inputs["bucket"]
        assert logging.inputs["targetPrefix"] == f"access-logs/{source.inputs['bucket']}/"
        assert graph.one(POLICY, "logs-policy").urn in logging.dependencies
        assert logging.parent == graph.one(COMPONENT, "data").urn

    def test_named_target_and_prefix(self) -> None:
        """access_logging.target_bucket names an external bucket; the prefix default is derived."""
        graph = run(
            lambda: SecureBucket("data", {"access_logging": {"target_bucket": "acme-logs"}})
        )
        inputs = graph.one(LOGGING).inputs
        assert inputs["targetBucket"] == "acme-logs"
        assert inputs["targetPrefix"] == f"access-logs/payments-dev-data-{ACCOUNT}-{REGION}-an/"

    def test_target_must_be_a_log_target(self) -> None:
        """A bucket without access_log_target cannot receive logs: error at its key."""
        created: list[SecureBucket] = []

        def build() -> None:
            created.append(SecureBucket("plain"))
            SecureBucket("data", access_log_bucket=created[0])

        err, graph = error_of(build)
        assert err.key_path == "aws.buckets.plain.access_log_target"
        assert graph.resources(COMPONENT, name="data") == []
        assert graph.resources(LOGGING) == []

    def test_prefix_outside_the_target_policy_is_refused(self) -> None:
        """A log prefix the target's policy does not admit would lose every log: refused."""

        def build() -> None:
            logs = SecureBucket("logs", {"access_log_target": True})
            SecureBucket(
                "data", {"access_logging": {"prefix": "s3-logs/data/"}}, access_log_bucket=logs
            )

        err, graph = error_of(build)
        assert err.key_path == "aws.buckets.data.access_logging.prefix"
        assert "access-logs/" in err.message
        assert graph.resources(COMPONENT, name="data") == []
        assert graph.resources(LOGGING) == []

    def test_prefix_under_the_target_policy_is_kept(self) -> None:
        """A custom prefix under access-logs/ is passed to S3 as given."""

        def build() -> None:
            logs = SecureBucket("logs", {"access_log_target": True})
            SecureBucket(
                "data",
                {"access_logging": {"prefix": "access-logs/team-a/"}},
                access_log_bucket=logs,
            )

        graph = run(build)
        assert graph.one(LOGGING).inputs["targetPrefix"] == "access-logs/team-a/"

    def test_target_in_another_region_is_refused(self) -> None:
        """S3 server access logs stay in the source's region: a dr target is refused."""

        def build() -> None:
            logs = SecureBucket("logs", {"access_log_target": True, "provider": "dr"})
            SecureBucket("data", access_log_bucket=logs)

        err, graph = error_of(build, providers={"dr": {"region": "eu-central-1"}})
        assert err.key_path == "aws.buckets.data.access_logging.target_bucket"
        assert "same provider" in str(err.expected)
        assert graph.resources(COMPONENT, name="data") == []

    @pytest.mark.parametrize(
        ("config", "fragment"),
        [
            ({"access_logging": {}}, "access_logging needs a target bucket"),
            (
                {"access_logging": {"target_bucket": f"payments-dev-data-{ACCOUNT}-{REGION}-an"}},
                "cannot receive its own server access logs",
            ),
        ],
    )
    def test_bad_logging(self, config: dict[str, Any], fragment: str) -> None:
        """No target, or itself as target: a ConfigurationError, nothing created."""
        err, graph = error_of(lambda: SecureBucket("data", config))
        assert err.key_path == "aws.buckets.data.access_logging.target_bucket"
        assert fragment in err.message
        assert graph.custom_resources() == []

    def test_named_target_and_wiring_together_refused(self) -> None:
        """target_bucket and access_log_bucket= together are ambiguous."""

        def build() -> None:
            logs = SecureBucket("logs", {"access_log_target": True})
            SecureBucket(
                "data", {"access_logging": {"target_bucket": "acme-logs"}}, access_log_bucket=logs
            )

        err, graph = error_of(build)
        assert "not both" in err.message
        assert graph.resources(COMPONENT, name="data") == []


class TestRetention:
    DATA_TYPES = (BUCKET, PAB, SSE, POLICY, KMS_KEY)

    def test_bucket_settings_and_key_retained_by_default(self) -> None:
        """Every child of the bucket is retained on delete; force_destroy stays off."""
        graph = run(lambda: SecureBucket("data"))
        children = graph.descendants(graph.one(COMPONENT))
        assert {r.type for r in children} >= set(self.DATA_TYPES)
        assert all(r.retain_on_delete for r in children)
        assert graph.one(BUCKET).inputs["forceDestroy"] is False

    def test_section_switch_opts_out(self) -> None:
        """iaccore:aws.retain_data_on_delete: false retains nothing."""
        graph = synth(
            lambda: SecureBucket("data"),
            project=PROJECT,
            config=aws_section(retain_data_on_delete=False),
        )
        assert not any(r.retain_on_delete for r in graph.custom_resources())

    def test_role_option_and_component_option_win(self) -> None:
        """A role's retain_on_delete and the component's opts win over the default."""
        graph = run(
            lambda: SecureBucket(
                "data", {"resource_options": {"kms_key": {"retain_on_delete": False}}}
            )
        )
        assert graph.one(KMS_KEY).retain_on_delete is False
        assert graph.one(BUCKET).retain_on_delete is True
        graph = run(
            lambda: SecureBucket("data", opts=pulumi.ResourceOptions(retain_on_delete=False))
        )
        assert not any(r.retain_on_delete for r in graph.custom_resources())

    def test_grants_are_not_data(self) -> None:
        """A grant (an identity policy on someone's role) is not retained."""

        def program() -> None:
            role = aws.iam.Role("app", assume_role_policy="{}")
            SecureBucket("data").grant_read(role)

        assert run(program).one(ROLE_POLICY).retain_on_delete is False

    def test_key_deletion_window_from_the_section(self) -> None:
        """iaccore:aws.kms_deletion_window_days sets every created key's window."""
        graph = synth(
            lambda: SecureBucket("data"),
            project=PROJECT,
            config=aws_section(kms_deletion_window_days=7),
        )
        assert graph.one(KMS_KEY).inputs["deletionWindowInDays"] == 7

    @pytest.mark.parametrize("days", [6, 31])
    def test_key_deletion_window_outside_kms_limits(self, days: int) -> None:
        """A window outside 7..30 is refused at aws.kms_deletion_window_days."""
        with pytest.raises(ConfigurationError) as info:
            synth(
                lambda: SecureBucket("data"),
                project=PROJECT,
                config=aws_section(kms_deletion_window_days=days),
            )
        assert info.value.key_path == "aws.kms_deletion_window_days"


class TestGrants:
    def test_grant_to_a_role_from_config(self) -> None:
        """An IamRole built from aws.iam_roles gets a read grant on the bucket."""
        role_config = {"trust": {"services": ["ec2.amazonaws.com"]}}

        def program() -> None:
            import iaccore

            stack = iaccore.load_stack()
            role = IamRole("reader", stack.aws.iam_roles["reader"])
            SecureBucket("data").grant_read(role)

        graph = synth(
            program, project=PROJECT, config=aws_section(iam_roles={"reader": role_config})
        )
        grant = graph.one(ROLE_POLICY, "data-grant-read-reader")
        assert grant.inputs["role"] == graph.one("aws:iam/role:Role", "reader-role").id
        assert "s3:GetObject" in grant.inputs["policy"]

    @pytest.mark.parametrize("role", ["arn:aws:iam::123456789012:role/app", None, 3])
    def test_grant_to_something_else_is_a_type_error(self, role: Any) -> None:
        """A role ARN string (or anything else) is refused with the accepted types named."""

        def build() -> None:
            SecureBucket("data").grant_write(role)

        captured = capture_error(build, error=TypeError, project=PROJECT, config=stack_config())
        assert "takes an IamRole or an aws.iam.Role" in str(captured.error)
        assert captured.graph.resources(ROLE_POLICY) == []
