"""Instance user data: passed through, replace-on-change documented, credentials refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iaccore.aws.ec2.config import USER_DATA_MAX_BYTES, InstanceConfig, credential_in
from iaccore.aws.ec2.instance import Instance
from iaccore.core.config import validate_stack_file
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth
from iaccore.testing import capture_error
from tests.helpers import PROJECT, stack_config

INSTANCE = "aws:ec2/instance:Instance"
SUBNET = {"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d", "vpc_cidr": "10.0.0.0/16"}
SCRIPT = """#!/bin/bash
TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token \\
  -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
dnf install -y nginx && systemctl enable --now nginx
"""
#: AWS's documented example key pair: fake, shaped like the real thing.
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def build(config: dict[str, Any]) -> Graph:
    return synth(
        lambda: Instance("web", {**SUBNET, **config}), project=PROJECT, config=stack_config()
    )


class TestUserData:
    def test_none_by_default(self) -> None:
        """Without user_data the instance gets none, and no replace flag."""
        inputs = build({}).one(INSTANCE).inputs
        assert "userData" not in inputs
        assert "userDataReplaceOnChange" not in inputs

    @pytest.mark.parametrize("replace", [False, True])
    def test_passed_through(self, replace: bool) -> None:
        """user_data reaches the instance as is; user_data_replace_on_change too."""
        inputs = (
            build({"user_data": SCRIPT, "user_data_replace_on_change": replace})
            .one(INSTANCE)
            .inputs
        )
        assert inputs["userData"] == SCRIPT
        assert inputs["userDataReplaceOnChange"] is replace

    def test_imdsv2_token_script_is_not_a_credential(self) -> None:
        """The usual IMDSv2 `TOKEN=$(curl ...)` line is accepted."""
        assert credential_in(SCRIPT) is None
        assert InstanceConfig(user_data=SCRIPT).user_data == SCRIPT

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            (f"export AWS_ACCESS_KEY_ID={EXAMPLE_KEY_ID}", "an AWS access key id"),
            (f"aws configure set aws_secret_access_key {EXAMPLE_SECRET}", "an AWS secret access"),
            ('{"SecretAccessKey": "' + EXAMPLE_SECRET + '"}', "an AWS secret access key"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...\n", "a private key"),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n", "a private key"),
            ("git clone https://" + "ghp_" + "a" * 36 + "@github.com/x/y", "a GitHub token"),
            ("psql postgres://app:hunter2hunter2@db:5432/app", "a password in a URL"),
        ],
    )
    def test_credentials_refused_without_echoing_them(self, text: str, kind: str) -> None:
        """A credential in user_data is a ConfigurationError at its key; the value never shows."""
        captured = capture_error(
            lambda: Instance("web", {**SUBNET, "user_data": f"#!/bin/bash\n{text}\n"}),
            project=PROJECT,
            config=stack_config(),
        )
        err = captured.error
        assert err.key_path == "aws.instances.web.user_data"
        assert f"looks like {kind}" in str(err)
        for secret in (EXAMPLE_KEY_ID, EXAMPLE_SECRET, "hunter2", "ghp_"):
            assert secret not in str(err)
        assert captured.graph.custom_resources() == []

    def test_too_large(self) -> None:
        """More than 16 KB is refused with the limit."""
        with pytest.raises(ConfigurationError) as info:
            Instance.validate_config(
                {**SUBNET, "user_data": "#" * (USER_DATA_MAX_BYTES + 1)}, name="web"
            )
        assert info.value.key_path == "aws.instances.web.user_data"
        assert f"at most {USER_DATA_MAX_BYTES}" in str(info.value)

    @pytest.mark.parametrize(
        ("data", "key_path"),
        [
            ({"user_data_replace_on_change": True}, "aws.instances.web"),
            ({"user_data": 42}, "aws.instances.web.user_data"),
            ({"user_data": ""}, "aws.instances.web.user_data"),
        ],
    )
    def test_bad_input(self, data: dict[str, Any], key_path: str) -> None:
        """A replace flag without user data, a number or an empty script are refused."""
        with pytest.raises(ConfigurationError) as info:
            Instance.validate_config({**SUBNET, **data}, name="web")
        assert info.value.key_path == key_path

    def test_secure_value_refused(self, tmp_path: Path) -> None:
        """A `secure:` user_data in the stack file is refused: user data is not secret storage."""
        (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
        stack = tmp_path / "Pulumi.dev.yaml"
        stack.write_text(
            "config:\n"
            "  iaccore:aws:\n"
            "    instances:\n"
            "      web:\n"
            "        user_data:\n"
            "          secure: AAABAHh5eg==\n"
        )
        with pytest.raises(ConfigurationError) as info:
            validate_stack_file(stack)
        assert info.value.key_path == "aws.instances.web.user_data"
        assert "not a secret field" in str(info.value)
        assert info.value.line == 5  # the `user_data:` key
