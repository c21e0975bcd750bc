"""Logging of iaccore itself: the ``iaccore`` logger, a handler into ``pulumi.log``, JSON lines.

The library never installs a handler on import; ``LogManager.configure`` does, on request.
Records go to ``pulumi.log`` while a Pulumi engine (also the mock one) is attached, else to
stderr. Components log through ``get_logger`` on ``iaccore.component.<Class>`` loggers.
Level precedence, highest first:

1. ``IACCORE_LOG_LEVEL``: a level name (``debug`` ... ``critical``; any case).
2. ``logging.level`` in the stack config, when set explicitly.
3. ``PULUMI_LOG_LEVEL``: Pulumi-style numeric verbosity (``pulumi -v=N``): ``N >= 9`` (Pulumi's
   advice for debugging) means ``debug``, any other number ``info``; a level name is also accepted.
4. The config default, ``info``.
``IACCORE_LOG_FORMAT`` (``text`` or ``json``) overrides ``logging.format``.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TextIO

from iaccore.core import redaction
from iaccore.core.config.base import Secret
from iaccore.core.config.models import LoggingConfig
from iaccore.core.errors import ConfigurationError
from iaccore.core.log_output import (
    ROOT_LOGGER,
    JsonFormatter,
    PulumiLogHandler,
    SecretRedactingFilter,
    TextFormatter,
)

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
    "redacted_logger",
    "resolve_settings",
]

COMPONENT_LOGGER_PREFIX = "iaccore.component"
ENV_LEVEL = "IACCORE_LOG_LEVEL"
ENV_FORMAT = "IACCORE_LOG_FORMAT"
ENV_PULUMI_LEVEL = "PULUMI_LOG_LEVEL"
#: ``PULUMI_LOG_LEVEL`` verbosity from which iaccore logs at DEBUG.
PULUMI_DEBUG_VERBOSITY = 9
#: Owner of the secrets ``LogManager.register_secret`` adds to ``redaction``.

_NAMES = ("debug", "info", "warn", "warning", "error", "critical")
_LEVELS: Mapping[str, int] = {name: logging.getLevelNamesMapping()[name.upper()] for name in _NAMES}


@dataclass(frozen=True)
class LogSettings:
    """Resolved settings: level, format, per-component levels, where the level came from.

    Examples:
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

    Examples:
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
            expected = "one of: debug, info, warning, error, critical"
            raise _env_error(f"unknown log level {own!r}", ENV_LEVEL, expected)
        level, source = _LEVELS[own.lower()], ENV_LEVEL
    fmt = environ.get(ENV_FORMAT, "").strip().lower() or config.format
    if fmt not in ("text", "json"):
        raise _env_error(f"unknown log format {fmt!r}", ENV_FORMAT, "text or json")
    components = {name: _LEVELS[value] for name, value in config.components.items()}
    return LogSettings(level, "json" if fmt == "json" else "text", components, source)


def _env_error(message: str, variable: str, expected: str) -> ConfigurationError:
    return ConfigurationError(message, key_path=variable, layer="environment", expected=expected)


_RECORD_REDACTOR = SecretRedactingFilter()


def redacted_logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` with a ``SecretRedactingFilter`` on the logger itself.

    A logger's own filters run before any handler sees the record, and they change the record
    in place, so every handler up the hierarchy (pytest's ``caplog``, a user's root handler,
    the one ``LogManager.configure`` installs) gets the redacted record. No handler is
    installed.

    Examples:
        >>> log = redacted_logger("iaccore.doctest")
        >>> any(isinstance(f, SecretRedactingFilter) for f in log.filters)
        True
    """
    logger = logging.getLogger(name)
    if not any(isinstance(f, SecretRedactingFilter) for f in logger.filters):
        logger.addFilter(_RECORD_REDACTOR)
    return logger


class ComponentLogger(logging.LoggerAdapter[logging.Logger]):
    """Logger of one component instance: adds ``component`` (and ``component_class``) to records.

    A level configured for the instance's logical name wins over the class logger's level.

    Examples:
        >>> get_logger("SecureVpc").extra["component_class"]
        'SecureVpc'
    """

    def __init__(self, component_class: str, name: str | None = None) -> None:
        logger = redacted_logger(f"{COMPONENT_LOGGER_PREFIX}.{component_class}")
        super().__init__(
            logger, {"component": name or component_class, "component_class": component_class}
        )
        self.component = name or component_class

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        kwargs["extra"] = {**(self.extra or {}), **(kwargs.get("extra") or {})}
        return msg, kwargs

    def isEnabledFor(self, level: int) -> bool:  # noqa: N802 - overrides the stdlib method
        override = LogManager.component_level(self.component)
        if override is None:
            return self.logger.isEnabledFor(level)
        return level >= override and not self.logger.manager.disable >= level

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        if LogManager.component_level(self.component) is None:
            super().log(level, msg, *args, **kwargs)
            return
        if not self.isEnabledFor(level):
            return
        # The instance's level replaces the class logger's: build the record and hand it to
        # the logger's handlers ourselves (Logger.log would apply the class logger's level).
        msg, kwargs = self.process(msg, kwargs)
        exc_info = kwargs.get("exc_info")
        if isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        elif exc_info and not isinstance(exc_info, tuple):
            exc_info = sys.exc_info()
        stack_info = bool(kwargs.get("stack_info", False))
        # +1: this frame; logging's own frames (LoggerAdapter.info ...) are skipped anyway
        where = self.logger.findCaller(stack_info, kwargs.get("stacklevel", 1) + 1)
        filename, line, function, stack = where
        record = self.logger.makeRecord(
            self.logger.name,
            level,
            filename,
            line,
            msg,
            args,
            exc_info or None,
            function,
            kwargs.get("extra"),
            stack,
        )
        self.logger.handle(record)


def get_logger(component_class: str, name: str | None = None) -> ComponentLogger:
    """Return the logger of a component: ``iaccore.component.<component_class>``, with the
    instance's logical ``name`` (default: the class name) added to records as ``component``."""
    return ComponentLogger(component_class, name)


class LogManager:
    """Configures (and un-configures) the ``iaccore`` logger; holds the secrets to redact.

    ``configure`` is idempotent: calling it again updates the one handler it installed.
    ``reset`` removes the handler, restores the logger's level and propagation, clears component
    levels and forgets the secrets registered through ``register_secret`` (not those the
    config loader or the engine registered).

    Examples:
        >>> LogManager.configure(LoggingConfig(format="json"), environ={}).format
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

        ``config`` is the stack's ``logging`` section (defaults when None), ``environ`` the
        environment (``os.environ`` when None), ``stream`` where records go without a Pulumi
        engine (the current stderr when None). Returns the settings applied.
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
            cls._set_component_levels(settings.components)
        return settings

    @classmethod
    def reset(cls) -> None:
        """Undo ``configure`` and forget the secrets ``register_secret`` added."""
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
            cls._set_component_levels({})
            redaction.forget(cls._redactor.owner)

    @classmethod
    def _set_component_levels(cls, levels: Mapping[str, int]) -> None:
        for name in cls._component_levels:
            logging.getLogger(f"{COMPONENT_LOGGER_PREFIX}.{name}").setLevel(logging.NOTSET)
        for name, level in levels.items():
            logging.getLogger(f"{COMPONENT_LOGGER_PREFIX}.{name}").setLevel(level)
        cls._component_levels = dict(levels)

    @classmethod
    def register_secret(cls, value: str | Secret) -> None:
        """Redact ``value`` from every record the configured handler writes (and from anything
        else ``iaccore.core.redaction`` guards) until ``reset``."""
        cls._redactor.add(value.reveal() if isinstance(value, Secret) else value)

    @classmethod
    def component_level(cls, name: str) -> int | None:
        """The level configured for a component's class or logical ``name``, or None."""
        return cls._component_levels.get(name)

    @classmethod
    def handler(cls) -> PulumiLogHandler | None:
        """The handler ``configure`` installed, or None."""
        return cls._handler
