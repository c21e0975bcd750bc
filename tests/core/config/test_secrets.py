"""Tests of iaccore.core.config.secrets and typewalk classification."""

from __future__ import annotations

import pytest

from iaccore.core.config import ConfigurationError, Secret, build_stack_model
from iaccore.core.config.layers import Layer, merge_layers
from iaccore.core.config.secrets import (
    check_credentials,
    check_secret_placement,
    contains_secret,
    is_credential_key,
    mark_secrets,
)
from iaccore.core.config.typewalk import classify

from .conftest import MODULES

STACK = build_stack_model(MODULES)


class TestCredentialNames:
    @pytest.mark.parametrize(
        "key",
        [
            "password",
            "PASSWORD",
            "access_key",
            "secret-access-key",
            "aws_secret_access_key",
            "session_token",
            "token",
            "client_secret",
            "private_key",
            "db_password",
        ],
    )
    def test_credential_names(self, key: str) -> None:
        """Credential names match case-insensitively and as suffixes."""
        assert is_credential_key(key)

    @pytest.mark.parametrize(
        "key", ["name", "token_ttl", "keyring", "public_key", "passwords_policy"]
    )
    def test_non_credential_names(self, key: str) -> None:
        """Names that merely contain a credential word are fine."""
        assert not is_credential_key(key)


class TestCheckCredentials:
    def test_credential_in_layer_is_rejected_with_position(self) -> None:
        """A credential key names file:line and never the value."""
        layer = Layer(
            "stack",
            {"demo": {"providers": {"dr": {"secret_key": "VALUE-XYZ"}}}},
            file="Pulumi.dev.yaml",
            positions={("demo", "providers", "dr", "secret_key"): (8, 9)},
        )
        with pytest.raises(ConfigurationError) as info:
            check_credentials([layer], STACK)
        text = str(info.value)
        assert "Pulumi.dev.yaml:8:9" in text
        assert "never from iaccore config" in text
        assert "VALUE-XYZ" not in text

    def test_secret_typed_field_allowed(self) -> None:
        """A credential-like key declared as a Secret field passes."""
        layer = Layer("stack", {"demo": {"admin_password": "x"}})
        check_credentials([layer], STACK)  # must not raise

    def test_undeclared_password_rejected(self) -> None:
        """A password key the model does not declare is rejected."""
        with pytest.raises(ConfigurationError, match="looks like a credential"):
            check_credentials([Layer("org", {"demo": {"vpc": {"password": "x"}}})], STACK)


class TestPlacement:
    def test_classify(self) -> None:
        """Field types resolve along key paths."""
        assert classify(STACK, ("demo", "admin_password")) == "secret"
        assert classify(STACK, ("demo", "vpc", "cidr")) == "plain"
        assert classify(STACK, ("demo", "vpc", "subnets", 0, "name")) == "plain"
        assert classify(STACK, ("demo", "tags", "anything")) == "plain"
        assert classify(STACK, ("demo", "nope")) == "unknown"

    def test_secret_in_plain_field_rejected(self) -> None:
        """A secret landing in a non-secret field names the key, not the value."""
        merged = merge_layers(
            [
                Layer(
                    "stack",
                    {"demo": {"vpc": {"cidr": Secret("10.9.0.0/16")}}},
                    file="s.yaml",
                    positions={("demo", "vpc", "cidr"): (4, 5)},
                )
            ]
        )
        with pytest.raises(ConfigurationError) as info:
            check_secret_placement(merged.data, STACK, merged.provenance)
        text = str(info.value)
        assert "is stored as a secret but `demo.vpc.cidr` is not a secret field" in text
        assert "s.yaml:4:5" in text
        assert "10.9.0.0" not in text

    def test_secret_in_secret_field_ok(self) -> None:
        """Secrets in Secret fields pass."""
        check_secret_placement({"demo": {"admin_password": Secret("x")}}, STACK, {})

    def test_secret_under_unknown_key_left_to_validation(self) -> None:
        """Unknown keys are reported by validation, not placement."""
        check_secret_placement({"demo": {"bogus": Secret("x")}}, STACK, {})


class TestMarking:
    def test_mark_secrets_converts_subtrees(self) -> None:
        """Marked paths become secrets, recursively for containers."""
        data = mark_secrets({"a": {"b": {"c": 1, "d": ["x", True]}, "e": "plain"}}, [("a", "b")])
        assert data["a"]["b"] == {"c": Secret("1"), "d": [Secret("x"), Secret("true")]}
        assert data["a"]["e"] == "plain"
        assert contains_secret(data)
        assert not contains_secret({"a": ["x"]})
