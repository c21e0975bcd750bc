"""Logging of iaccore itself: the ``iaccore`` logger, a handler into ``pulumi.log``, JSON lines.

The library never installs a handler on import; :meth:`LogManager.configure` does, on request
(the CLI and ``iaccore.deploy`` call it). Records go to ``pulumi.log`` while a Pulumi engine is
attached (also the mock engine), else to stderr. Components log through :func:`get_logger`, on
loggers named ``iaccore.component.<Class>``, so levels can be set per component.

Level precedence, highest first:

1. ``IACCORE_LOG_LEVEL``: a level name (``debug``, ``info``, ``warning``, ``error``,
   ``critical``; any case).
2. ``logging.level`` in the stack config, when set explicitly.
3. ``PULUMI_LOG_LEVEL``: Pulumi-style numeric verbosity (``pulumi -v=N``): ``N >= 9`` (Pulumi's
   advice for debugging) means ``debug``, any other number ``info``; a level name is also accepted.
4. The config default, ``info``.

``IACCORE_LOG_FORMAT`` (``text`` or ``json``) overrides ``logging.format``.

Example:
    >>> log = get_logger("SecureVpc", "core")
    >>> log.logger.name, log.extra["component"]
    ('iaccore.component.SecureVpc', 'core')
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import sys
import threading
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TextIO

from iaccore.core.config.base import REDACTED, Secret
from iaccore.core.config.models import LoggingConfig
from iaccore.core.errors import ConfigurationError

__all__ = [
    "COMPONENT_LOGGER_PREFIX",
    "ROOT_LOGGER",
    "ComponentLogger",
    "JsonFormatter",
    "LogManager",
    "LogSettings",
    "PulumiLogHandler",
    "SecretRedactingFilter",
    "TextFormatter",
    "get_logger",
    "resolve_settings",
]

ROOT_LOGGER = "iaccore"
COMPONENT_LOGGER_PREFIX = "iaccore.component"
ENV_LEVEL = "IACCORE_LOG_LEVEL"
ENV_FORMAT = "IACCORE_LOG_FORMAT"
ENV_PULUMI_LEVEL = "PULUMI_LOG_LEVEL"
#: ``PULUMI_LOG_LEVEL`` verbosity from which iaccore logs at DEBUG.
PULUMI_DEBUG_VERBOSITY = 9
#: Registered secrets shorter than this are ignored: redacting ``"a"`` would garble every line.
MIN_SECRET_LENGTH = 4

_LEVELS: Mapping[str, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
}
_STANDARD_ATTRS = frozenset(
    [*logging.LogRecord("", 0, "", 0, "", (), None).__dict__, "message", "asctime", "taskName"]
)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}


# -- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogSettings:
    """The resolved logging settings: level, format, per-component levels and where the level
    came from.

    Example:
        >>> resolve_settings(None, {"IACCORE_LOG_LEVEL": "DEBUG"}).level_source
        'IACCORE_LOG_LEVEL'
    """

    level: int = logging.INFO
    format: Literal["text", "json"] = "text"
    components: Mapping[str, int] = field(default_factory=dict)
    level_source: str = "default"


def _pulumi_level(value: str) -> int | None:
    text = value.strip().lower()
    if text in _LEVELS:
        return _LEVELS[text]
    try:
        verbosity = int(text)
    except ValueError:
        return None  # not ours to validate: Pulumi owns the variable
    return logging.DEBUG if verbosity >= PULUMI_DEBUG_VERBOSITY else logging.INFO


def resolve_settings(config: LoggingConfig | None, environ: Mapping[str, str]) -> LogSettings:
    """Combine the config and the environment by the documented precedence.

    Raises:
        ConfigurationError: ``IACCORE_LOG_LEVEL`` or ``IACCORE_LOG_FORMAT`` has an unknown value.

    Example:
        >>> resolve_settings(LoggingConfig(level="error"), {"PULUMI_LOG_LEVEL": "9"}).level
        40
    """
    config = config or LoggingConfig()
    level, source = _LEVELS[config.level], "default"
    pulumi_level = _pulumi_level(environ.get(ENV_PULUMI_LEVEL, ""))
    if pulumi_level is not None:
        level, source = pulumi_level, ENV_PULUMI_LEVEL
    if "level" in config.model_fields_set:
        level, source = _LEVELS[config.level], "config"
    own = environ.get(ENV_LEVEL, "").strip()
    if own:
        if own.lower() not in _LEVELS:
            raise ConfigurationError(
                f"unknown log level {own!r}",
                key_path=ENV_LEVEL,
                layer="environment",
                expected="one of: debug, info, warning, error, critical",
            )
        level, source = _LEVELS[own.lower()], ENV_LEVEL
    fmt = environ.get(ENV_FORMAT, "").strip().lower() or config.format
    if fmt not in ("text", "json"):
        raise ConfigurationError(
            f"unknown log format {fmt!r}",
            key_path=ENV_FORMAT,
            layer="environment",
            expected="text or json",
        )
    components = {name: _LEVELS[value] for name, value in config.components.items()}
    return LogSettings(
        level=level,
        format="json" if fmt == "json" else "text",
        components=components,
        level_source=source,
    )


# -- formatting and filtering --------------------------------------------------------------------


class TextFormatter(logging.Formatter):
    """``level logger[component]: message`` lines.

    Example:
        >>> record = logging.makeLogRecord({"name": "iaccore.tags", "levelname": "DEBUG",
        ...                                 "msg": "hello"})
        >>> TextFormatter().format(record)
        'DEBUG iaccore.tags: hello'
    """

    def format(self, record: logging.LogRecord) -> str:
        component = getattr(record, "component", None)
        where = f"{record.name}[{component}]" if component else record.name
        text = f"{record.levelname} {where}: {record.getMessage()}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text = f"{text}\n{record.exc_text}"
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, component, message and extra fields.

    Example:
        >>> record = logging.makeLogRecord({"name": "iaccore", "levelname": "INFO",
        ...                                 "msg": "hi %s", "args": ("you",), "created": 0,
        ...                                 "vpc_id": "vpc-1"})
        >>> JsonFormatter().format(record)
        '{"time": "1970-01-01T00:00:00+00:00", "level": "info", "logger": "iaccore", "component": null, "message": "hi you", "vpc_id": "vpc-1"}'
    """  # noqa: E501 - the doctest output is one JSON line

    def format(self, record: logging.LogRecord) -> str:
        extras = _extras(record)
        data: dict[str, Any] = {
            "time": _dt.datetime.fromtimestamp(record.created, tz=_dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "component": extras.pop("component", None),
            "message": record.getMessage(),
        }
        for key in sorted(extras):
            data.setdefault(key, extras[key])
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            data["exception"] = record.exc_text
        return json.dumps(data, default=str, ensure_ascii=False)


class SecretRedactingFilter(logging.Filter):
    """Replace registered secret strings with ``[secret]`` in messages, args and extra fields.

    Example:
        >>> redactor = SecretRedactingFilter()
        >>> redactor.add("hunter2!")
        >>> redactor.redact("password is hunter2!")
        'password is [secret]'
    """

    def __init__(self) -> None:
        super().__init__()
        self._secrets: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        """Register ``secret`` (ignored when shorter than ``MIN_SECRET_LENGTH``)."""
        if len(secret) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            # longest first, so a secret containing another is replaced whole
            self._secrets = tuple(sorted({*self._secrets, secret}, key=lambda s: (-len(s), s)))

    def clear(self) -> None:
        """Forget every registered secret."""
        with self._lock:
            self._secrets = ()

    def redact(self, text: str) -> str:
        """Return ``text`` with every registered secret replaced."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: the handler reports it
            return True
        record.msg, record.args = self.redact(message), None
        for key, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


# -- handler -------------------------------------------------------------------------------------


def _engine_present() -> bool:
    from pulumi.runtime import settings

    return settings.get_engine() is not None


class PulumiLogHandler(logging.Handler):
    """Send records to ``pulumi.log`` while a Pulumi engine is attached, else to ``stream``.

    ``stream`` defaults to the current ``sys.stderr``. Records logged while forwarding (the
    mock engine logs through Python logging) are written to the stream instead, never looped.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> handler = PulumiLogHandler(stream=out)
        >>> handler.setFormatter(TextFormatter())
        >>> handler.handle(logging.makeLogRecord({"levelname": "INFO", "levelno": 20,
        ...                                       "name": "iaccore", "msg": "hi"}))
        True
        >>> out.getvalue()
        'INFO iaccore: hi\\n'
    """

    def __init__(self, level: int = logging.NOTSET, *, stream: TextIO | None = None) -> None:
        super().__init__(level)
        self.stream = stream
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            if getattr(self._local, "forwarding", False) or not _engine_present():
                stream = self.stream if self.stream is not None else sys.stderr
                stream.write(message + "\n")
                stream.flush()
                return
            self._local.forwarding = True
            try:
                self._forward(record.levelno, message)
            finally:
                self._local.forwarding = False
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    @staticmethod
    def _forward(levelno: int, message: str) -> None:
        import pulumi

        if levelno >= logging.ERROR:
            pulumi.log.error(message)
        elif levelno >= logging.WARNING:
            pulumi.log.warn(message)
        elif levelno >= logging.INFO:
            pulumi.log.info(message)
        else:
            pulumi.log.debug(message)


# -- component loggers ---------------------------------------------------------------------------


class ComponentLogger(logging.LoggerAdapter[logging.Logger]):
    """Logger of one component instance: adds ``component`` (and ``component_class``) to records.

    A level configured for the instance's logical name wins over the class logger's level.

    Example:
        >>> get_logger("SecureVpc").extra["component_class"]
        'SecureVpc'
    """

    def __init__(self, component_class: str, name: str | None = None) -> None:
        logger = logging.getLogger(f"{COMPONENT_LOGGER_PREFIX}.{component_class}")
        super().__init__(
            logger, {"component": name or component_class, "component_class": component_class}
        )
        self.component = name or component_class

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        kwargs["extra"] = {**(self.extra or {}), **(kwargs.get("extra") or {})}
        return msg, kwargs

    def _override(self) -> int | None:
        return LogManager.component_level(self.component)

    def isEnabledFor(self, level: int) -> bool:  # noqa: N802 - overrides the stdlib method
        override = self._override()
        if override is None:
            return self.logger.isEnabledFor(level)
        return level >= override and not self.logger.manager.disable >= level

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        if self._override() is None:
            super().log(level, msg, *args, **kwargs)
            return
        if self.isEnabledFor(level):
            msg, kwargs = self.process(msg, kwargs)
            kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1
            # Logger._log skips the logger's own level check, which the override replaces.
            self.logger._log(level, msg, args, **kwargs)


def get_logger(component_class: str, name: str | None = None) -> ComponentLogger:
    """Return the logger of a component: ``iaccore.component.<component_class>``.

    Args:
        component_class: The component's class name, e.g. ``SecureVpc``.
        name: The instance's logical name, added to records as ``component``.
    """
    return ComponentLogger(component_class, name)


# -- manager -------------------------------------------------------------------------------------


class LogManager:
    """Configures (and un-configures) the ``iaccore`` logger; holds the secrets to redact.

    ``configure`` is idempotent: calling it again updates the one handler it installed.
    ``reset`` removes the handler, restores the logger's level and propagation, clears component
    levels and forgets registered secrets.

    Example:
        >>> import io
        >>> settings = LogManager.configure(LoggingConfig(format="json"), environ={},
        ...                                 stream=io.StringIO())
        >>> settings.format
        'json'
        >>> LogManager.reset()
    """

    _lock: ClassVar[threading.RLock] = threading.RLock()
    _handler: ClassVar[PulumiLogHandler | None] = None
    _redactor: ClassVar[SecretRedactingFilter] = SecretRedactingFilter()
    _saved: ClassVar[tuple[int, bool] | None] = None
    _component_levels: ClassVar[dict[str, int]] = {}

    @classmethod
    def configure(
        cls,
        config: LoggingConfig | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        stream: TextIO | None = None,
    ) -> LogSettings:
        """Install (once) the handler on the ``iaccore`` logger and apply levels and format.

        Args:
            config: The ``logging`` section of the stack config; defaults when None.
            environ: Environment to read; ``os.environ`` when None.
            stream: Where records go without a Pulumi engine; the current stderr when None.

        Returns:
            The settings applied.
        """
        settings = resolve_settings(config, os.environ if environ is None else environ)
        root = logging.getLogger(ROOT_LOGGER)
        with cls._lock:
            if cls._handler is None:
                cls._saved = (root.level, root.propagate)
                cls._handler = PulumiLogHandler(stream=stream)
                cls._handler.addFilter(cls._redactor)
                root.addHandler(cls._handler)
            elif stream is not None:
                cls._handler.stream = stream
            cls._handler.setFormatter(
                JsonFormatter() if settings.format == "json" else TextFormatter()
            )
            root.setLevel(settings.level)
            root.propagate = False
            cls._clear_component_levels()
            for name, level in settings.components.items():
                logging.getLogger(f"{COMPONENT_LOGGER_PREFIX}.{name}").setLevel(level)
            cls._component_levels = dict(settings.components)
        return settings

    @classmethod
    def reset(cls) -> None:
        """Undo :meth:`configure` and forget registered secrets."""
        root = logging.getLogger(ROOT_LOGGER)
        with cls._lock:
            if cls._handler is not None:
                root.removeHandler(cls._handler)
                cls._handler.close()
                cls._handler = None
            if cls._saved is not None:
                root.setLevel(cls._saved[0])
                root.propagate = cls._saved[1]
                cls._saved = None
            cls._clear_component_levels()
            cls._redactor.clear()

    @classmethod
    def _clear_component_levels(cls) -> None:
        for name in cls._component_levels:
            logging.getLogger(f"{COMPONENT_LOGGER_PREFIX}.{name}").setLevel(logging.NOTSET)
        cls._component_levels = {}

    @classmethod
    def register_secret(cls, value: str | Secret) -> None:
        """Redact ``value`` from every record the configured handler writes."""
        cls._redactor.add(value.reveal() if isinstance(value, Secret) else value)

    @classmethod
    def component_level(cls, name: str) -> int | None:
        """The level configured for a component's class or logical ``name``, or None."""
        return cls._component_levels.get(name)

    @classmethod
    def handler(cls) -> PulumiLogHandler | None:
        """The handler :meth:`configure` installed, or None."""
        return cls._handler
