"""Unit tests of BucketConfig and its lifecycle models (iaccore.aws.s3.config)."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.aws.s3.config import STORAGE_CLASSES, BucketConfig, LifecycleRule
from tests.aws.conftest import Reject


def _bucket(reject: Reject, **bucket: Any) -> Any:
    return reject({"buckets": {"data": bucket}})


class TestBucket:
    """BucketConfig."""

    def test_defaults(self) -> None:
        """Versioned, KMS with bucket key, private, abort rule, no force destroy."""
        cfg = BucketConfig()
        assert cfg.versioning is True
        assert cfg.encryption == "aws:kms"
        assert cfg.bucket_key_enabled is True
        assert cfg.kms_key_arn is None
        assert cfg.access_logging is None
        assert cfg.force_destroy is False
        assert cfg.allow_public is False
        assert cfg.name_prefix is None
        assert cfg.lifecycle_rules == (LifecycleRule(id="abort-incomplete-multipart-uploads"),)
        assert cfg.lifecycle_rules[0].abort_incomplete_multipart_upload_days == 7
        assert cfg.log_delivery is False
        assert cfg.provider is None

    def test_encryption_values(self, reject: Reject) -> None:
        """aws:kms or AES256."""
        assert BucketConfig(encryption="AES256").encryption == "AES256"
        err = _bucket(reject, encryption="aws:kms:dsse")
        assert err.key_path == "aws.buckets.data.encryption"
        assert err.expected == "one of 'aws:kms' or 'AES256'"

    def test_kms_key_needs_kms(self, reject: Reject) -> None:
        """A key ARN with AES256 is contradictory."""
        err = _bucket(
            reject,
            encryption="AES256",
            kms_key_arn="arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        assert err.key_path == "aws.buckets.data"
        assert "kms_key_arn needs encryption 'aws:kms' (allowed: aws:kms, AES256)" in err.message

    def test_kms_key_shape(self, reject: Reject) -> None:
        """Key ARNs are checked for shape."""
        err = _bucket(reject, kms_key_arn="1234abcd")
        assert err.key_path == "aws.buckets.data.kms_key_arn"

    def test_name_prefix(self, reject: Reject) -> None:
        """Lowercase, at most 37 characters."""
        assert BucketConfig(name_prefix="acme-logs").name_prefix == "acme-logs"
        assert _bucket(reject, name_prefix="Acme").key_path == "aws.buckets.data.name_prefix"
        err = _bucket(reject, name_prefix="a" * 38)
        assert err.expected == "at most 37 characters"

    def test_duplicate_rule_ids(self, reject: Reject) -> None:
        """Rule ids are unique."""
        err = _bucket(reject, lifecycle_rules=[{"id": "x"}, {"id": "x"}])
        assert "lifecycle rule id 'x' is used more than once" in err.message

    def test_transition_to_ia_needs_30_days(self, reject: Reject) -> None:
        """S3 requires 30 days before STANDARD_IA / ONEZONE_IA."""
        err = _bucket(
            reject,
            lifecycle_rules=[
                {"id": "x", "transitions": [{"days": 10, "storage_class": "STANDARD_IA"}]}
            ],
        )
        assert err.key_path == "aws.buckets.data.lifecycle_rules[0].transitions[0]"
        assert "days (10) must be at least 30 for a transition to STANDARD_IA" in err.message

    def test_storage_class(self, reject: Reject) -> None:
        """Unknown storage classes list the allowed ones."""
        err = _bucket(
            reject,
            lifecycle_rules=[{"id": "x", "transitions": [{"days": 40, "storage_class": "COLD"}]}],
        )
        assert "storage_class 'COLD' is not one of " + ", ".join(STORAGE_CLASSES) in err.message

    def test_expiration_after_transitions(self, reject: Reject) -> None:
        """Expiration must come after every transition."""
        err = _bucket(
            reject,
            lifecycle_rules=[
                {
                    "id": "x",
                    "expiration_days": 60,
                    "transitions": [{"days": 90, "storage_class": "GLACIER"}],
                }
            ],
        )
        assert err.key_path == "aws.buckets.data.lifecycle_rules[0]"
        assert (
            "expiration_days (60) must be greater than the days of the GLACIER transition (90)"
            in err.message
        )

    def test_valid_rules(self) -> None:
        """A realistic rule set validates."""
        cfg = BucketConfig.model_validate(
            {
                "lifecycle_rules": [
                    {
                        "id": "logs",
                        "prefix": "logs/",
                        "expiration_days": 400,
                        "noncurrent_version_expiration_days": 30,
                        "transitions": [
                            {"days": 30, "storage_class": "STANDARD_IA"},
                            {"days": 90, "storage_class": "GLACIER_IR"},
                        ],
                    }
                ],
                "access_logging": {"target_bucket": "acme-access-logs", "prefix": "data/"},
            }
        )
        assert cfg.lifecycle_rules[0].transitions[1].storage_class == "GLACIER_IR"
        assert cfg.access_logging is not None
        assert cfg.access_logging.prefix == "data/"

    def test_log_delivery_is_a_visible_opt_in(self) -> None:
        """log_delivery is a bool, off by default and named in the schema with its service."""
        assert BucketConfig(log_delivery=True).log_delivery is True
        description = BucketConfig.model_fields["log_delivery"].description or ""
        assert "delivery.logs.amazonaws.com" in description
        assert "aws:SourceAccount" in description

    def test_log_delivery_type(self, reject: Reject) -> None:
        """log_delivery takes a boolean."""
        err = _bucket(reject, log_delivery="sometimes")
        assert err.key_path == "aws.buckets.data.log_delivery"


class TestNaming:
    """bucket_name, namespace and name_prefix."""

    def test_defaults(self) -> None:
        """Account regional namespace, derived name."""
        cfg = BucketConfig()
        assert (cfg.namespace, cfg.bucket_name) == ("account-regional", None)

    def test_explicit_names(self) -> None:
        """An explicit name validates in its namespace."""
        regional = BucketConfig(bucket_name="acme-data-123456789012-eu-west-1-an")
        assert regional.bucket_name == "acme-data-123456789012-eu-west-1-an"
        legacy = BucketConfig(bucket_name="acme-legacy-data", namespace="global")
        assert legacy.bucket_name == "acme-legacy-data"

    @pytest.mark.parametrize(
        ("data", "fragment"),
        [
            ({"bucket_name": "acme-data"}, "not a name of the account regional namespace"),
            (
                {"bucket_name": "acme-data-an", "namespace": "global"},
                "is not a valid S3 name",
            ),
            ({"bucket_name": "Acme.Data", "namespace": "global"}, "is not a valid S3 name"),
            (
                {"bucket_name": "acme-data", "namespace": "global", "name_prefix": "acme"},
                "set bucket_name or name_prefix, not both",
            ),
        ],
    )
    def test_bad_names(self, reject: Reject, data: dict[str, Any], fragment: str) -> None:
        """Names outside their namespace's rules are refused at aws.buckets.<name>."""
        err = _bucket(reject, **data)
        assert err.key_path == "aws.buckets.data"
        assert fragment in err.message

    def test_namespace_values(self, reject: Reject) -> None:
        """namespace is account-regional or global."""
        err = _bucket(reject, namespace="regional")
        assert err.key_path == "aws.buckets.data.namespace"
        assert err.expected == "one of 'account-regional' or 'global'"


class TestAccessLogs:
    """access_log_target and access_logging."""

    def test_target_defaults_to_sse_s3(self) -> None:
        """access_log_target alone switches the default encryption to AES256."""
        assert BucketConfig(access_log_target=True).encryption == "AES256"
        cfg = BucketConfig.model_validate({"access_log_target": True})
        assert cfg.encryption == "AES256"
        assert BucketConfig().access_log_target is False

    @pytest.mark.parametrize(
        "data",
        [
            {"encryption": "aws:kms"},
            {"kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab"},
        ],
    )
    def test_target_refuses_kms(self, reject: Reject, data: dict[str, Any]) -> None:
        """A log target with SSE-KMS would never receive a log: refused."""
        err = _bucket(reject, access_log_target=True, **data)
        assert err.key_path == "aws.buckets.data"
        assert "access_log_target needs encryption 'AES256'" in err.message

    def test_logging_target_optional_and_prefix_default(self) -> None:
        """access_logging may leave the target to code (access_log_bucket=); prefix derived."""
        logging = BucketConfig(access_logging={}).access_logging
        assert logging is not None
        assert (logging.target_bucket, logging.prefix) == (None, None)

    def test_bad_target_name(self, reject: Reject) -> None:
        """A target bucket name must look like one."""
        err = _bucket(reject, access_logging={"target_bucket": "Acme Logs"})
        assert err.key_path == "aws.buckets.data.access_logging.target_bucket"

    def test_target_type(self, reject: Reject) -> None:
        """access_log_target takes a boolean."""
        err = _bucket(reject, access_log_target="yes please")
        assert err.key_path == "aws.buckets.data.access_log_target"
