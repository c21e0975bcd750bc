"""SecureBucket on the mock engine: public access block, encryption, TLS policy, tags, URNs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.aws.iam.role import IamRole
from iaccore.aws.s3.bucket import SecureBucket, grant_policy
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, Resource
from iaccore.testing import assert_all_encrypted, assert_tagged, assert_urns_match, capture_error
from tests.helpers import METADATA_TAGS, PROJECT, run, stack_config

COMPONENT = "iaccore:aws:SecureBucket"
BUCKET = "aws:s3/bucket:Bucket"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LOGGING = "aws:s3/bucketLogging:BucketLogging"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
KMS_KEY = "aws:kms/key:Key"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
SNAPSHOTS = Path(__file__).parent / "snapshots"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ACCOUNT = "123456789012"


def statements(document: str) -> dict[str, dict[str, Any]]:
    return {s.get("Sid", str(i)): s for i, s in enumerate(json.loads(document)["Statement"])}


def build(config: dict[str, Any] | None = None, name: str = "data") -> Graph:
    return run(lambda: SecureBucket(name, config))


def errors_of(config: dict[str, Any]) -> tuple[list[ConfigurationError], Graph]:
    captured = capture_error(
        lambda: SecureBucket("data", config), project=PROJECT, config=stack_config()
    )
    return [captured.error], captured.graph


class TestBucket:
    def test_children_parented_and_named_by_role(self) -> None:
        """Every child has the component as parent and is named `<name>-<role>`."""
        graph = build()
        comp = graph.one(COMPONENT, "data")
        assert sorted(child.name for child in graph.children(comp)) == [
            "data-bucket",
            "data-encryption",
            "data-kms-key",
            "data-lifecycle",
            "data-ownership-controls",
            "data-policy",
            "data-public-access-block",
            "data-versioning",
        ]

    def test_physical_name_is_a_plain_attribute_set_before_registering(self) -> None:
        """physical_name is a str attribute, equal to the bucket's S3 name."""
        seen: dict[str, SecureBucket] = {}

        def program() -> None:
            seen["bucket"] = SecureBucket("data", {"name_prefix": "acme-payments"})

        graph = run(program)
        assert isinstance(seen["bucket"].physical_name, str)
        assert seen["bucket"].physical_name == f"acme-payments-data-{ACCOUNT}-eu-west-1-an"
        assert graph.one(BUCKET).inputs["bucket"] == seen["bucket"].physical_name

    def test_physical_name_from_project_stack_name_account_and_region(self) -> None:
        """Default: `<project>-<stack>-<name>-<account>-<region>-an` in the account regional
        namespace; force_destroy off."""
        bucket = build().one(BUCKET)
        assert bucket.inputs["bucket"] == f"payments-dev-data-{ACCOUNT}-eu-west-1-an"
        assert bucket.inputs["bucketNamespace"] == "account-regional"
        assert bucket.inputs["forceDestroy"] is False

    def test_physical_name_from_prefix_shortened(self) -> None:
        """name_prefix replaces project-stack; long names are shortened within 63 chars."""
        graph = build({"name_prefix": "acme-payments", "force_destroy": True}, name="x" * 70)
        name = graph.one(BUCKET).inputs["bucket"]
        assert name.startswith("acme-payments-xxx")
        assert name.endswith(f"-{ACCOUNT}-eu-west-1-an")
        assert len(name) == 63
        assert graph.one(BUCKET).inputs["forceDestroy"] is True

    def test_sub_resources_target_the_bucket(self) -> None:
        """Each bucket sub-resource points at the bucket's id."""
        graph = build({"access_logging": {"target_bucket": "acme-logs"}})
        for type_ in (PAB, OWNERSHIP, SSE, VERSIONING, POLICY, LOGGING, LIFECYCLE):
            assert graph.one(type_).inputs["bucket"] == graph.one(BUCKET).id, type_


class TestPublicAccess:
    FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")

    def test_all_four_flags_on_by_default(self) -> None:
        """The public access block turns all four flags on."""
        block = build().one(PAB)
        assert {flag: block.inputs[flag] for flag in self.FLAGS} == dict.fromkeys(self.FLAGS, True)

    def test_allow_public_turns_the_block_off_visibly(self) -> None:
        """allow_public registers the block with all four flags off; ownership stays enforced."""
        graph = build({"allow_public": True})
        block = graph.one(PAB)
        assert {flag: block.inputs[flag] for flag in self.FLAGS} == dict.fromkeys(self.FLAGS, False)
        assert graph.one(OWNERSHIP).inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
        assert graph.one(POLICY)

    def test_ownership_enforced(self) -> None:
        """ACLs are disabled: object ownership BucketOwnerEnforced."""
        assert build().one(OWNERSHIP).inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}


class TestEncryption:
    def test_kms_with_created_key_and_bucket_key(self) -> None:
        """Default: aws:kms with a created, rotated key and the bucket key on."""
        graph = build()
        key = graph.one(KMS_KEY)
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == 30
        assert key.parent == graph.one(COMPONENT).urn
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule == {
            "applyServerSideEncryptionByDefault": {
                "sseAlgorithm": "aws:kms",
                "kmsMasterKeyId": key.outputs["arn"],
            },
            "bucketKeyEnabled": True,
        }
        assert_all_encrypted(graph)

    def test_created_key_has_an_explicit_account_policy(self) -> None:
        """The created key has an explicit policy: the account administers it, nothing else."""
        key = build().one(KMS_KEY)
        policy = statements(key.inputs["policy"])
        assert list(policy) == ["AccountAdministration"]
        assert policy["AccountAdministration"]["Principal"] == {
            "AWS": [f"arn:aws:iam::{ACCOUNT}:root"]
        }
        assert key.inputs["description"] == (
            f"Default encryption of S3 bucket payments-dev-data-{ACCOUNT}-eu-west-1-an"
        )

    def test_kms_with_given_key(self) -> None:
        """kms_key_arn is used as is and no key is created."""
        graph = build({"kms_key_arn": KEY_ARN, "bucket_key_enabled": False})
        assert graph.resources(KMS_KEY) == []
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"] == KEY_ARN
        assert rule["bucketKeyEnabled"] is False

    def test_aes256(self) -> None:
        """encryption AES256: SSE-S3, no key, no bucket key setting."""
        graph = build({"encryption": "AES256"})
        assert graph.resources(KMS_KEY) == []
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule == {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}

    def test_key_arn_with_aes256_is_refused(self) -> None:
        """kms_key_arn with AES256 is a ConfigurationError naming aws.buckets.<name>."""
        errors, graph = errors_of({"encryption": "AES256", "kms_key_arn": KEY_ARN})
        assert [e.key_path for e in errors] == ["aws.buckets.data"]
        assert "kms_key_arn needs encryption 'aws:kms'" in str(errors[0])
        assert graph.resources(COMPONENT) == []
        assert graph.custom_resources() == []


class TestVersioningAndPolicy:
    @pytest.mark.parametrize(("versioning", "status"), [(True, "Enabled"), (False, "Suspended")])
    def test_versioning(self, versioning: bool, status: str) -> None:
        """Versioning Enabled by default, Suspended when turned off."""
        graph = build({"versioning": versioning})
        assert graph.one(VERSIONING).inputs["versioningConfiguration"] == {"status": status}

    def test_tls_only_policy(self) -> None:
        """The bucket policy denies every request without TLS on the bucket and its objects."""
        graph = build()
        document = json.loads(graph.one(POLICY).inputs["policy"])
        arn = graph.one(BUCKET).outputs["arn"]
        assert document["Version"] == "2012-10-17"
        assert document["Statement"] == [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": ["s3:*"],
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
            }
        ]

    def test_policy_waits_for_the_public_access_block(self) -> None:
        """The policy depends on the public access block; lifecycle on versioning."""
        graph = build()
        assert graph.one(PAB).urn in graph.one(POLICY).dependencies
        assert graph.one(VERSIONING).urn in graph.one(LIFECYCLE).dependencies


class TestLogDelivery:
    def test_bucket_policy_is_tls_only_plus_delivery(self) -> None:
        """log_delivery: TLS-only deny plus write/ACL-check for this account's log delivery."""
        graph = build({"log_delivery": True})
        arn = graph.one(BUCKET).outputs["arn"]
        policy = statements(graph.one(POLICY).inputs["policy"])
        assert list(policy) == ["DenyInsecureTransport", "LogDeliveryWrite", "LogDeliveryAclCheck"]
        write = policy["LogDeliveryWrite"]
        assert write["Principal"] == {"Service": ["delivery.logs.amazonaws.com"]}
        assert write["Action"] == ["s3:PutObject"]
        assert write["Resource"] == [f"{arn}/AWSLogs/{ACCOUNT}/*"]
        assert write["Condition"] == {
            "ArnLike": {"aws:SourceArn": [f"arn:aws:logs:eu-west-1:{ACCOUNT}:*"]},
            "StringEquals": {
                "aws:SourceAccount": [ACCOUNT],
                "s3:x-amz-acl": ["bucket-owner-full-control"],
            },
        }
        check = policy["LogDeliveryAclCheck"]
        assert check["Action"] == ["s3:GetBucketAcl", "s3:ListBucket"]
        assert check["Resource"] == [arn]
        assert check["Condition"]["StringEquals"] == {"aws:SourceAccount": [ACCOUNT]}

    def test_key_policy_lets_delivery_use_the_key(self) -> None:
        """log_delivery adds a key statement for the delivery service of this account only."""
        policy = statements(build({"log_delivery": True}).one(KMS_KEY).inputs["policy"])
        assert list(policy) == ["AccountAdministration", "LogDeliveryUse"]
        use = policy["LogDeliveryUse"]
        assert use["Principal"] == {"Service": ["delivery.logs.amazonaws.com"]}
        assert "kms:GenerateDataKey*" in use["Action"]
        assert "kms:*" not in use["Action"]
        assert use["Condition"] == {
            "ArnLike": {"aws:SourceArn": [f"arn:aws:logs:eu-west-1:{ACCOUNT}:*"]},
            "StringEquals": {"aws:SourceAccount": [ACCOUNT]},
        }

    def test_aes256_delivery_has_no_key(self) -> None:
        """With AES256 there is no key; the bucket policy still admits log delivery."""
        graph = build({"log_delivery": True, "encryption": "AES256"})
        assert graph.resources(KMS_KEY) == []
        assert "LogDeliveryWrite" in statements(graph.one(POLICY).inputs["policy"])


class TestLoggingAndLifecycle:
    def test_no_logging_by_default(self) -> None:
        """Access logging is off unless configured."""
        assert build().resources(LOGGING) == []

    def test_logging(self) -> None:
        """access_logging maps onto BucketLogging target bucket and prefix."""
        graph = build({"access_logging": {"target_bucket": "acme-logs", "prefix": "data/"}})
        inputs = graph.one(LOGGING).inputs
        assert (inputs["targetBucket"], inputs["targetPrefix"]) == ("acme-logs", "data/")

    def test_default_rule_aborts_incomplete_uploads(self) -> None:
        """The default lifecycle rule aborts incomplete multipart uploads after 7 days."""
        assert build().one(LIFECYCLE).inputs["rules"] == [
            {
                "id": "abort-incomplete-multipart-uploads",
                "status": "Enabled",
                "filter": {},
                "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
            }
        ]

    def test_rules_mapped(self) -> None:
        """Expiration, noncurrent expiration, transitions, prefix and status map field by field."""
        rules = [
            {
                "id": "logs",
                "prefix": "logs/",
                "expiration_days": 365,
                "noncurrent_version_expiration_days": 30,
                "transitions": [
                    {"days": 30, "storage_class": "STANDARD_IA"},
                    {"days": 90, "storage_class": "GLACIER"},
                ],
                "abort_incomplete_multipart_upload_days": None,
            },
            {"id": "off", "enabled": False, "expiration_days": 10},
        ]
        assert build({"lifecycle_rules": rules}).one(LIFECYCLE).inputs["rules"] == [
            {
                "id": "logs",
                "status": "Enabled",
                "filter": {"prefix": "logs/"},
                "expiration": {"days": 365},
                "noncurrentVersionExpiration": {"noncurrentDays": 30},
                "transitions": [
                    {"days": 30, "storageClass": "STANDARD_IA"},
                    {"days": 90, "storageClass": "GLACIER"},
                ],
            },
            {
                "id": "off",
                "status": "Disabled",
                "filter": {},
                "expiration": {"days": 10},
                "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
            },
        ]

    def test_no_rules_no_lifecycle_resource(self) -> None:
        """An empty rule list registers no lifecycle configuration."""
        assert build({"lifecycle_rules": []}).resources(LIFECYCLE) == []


class TestGrants:
    def test_grant_read_and_write(self) -> None:
        """grant_read/grant_write add inline role policies scoped to the bucket and its key."""

        def program() -> None:
            bucket = SecureBucket("data")
            role = aws.iam.Role("app", assume_role_policy="{}")
            bucket.grant_read(role)
            bucket.grant_write(role)

        graph = run(program)
        comp = graph.one(COMPONENT)
        arn = graph.one(BUCKET).outputs["arn"]
        key_arn = graph.one(KMS_KEY).outputs["arn"]
        read = graph.one(ROLE_POLICY, "data-grant-read-app")
        write = graph.one(ROLE_POLICY, "data-grant-write-app")
        assert read.parent == write.parent == comp.urn
        assert read.inputs["role"] == graph.one("aws:iam/role:Role", "app").id
        assert json.loads(read.inputs["policy"]) == grant_policy(arn, key_arn, "read").to_dict()
        statements = json.loads(write.inputs["policy"])["Statement"]
        assert statements[0]["Action"] == [
            "s3:AbortMultipartUpload",
            "s3:DeleteObject",
            "s3:PutObject",
        ]
        assert statements[0]["Resource"] == [f"{arn}/*"]
        assert statements[1] == {
            "Sid": "UseBucketKey",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [key_arn],
        }

    def test_grant_to_an_iam_role_component(self) -> None:
        """A grant to an IamRole targets its aws.iam.Role and is named after the component."""

        def program() -> None:
            bucket = SecureBucket("data", {"encryption": "AES256"})
            role = IamRole.for_service("app", "lambda.amazonaws.com")
            bucket.grant_read(role)

        graph = run(program)
        read = graph.one(ROLE_POLICY, "data-grant-read-app")
        assert read.inputs["role"] == graph.one("aws:iam/role:Role", "app-role").id
        assert [s["Sid"] for s in json.loads(read.inputs["policy"])["Statement"]] == [
            "ReadObjects",
            "ListBucket",
        ]

    def test_grant_without_kms(self) -> None:
        """With AES256 the grant has no KMS statement."""
        doc = grant_policy("arn:aws:s3:::b", None, "read").to_dict()
        assert [s["Sid"] for s in doc["Statement"]] == ["ReadObjects", "ListBucket"]
        with pytest.raises(ValueError, match="access must be 'read' or 'write'"):
            grant_policy("arn:aws:s3:::b", None, "admin")


class TestOptionsTagsAndUrns:
    def test_every_taggable_child_carries_metadata_tags(self) -> None:
        """Bucket and KMS key carry the metadata, stack and Name tags."""
        graph = build({"access_logging": {"target_bucket": "acme-logs"}})
        assert_tagged(graph, METADATA_TAGS)
        assert graph.one(BUCKET).inputs["tags"]["Name"] == "data-bucket"
        assert graph.one(KMS_KEY).inputs["tags"]["Name"] == "data-kms-key"

    def test_protect_reaches_every_child(self) -> None:
        """protect on the component reaches every child."""
        graph = run(lambda: SecureBucket("data", opts=pulumi.ResourceOptions(protect=True)))
        children = graph.children(graph.one(COMPONENT))
        assert children
        assert all(child.protect for child in children)

    def test_role_options_reach_role(self) -> None:
        """resource_options of a role reach only that role's children."""
        graph = build({"resource_options": {"bucket": {"ignore_changes": ["tags"]}}})
        assert graph.one(BUCKET).ignore_changes == ("tags",)
        assert graph.one(PAB).ignore_changes == ()

    def test_explicit_provider_reaches_children(self) -> None:
        """An explicit provider in opts is the provider of every child."""

        def program() -> None:
            provider = aws.Provider("dr", region="eu-central-1")
            SecureBucket("data", opts=pulumi.ResourceOptions(provider=provider))

        graph = run(program)
        children: list[Resource] = graph.descendants(graph.one(COMPONENT))
        assert children
        assert {child.provider_urn for child in children} == {
            graph.one("pulumi:providers:aws", "dr").urn
        }
        assert graph.one(KMS_KEY).outputs["arn"].startswith("arn:aws:kms:eu-central-1:")

    def test_urn_snapshot(self) -> None:
        """URNs match the committed snapshot (renames need aliases)."""
        graph = build({"access_logging": {"target_bucket": "acme-logs"}})
        assert_urns_match(graph, SNAPSHOTS / "secure_bucket.txt")

    def test_importable_from_iaccore_aws(self) -> None:
        """SecureBucket is exported lazily from iaccore.aws."""
        import iaccore.aws

        assert iaccore.aws.SecureBucket is SecureBucket
