"""A secret canary must never appear in messages, logs, reprs or dumps."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iaccore.core.config import ConfigurationError, load_stack

from .conftest import MODULES

CANARY = "CANARY-s3cr3t-9f2b"
SECURE_FILE = (
    "config:\n  iaccore:demo:\n    region: eu-west-1\n    admin_password:\n      secure: v1:AAAA\n"
)


def error_texts(err: ConfigurationError) -> list[str]:
    texts = [str(err), repr(err), repr(err.args), repr(err.details)]
    for problem in err.problems:
        texts += [str(problem), repr(problem), repr(problem.details)]
    return texts


@pytest.fixture
def captured(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="iaccore")
    return caplog


def assert_clean(texts: list[str], caplog: pytest.LogCaptureFixture) -> None:
    texts = [*texts, caplog.text, *(r.getMessage() for r in caplog.records)]
    assert not [t for t in texts if CANARY in t]


class TestCanaryOnSuccess:
    def test_loaded_secret_never_shown(
        self,
        project_dir: Path,
        pulumi_runtime: Callable[..., None],
        captured: pytest.LogCaptureFixture,
    ) -> None:
        """A secret loaded into a Secret field shows up in no repr, dump or log."""
        (project_dir / "Pulumi.dev.yaml").write_text(SECURE_FILE)
        pulumi_runtime(
            {
                "iaccore:demo": {
                    "region": "eu-west-1",
                    "admin_password": CANARY,
                    "tags": {"pw-ref": "${demo:admin_password}"},
                }
            },
            ["iaccore:demo"],
        )
        with pytest.raises(ConfigurationError) as info:
            load_stack(project_dir, stack="dev", environ={}, modules=MODULES)
        assert_clean(error_texts(info.value), captured)  # the ref put a secret into a plain field

        pulumi_runtime(
            {"iaccore:demo": {"region": "eu-west-1", "admin_password": CANARY}}, ["iaccore:demo"]
        )
        stack = load_stack(project_dir, stack="dev", environ={}, modules=MODULES)
        assert stack.demo.admin_password.reveal() == CANARY  # the canary really was loaded
        texts = [
            repr(stack),
            str(stack),
            repr(stack.model_dump()),
            stack.model_dump_json(),
            repr(stack.model_dump(mode="json")),
            repr(stack.demo),
            f"{stack.demo.admin_password}",
        ]
        assert_clean(texts, captured)

    def test_env_secret_never_shown(
        self, project_dir: Path, captured: pytest.LogCaptureFixture
    ) -> None:
        """A secret set through an override variable stays hidden."""
        stack = load_stack(
            project_dir,
            stack="dev",
            modules=MODULES,
            environ={"IACCORE_DEMO__ADMIN_PASSWORD": CANARY},
        )
        assert stack.demo.admin_password.reveal() == CANARY
        assert_clean([repr(stack), stack.model_dump_json()], captured)


ERROR_CASES: list[tuple[str, dict[str, Any], list[str], dict[str, str]]] = [
    ("secure-leaf-in-plain-field", {"iaccore:demo": {"region": CANARY}}, ["iaccore:demo"], {}),
    ("secret-key-whole-section", {"iaccore:project": {"owner": CANARY}}, ["iaccore:project"], {}),
    (
        "secret-with-other-errors",
        {"iaccore:demo": {"admin_password": CANARY, "vpc": {"azs": "many", "nat": "x"}}},
        ["iaccore:demo"],
        {},
    ),
    (
        "secret-of-wrong-shape",
        {"iaccore:demo": {"admin_password": {"nested": CANARY}}},
        ["iaccore:demo"],
        {},
    ),
    (
        "secret-referenced-by-bad-reference",
        {"iaccore:demo": {"admin_password": CANARY, "region": "${demo:admin_pasword}"}},
        ["iaccore:demo"],
        {},
    ),
    (
        "secret-embedded-in-plain-field",
        {"iaccore:demo": {"admin_password": CANARY, "region": "x-${demo:admin_password}"}},
        ["iaccore:demo"],
        {},
    ),
    ("plain-credential-key", {"iaccore:demo": {"tags": {"password": CANARY}}}, [], {}),
    ("credential-override", {}, [], {"IACCORE_DEMO__TAGS__SESSION_TOKEN": CANARY}),
    (
        "unknown-key-holding-secret",
        {"iaccore:demo": {"admin_pasword": CANARY}},
        ["iaccore:demo"],
        {},
    ),
]


class TestCanaryInErrors:
    @pytest.mark.parametrize(
        ("name", "config", "secret_keys", "env"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES]
    )
    def test_error_never_shows_secret(
        self,
        name: str,
        config: dict[str, Any],
        secret_keys: list[str],
        env: dict[str, str],
        project_dir: Path,
        pulumi_runtime: Callable[..., None],
        captured: pytest.LogCaptureFixture,
    ) -> None:
        """Failing loads raise ConfigurationError without the secret anywhere."""
        pulumi_runtime(config, secret_keys)
        with pytest.raises(ConfigurationError) as info:
            load_stack(project_dir, stack="dev", environ=env, modules=MODULES)
        assert_clean(error_texts(info.value), captured)


class TestCanaryControl:
    def test_plain_value_is_visible(
        self,
        project_dir: Path,
        pulumi_runtime: Callable[..., None],
        captured: pytest.LogCaptureFixture,
    ) -> None:
        """Control: the same capture does see a short non-secret value (the checks can fail)."""
        pulumi_runtime({"iaccore:demo": {"vpc": {"azs": CANARY}}})
        with pytest.raises(ConfigurationError) as info:
            load_stack(project_dir, stack="dev", environ={}, modules=MODULES)
        with pytest.raises(AssertionError):
            assert_clean(error_texts(info.value), captured)
