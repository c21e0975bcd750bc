"""Secrets stay secret as they flow: interpolation, logs, program errors, copies."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest

from iaccore.core import redaction
from iaccore.core.config import ConfigurationError, Secret, load_stack
from iaccore.core.config.secrets import is_credential_key
from iaccore.core.config.sources import _decode
from iaccore.core.errors import ProgramError
from iaccore.core.logging import LogManager
from iaccore.core.modules import ProviderModule
from iaccore.synth import synth

CANARY = "CANARY-flow-7c1e"


@pytest.fixture(autouse=True)
def _forget_secrets() -> Any:
    yield
    redaction.forget_all()


class TestInterpolation:
    def test_reference_to_secret_field_cannot_land_in_plain_field(
        self,
        write: Callable[[str, str], Path],
        project_dir: Path,
        modules: dict[str, ProviderModule],
    ) -> None:
        """A plaintext value in a Secret-typed field stays secret when referenced elsewhere."""
        write(
            "Pulumi.dev.yaml",
            "config:\n"
            "  iaccore:demo:\n"
            f"    admin_password: {CANARY}\n"
            "    region: ${demo:admin_password}\n",
        )
        with pytest.raises(ConfigurationError) as info:
            load_stack(project_dir, stack="dev", environ={}, modules=modules)
        assert info.value.key_path == "demo.region"
        assert CANARY not in str(info.value)
        assert CANARY not in repr(info.value.details)

    def test_secret_field_itself_loads(
        self,
        write: Callable[[str, str], Path],
        project_dir: Path,
        modules: dict[str, ProviderModule],
    ) -> None:
        """The secret field loads as a Secret and is registered for redaction."""
        write("Pulumi.dev.yaml", f"config:\n  iaccore:demo:\n    admin_password: {CANARY}\n")
        stack = load_stack(project_dir, stack="dev", environ={}, modules=modules)
        assert isinstance(stack.section("demo").admin_password, Secret)  # type: ignore[attr-defined]
        assert redaction.redact(f"pw={CANARY}") == "pw=[secret]"


class TestLogs:
    def test_configured_logs_redact_config_secrets(
        self,
        write: Callable[[str, str], Path],
        project_dir: Path,
        modules: dict[str, ProviderModule],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """After load_stack, a log line quoting a config secret prints [secret]."""
        write("Pulumi.dev.yaml", f"config:\n  iaccore:demo:\n    admin_password: {CANARY}\n")
        load_stack(project_dir, stack="dev", environ={}, modules=modules)
        LogManager.configure(environ={})
        try:
            logging.getLogger("iaccore.component.Db").warning("connecting with %s", CANARY)
        finally:
            LogManager.reset()
        err = capsys.readouterr().err
        assert "connecting with [secret]" in err
        assert CANARY not in err


class TestProgramErrors:
    def test_recorded_secret_input_is_redacted(self) -> None:
        """A secret input the engine recorded is redacted from a later program error."""
        import pulumi_aws as aws

        def program() -> None:
            aws.s3.Bucket("b", tags={"token": pulumi.Output.secret(CANARY)})

        synth(program)

        def failing() -> None:
            raise RuntimeError(f"upload failed for {CANARY}")

        with pytest.raises(ProgramError) as info:
            synth(failing)
        assert "upload failed for [secret]" in str(info.value)

    def test_secret_config_value_is_redacted(self) -> None:
        """A program error quoting a secret config value shows [secret]."""

        def program() -> None:
            value = pulumi.Config("app").require("token")
            raise ValueError(f"bad token {value}")

        with pytest.raises(ProgramError) as info:
            synth(program, project="app", config={"app:token": CANARY}, secret_keys=["app:token"])
        assert CANARY not in str(info.value)


class TestSmallThings:
    @pytest.mark.parametrize(
        "key", ["webhook_secret", "secret", "db_passphrase", "passwd", "connection_string"]
    )
    def test_more_credential_names(self, key: str) -> None:
        """Common credential key names are refused as plain config."""
        assert is_credential_key(key)

    @pytest.mark.parametrize("key", ["secrets_encryption", "token_ttl", "description"])
    def test_ordinary_names_pass(self, key: str) -> None:
        """Names that merely contain a credential word are not refused."""
        assert not is_credential_key(key)

    def test_runtime_scalars_stay_text(self) -> None:
        """Only objects and lists are JSON-decoded from runtime config; scalars stay text."""
        assert _decode("1") == "1"
        assert _decode("true") == "true"
        assert _decode('{"a": 1}') == {"a": 1}

    def test_deepcopy_keeps_secret(self) -> None:
        """Copying a Secret works and still hides the value."""
        secret = Secret(CANARY)
        assert copy.deepcopy(secret).reveal() == CANARY
        assert CANARY not in repr(copy.copy(secret))
