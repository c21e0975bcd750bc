"""The engine's guards through the library: duplicate URNs, time limit, sys.exit, secrets, the
end of a run (nothing left pending, nothing reported late)."""

from __future__ import annotations

import gc
import logging
import time

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.core import redaction
from iaccore.core.errors import ConfigurationError, ProgramError
from iaccore.synth import synth
from iaccore.synth.deadline import DEFAULT_TIMEOUT, SynthTimeoutError, resolve_timeout

CANARY = "CANARY-3ng1ne-71b0"


class TestDuplicateUrns:
    def test_same_name_twice_is_refused(self) -> None:
        """Two resources with one URN fail the run, as the Pulumi engine does."""

        def program() -> None:
            aws.s3.Bucket("same")
            aws.s3.Bucket("same")

        with pytest.raises(ProgramError) as info:
            synth(program, project="p")
        assert str(info.value) == (
            "Duplicate resource URN 'urn:pulumi:dev::p::aws:s3/bucket:Bucket::same'; "
            "try giving it a unique name"
        )
        assert info.value.details["urn"].endswith("::same")

    def test_same_name_other_parent_is_fine(self) -> None:
        """The parent is part of the URN: a child may reuse a top-level name."""

        def program() -> None:
            parent = pulumi.ComponentResource("demo:index:Box", "box")
            aws.s3.Bucket("same")
            aws.s3.Bucket("same", opts=pulumi.ResourceOptions(parent=parent))

        assert len(synth(program).resources(type="aws:s3/bucket:Bucket")) == 2


class TestTimeLimit:
    def test_a_program_that_never_returns_is_stopped(self) -> None:
        """A busy loop ends with SynthTimeoutError shortly after the limit."""

        def program() -> None:
            while True:
                pass

        start = time.perf_counter()
        with pytest.raises(SynthTimeoutError, match=r"did not finish within 0\.3 s"):
            synth(program, timeout=0.3)
        assert time.perf_counter() - start < 2

    def test_an_apply_that_never_returns_is_stopped(self) -> None:
        """A loop inside an apply callback is stopped too."""

        def spin(_value: object) -> object:
            while True:
                time.sleep(0.01)

        def program() -> None:
            pulumi.export("x", pulumi.Output.from_input(1).apply(spin))

        with pytest.raises(SynthTimeoutError):
            synth(program, timeout=0.3)

    def test_the_next_run_is_unaffected(self) -> None:
        """After a stopped run, the next one runs normally (no interrupt left pending)."""

        def program() -> None:
            while True:
                pass

        with pytest.raises(SynthTimeoutError):
            synth(program, timeout=0.2)
        time.sleep(0.3)
        assert synth(lambda: pulumi.export("ok", 1)).outputs == {"ok": 1}

    def test_resolution(self) -> None:
        """Argument, then IACCORE_SYNTH_TIMEOUT, then the default; 0 and none: no limit."""
        assert resolve_timeout(None, {}) == DEFAULT_TIMEOUT
        assert resolve_timeout(None, {"IACCORE_SYNTH_TIMEOUT": "0"}) is None
        assert resolve_timeout(None, {"IACCORE_SYNTH_TIMEOUT": "none"}) is None
        assert resolve_timeout(2, {"IACCORE_SYNTH_TIMEOUT": "9"}) == 2
        with pytest.raises(ConfigurationError, match="invalid synth time limit"):
            resolve_timeout(None, {"IACCORE_SYNTH_TIMEOUT": "-1"})


class TestExit:
    def test_sys_exit_0_completes_the_run(self) -> None:
        """sys.exit(0) ends the program; what it registered and exported is kept."""
        import sys

        def program() -> None:
            aws.s3.Bucket("kept")
            pulumi.export("x", 1)
            sys.exit(0)

        graph = synth(program)
        assert graph.outputs == {"x": 1}
        assert graph.one("aws:s3/bucket:Bucket", "kept")

    def test_sys_exit_nonzero_fails(self) -> None:
        """sys.exit(2) is a failure naming the status and the line."""
        import sys

        with pytest.raises(ProgramError, match=r"the program called sys.exit\(2\)"):
            synth(lambda: sys.exit(2))


class TestSecretsAndPendingWork:
    def test_apply_failure_on_a_secret_is_one_redacted_error(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The error names the user's line, shows [secret], and nothing is reported later."""
        caplog.set_level(logging.DEBUG)

        def fail(value: str) -> str:
            raise ValueError(f"refusing {value}")

        def program() -> None:
            checked = pulumi.Output.secret(CANARY).apply(fail)
            for index in range(20):
                aws.s3.Bucket(f"b{index}", tags={"checked": checked})

        with pytest.raises(ProgramError) as info:
            synth(program)
        message = str(info.value)
        assert "ValueError: refusing [secret]" in message
        assert "test_engine_guards.py:" in message
        assert len(message.splitlines()) <= 4
        gc.collect()  # futures the run left behind would report here
        texts = [r.getMessage() for r in caplog.records]
        assert not [t for t in texts if CANARY in t]
        assert not [t for t in texts if "never retrieved" in t and "ValueError: " in t]

    def test_a_secret_derived_value_is_secret_too(self) -> None:
        """A string built from a secret inside an apply is redacted as a whole."""

        def program() -> None:
            derived = pulumi.Output.secret(CANARY).apply(lambda v: f"user:{v}")
            derived.apply(lambda v: (_ for _ in ()).throw(RuntimeError(v)))

        with redaction.scope():
            with pytest.raises(ProgramError) as info:
                synth(program)
            assert "RuntimeError: [secret]" in str(info.value)

    def test_code_config_is_bounded(self) -> None:
        """Config given in code goes through the same depth bound as files."""
        deep: object = "x"
        for _ in range(300):
            deep = {"k": deep}
        with pytest.raises(ConfigurationError, match="deeper than 64"):
            synth(lambda: None, config={"iaccore:project": deep})
