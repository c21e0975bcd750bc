"""Tests of iaccore.core.logging: handler, formats, levels, environment, redaction."""

from __future__ import annotations

import contextvars
import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator

import pulumi
import pytest
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.mocks import MockEngine

from iaccore.core import redaction
from iaccore.core.config.base import Secret
from iaccore.core.config.models import LoggingConfig
from iaccore.core.errors import ConfigurationError
from iaccore.core.logging import (
    JsonFormatter,
    LogManager,
    PulumiLogHandler,
    SecretRedactingFilter,
    get_logger,
    resolve_settings,
)

ROOT = logging.getLogger("iaccore")


@pytest.fixture(autouse=True)
def _reset_logging() -> Iterator[None]:
    """Start every test unconfigured and with no Pulumi engine attached."""
    engine = pulumi_settings.SETTINGS.engine
    pulumi_settings.SETTINGS.engine = None
    LogManager.reset()
    yield
    LogManager.reset()
    pulumi_settings.SETTINGS.engine = engine


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


def _configure(out: io.StringIO, config: LoggingConfig | None = None, **env: str) -> None:
    LogManager.configure(config, environ=env, stream=out)


def _lines(out: io.StringIO) -> list[str]:
    return out.getvalue().splitlines()


class TestGetLogger:
    def test_logger_name_and_extra(self) -> None:
        """Component loggers are named after the class and carry the logical name."""
        log = get_logger("SecureVpc", "core")
        assert log.logger.name == "iaccore.component.SecureVpc"
        assert log.extra == {"component": "core", "component_class": "SecureVpc"}

    def test_name_defaults_to_class(self) -> None:
        """Without a logical name the component is the class name."""
        assert get_logger("Bucket").extra == {"component": "Bucket", "component_class": "Bucket"}

    def test_call_extra_is_merged(self, out: io.StringIO) -> None:
        """Extra fields of a call are added beside the component fields."""
        _configure(out, LoggingConfig(format="json"))
        get_logger("SecureVpc", "core").info("created", extra={"vpc_id": "vpc-1"})
        record = json.loads(_lines(out)[0])
        assert (record["component"], record["vpc_id"]) == ("core", "vpc-1")


class TestConfigure:
    def test_no_handler_on_import(self) -> None:
        """Importing iaccore modules installs no handler and leaves levels alone."""
        code = (
            "import logging, iaccore.core.logging, iaccore.core.metadata, "
            "iaccore.core.providers, iaccore.core.modules\n"
            "lg = logging.getLogger('iaccore')\n"
            "print(len(lg.handlers), lg.level, len(logging.getLogger().handlers))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.split() == ["0", "0", "0"]

    def test_idempotent_single_handler(self, out: io.StringIO) -> None:
        """Configuring twice keeps one handler, and records are written once."""
        _configure(out)
        _configure(out, LoggingConfig(level="debug"))
        assert [h for h in ROOT.handlers if isinstance(h, PulumiLogHandler)] == [
            LogManager.handler()
        ]
        ROOT.info("once")
        assert _lines(out) == ["INFO iaccore: once"]

    def test_reset_removes_what_it_added(self, out: io.StringIO) -> None:
        """reset removes the handler and restores level and propagation."""
        before = (list(ROOT.handlers), ROOT.level, ROOT.propagate)
        _configure(out, LoggingConfig(level="error", components={"SecureVpc": "debug"}))
        assert ROOT.level == logging.ERROR
        assert ROOT.propagate is False
        LogManager.reset()
        assert (list(ROOT.handlers), ROOT.level, ROOT.propagate) == before
        assert logging.getLogger("iaccore.component.SecureVpc").level == logging.NOTSET
        assert LogManager.handler() is None

    def test_level_filters_records(self, out: io.StringIO) -> None:
        """Records below the configured level are not written."""
        _configure(out, LoggingConfig(level="warning"))
        ROOT.info("hidden")
        ROOT.warning("shown")
        assert _lines(out) == ["WARNING iaccore: shown"]

    def test_stderr_without_engine(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a Pulumi engine and without a stream, records go to the current stderr."""
        LogManager.configure(environ={})
        get_logger("SecureVpc", "core").warning("careful")
        assert capsys.readouterr().err == "WARNING iaccore.component.SecureVpc[core]: careful\n"

    def test_reads_os_environ_by_default(
        self, out: io.StringIO, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without environ, os.environ is read."""
        monkeypatch.setenv("IACCORE_LOG_LEVEL", "debug")
        settings = LogManager.configure(stream=out)
        assert (settings.level, ROOT.level) == (logging.DEBUG, logging.DEBUG)


class TestEnvironmentPrecedence:
    def test_default_is_info(self) -> None:
        """Nothing set gives info from the config default."""
        settings = resolve_settings(None, {})
        assert (settings.level, settings.level_source, settings.format) == (
            logging.INFO,
            "default",
            "text",
        )

    def test_iaccore_level_beats_config(self) -> None:
        """IACCORE_LOG_LEVEL wins over an explicit config level."""
        settings = resolve_settings(
            LoggingConfig(level="error"), {"IACCORE_LOG_LEVEL": "Debug", "PULUMI_LOG_LEVEL": "1"}
        )
        assert (settings.level, settings.level_source) == (logging.DEBUG, "IACCORE_LOG_LEVEL")

    def test_config_beats_pulumi_level(self) -> None:
        """An explicit config level wins over PULUMI_LOG_LEVEL."""
        settings = resolve_settings(LoggingConfig(level="error"), {"PULUMI_LOG_LEVEL": "9"})
        assert (settings.level, settings.level_source) == (logging.ERROR, "config")

    def test_pulumi_level_beats_config_default(self) -> None:
        """PULUMI_LOG_LEVEL applies when the config level is only the default."""
        settings = resolve_settings(LoggingConfig(format="json"), {"PULUMI_LOG_LEVEL": "9"})
        assert (settings.level, settings.level_source) == (logging.DEBUG, "PULUMI_LOG_LEVEL")

    @pytest.mark.parametrize(
        ("value", "level"),
        [
            ("0", logging.INFO),
            ("3", logging.INFO),
            ("8", logging.INFO),
            ("9", logging.DEBUG),
            ("11", logging.DEBUG),
            ("warning", logging.WARNING),
        ],
    )
    def test_pulumi_verbosity_mapping(self, value: str, level: int) -> None:
        """Verbosity 9 and above is debug, lower numbers info; level names are accepted."""
        assert resolve_settings(None, {"PULUMI_LOG_LEVEL": value}).level == level

    def test_invalid_pulumi_level_ignored(self) -> None:
        """PULUMI_LOG_LEVEL belongs to Pulumi: a value iaccore cannot read is ignored."""
        assert resolve_settings(None, {"PULUMI_LOG_LEVEL": "loud"}).level_source == "default"

    def test_invalid_iaccore_level_raises(self) -> None:
        """An unknown IACCORE_LOG_LEVEL is a configuration error naming the variable."""
        with pytest.raises(ConfigurationError) as info:
            resolve_settings(None, {"IACCORE_LOG_LEVEL": "loud"})
        assert str(info.value) == (
            "IACCORE_LOG_LEVEL: unknown log level 'loud' "
            "(expected one of: debug, info, warning, error, critical) [layer: environment]"
        )

    def test_format_from_environment(self) -> None:
        """IACCORE_LOG_FORMAT overrides the config format."""
        settings = resolve_settings(LoggingConfig(format="text"), {"IACCORE_LOG_FORMAT": "JSON"})
        assert settings.format == "json"

    def test_invalid_format_raises(self) -> None:
        """An unknown IACCORE_LOG_FORMAT is a configuration error."""
        with pytest.raises(ConfigurationError, match="unknown log format 'xml'"):
            resolve_settings(None, {"IACCORE_LOG_FORMAT": "xml"})


class TestComponentLevels:
    def test_class_level(self, out: io.StringIO) -> None:
        """components: {SecureVpc: debug} sets the SecureVpc logger level only."""
        _configure(out, LoggingConfig(components={"SecureVpc": "debug"}))
        assert logging.getLogger("iaccore.component.SecureVpc").level == logging.DEBUG
        get_logger("SecureVpc", "core").debug("vpc detail")
        get_logger("Bucket", "logs").debug("bucket detail")
        assert _lines(out) == ["DEBUG iaccore.component.SecureVpc[core]: vpc detail"]

    def test_logical_name_level(self, out: io.StringIO) -> None:
        """A level keyed by logical name applies to that instance only."""
        _configure(out, LoggingConfig(components={"core": "debug"}))
        get_logger("SecureVpc", "core").debug("core detail")
        get_logger("SecureVpc", "edge").debug("edge detail")
        assert _lines(out) == ["DEBUG iaccore.component.SecureVpc[core]: core detail"]

    def test_logical_name_can_quieten(self, out: io.StringIO) -> None:
        """A higher level for one instance hides its info records."""
        _configure(out, LoggingConfig(components={"noisy": "error"}))
        log = get_logger("SecureVpc", "noisy")
        log.info("hidden")
        log.error("shown")
        assert log.isEnabledFor(logging.INFO) is False
        assert _lines(out) == ["ERROR iaccore.component.SecureVpc[noisy]: shown"]

    def test_override_uses_public_logging_api(
        self, out: io.StringIO, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An instance level builds the record with public APIs: caller, exception, extras."""
        monkeypatch.delattr(logging.Logger, "_log")  # the private API must not be needed
        _configure(out, LoggingConfig(format="json", components={"core": "debug"}))
        captured: list[logging.LogRecord] = []
        capture = logging.Handler()
        capture.emit = captured.append  # type: ignore[method-assign]
        class_logger = logging.getLogger("iaccore.component.SecureVpc")
        class_logger.addHandler(capture)
        try:
            try:
                raise ValueError("bad cidr")
            except ValueError:
                line = sys._getframe().f_lineno + 1
                get_logger("SecureVpc", "core").debug("d %s", "x", exc_info=True, extra={"k": "v"})
        finally:
            class_logger.removeHandler(capture)
        [record] = captured
        assert (record.pathname, record.lineno) == (__file__, line)
        assert record.funcName == "test_override_uses_public_logging_api"
        assert record.exc_info is not None
        assert record.exc_info[0] is ValueError
        data = json.loads(_lines(out)[0])
        assert (data["message"], data["level"], data["k"]) == ("d x", "debug", "v")
        assert "ValueError: bad cidr" in data["exception"]

    def test_reconfigure_clears_old_component_levels(self, out: io.StringIO) -> None:
        """Levels from a previous configure are removed."""
        _configure(out, LoggingConfig(components={"SecureVpc": "debug"}))
        _configure(out, LoggingConfig(components={"Bucket": "debug"}))
        assert logging.getLogger("iaccore.component.SecureVpc").level == logging.NOTSET
        assert LogManager.component_level("SecureVpc") is None


class TestJsonFormat:
    def test_one_object_per_line(self, out: io.StringIO) -> None:
        """Each record is one JSON object with the standard fields and extras."""
        _configure(out, LoggingConfig(format="json"))
        get_logger("SecureVpc", "core").warning("azs: %d", 3, extra={"cidr": "10.0.0.0/16"})
        ROOT.info("plain")
        first, second = (json.loads(line) for line in _lines(out))
        assert first["level"] == "warning"
        assert first["logger"] == "iaccore.component.SecureVpc"
        assert first["component"] == "core"
        assert first["component_class"] == "SecureVpc"
        assert first["message"] == "azs: 3"
        assert first["cidr"] == "10.0.0.0/16"
        assert first["time"].endswith("+00:00")
        assert second["component"] is None

    def test_exception_included(self) -> None:
        """Exception text goes in the exception field; odd extra values are stringified."""
        try:
            raise ValueError("bad")
        except ValueError:
            record = logging.getLogger("iaccore").makeRecord(
                "iaccore",
                logging.ERROR,
                __file__,
                1,
                "failed",
                (),
                sys.exc_info(),
                extra={"obj": object()},
            )
        data = json.loads(JsonFormatter().format(record))
        assert "ValueError: bad" in data["exception"]
        assert data["obj"].startswith("<object object")


class TestPulumiForwarding:
    def test_levels_map_to_pulumi_log(
        self, out: io.StringIO, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """debug/info/warning/error go to pulumi.log.debug/info/warn/error when an engine runs."""
        calls: list[tuple[str, str]] = []
        for fn in ("debug", "info", "warn", "error"):
            monkeypatch.setattr(pulumi.log, fn, lambda msg, _fn=fn, **_: calls.append((_fn, msg)))
        monkeypatch.setattr(pulumi_settings, "get_engine", object)
        _configure(out, LoggingConfig(level="debug"))
        log = get_logger("SecureVpc", "core")
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.error("e")
        log.critical("c")
        prefix = "iaccore.component.SecureVpc[core]"
        assert calls == [
            ("debug", f"DEBUG {prefix}: d"),
            ("info", f"INFO {prefix}: i"),
            ("warn", f"WARNING {prefix}: w"),
            ("error", f"ERROR {prefix}: e"),
            ("error", f"CRITICAL {prefix}: c"),
        ]
        assert out.getvalue() == ""

    def test_real_mock_engine(self, out: io.StringIO) -> None:
        """Under Pulumi's mock engine, records reach the engine's log."""
        engine_logger = logging.getLogger("test.mock_engine")
        seen: list[str] = []

        class Collect(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                seen.append(f"{record.levelname}:{record.getMessage()}")

        collector = Collect()
        engine_logger.addHandler(collector)
        engine_logger.setLevel(logging.DEBUG)

        def run() -> None:
            pulumi_settings.SETTINGS.engine = MockEngine(engine_logger)
            _configure(out, LoggingConfig(level="debug"))
            ROOT.info("to the engine")
            ROOT.debug("detail")

        try:
            contextvars.copy_context().run(run)
        finally:
            engine_logger.removeHandler(collector)
        assert seen == ["INFO:INFO iaccore: to the engine", "DEBUG:DEBUG iaccore: detail"]
        assert out.getvalue() == ""
        assert pulumi_settings.get_engine() is None

    def test_engine_logging_into_iaccore_does_not_loop(self, out: io.StringIO) -> None:
        """A mock engine logging into an iaccore logger (as synth does) writes each record once."""

        def run() -> None:
            pulumi_settings.SETTINGS.engine = MockEngine(logging.getLogger("iaccore.engine"))
            _configure(out)
            ROOT.warning("once")

        contextvars.copy_context().run(run)
        assert _lines(out) == ["WARNING iaccore: once"]


class TestSecretRedaction:
    def test_message_args_and_extra(self, out: io.StringIO) -> None:
        """Registered secrets are replaced in the message, its args and extra fields."""
        _configure(out, LoggingConfig(format="json"))
        LogManager.register_secret("hunter2hunter2")
        LogManager.register_secret(Secret("ghp_TOKEN"))
        ROOT.info("pw=%s token=ghp_TOKEN", "hunter2hunter2", extra={"url": "https://ghp_TOKEN@x"})
        record = json.loads(_lines(out)[0])
        assert record["message"] == "pw=[secret] token=[secret]"
        assert record["url"] == "https://[secret]@x"

    def test_exception_text(self, out: io.StringIO) -> None:
        """Secrets in exception text are replaced."""
        _configure(out)
        LogManager.register_secret("s3cr3t-value")
        try:
            raise RuntimeError("failed with s3cr3t-value")
        except RuntimeError:
            ROOT.exception("boom")
        assert "s3cr3t-value" not in out.getvalue()
        assert "RuntimeError: failed with [secret]" in out.getvalue()

    def test_longest_secret_first(self) -> None:
        """A secret containing another is replaced whole."""
        redactor = SecretRedactingFilter()
        redactor.add("abcd")
        redactor.add("abcdefgh")
        assert redactor.redact("x abcdefgh y abcd") == "x [secret] y [secret]"

    def test_short_secrets_ignored(self) -> None:
        """Secrets shorter than four characters are not registered."""
        redactor = SecretRedactingFilter()
        redactor.add("abc")
        assert redactor.redact("abc") == "abc"

    def test_reset_forgets_secrets(self, out: io.StringIO) -> None:
        """reset clears the registered secrets."""
        LogManager.register_secret("forgotten-secret")
        LogManager.reset()
        _configure(out)
        ROOT.info("forgotten-secret")
        assert _lines(out) == ["INFO iaccore: forgotten-secret"]

    def test_one_registry(self, out: io.StringIO) -> None:
        """Log secrets and process secrets are one registry: each redacts the other's output."""
        LogManager.register_secret("log-only-secret")
        assert redaction.redact("x log-only-secret") == "x [secret]"
        redaction.register("config-secret-value")
        try:
            _configure(out)
            ROOT.info("config-secret-value")
            assert _lines(out) == ["INFO iaccore: [secret]"]
        finally:
            redaction.forget(redaction.PROCESS)

    def test_reset_keeps_secrets_others_registered(self) -> None:
        """reset forgets only what the log manager registered, even for a shared value."""
        redaction.register("shared-secret-value")
        try:
            LogManager.register_secret("shared-secret-value")
            LogManager.register_secret("log-secret-value")
            LogManager.reset()
            assert redaction.redact("shared-secret-value") == "[secret]"
            assert redaction.redact("log-secret-value") == "log-secret-value"
        finally:
            redaction.forget(redaction.PROCESS)
