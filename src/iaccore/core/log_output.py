"""Where iaccore's log records go and how they look: text and JSON formatters, the secret
redacting filter and the handler into ``pulumi.log``.

``iaccore.core.logging`` decides levels and wires these up; this module holds no settings.

Examples:
    >>> import logging
    >>> record = logging.makeLogRecord({"msg": "hello", "levelname": "INFO", "name": "iaccore"})
    >>> TextFormatter().format(record).endswith("hello")
    True
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import sys
import threading
from logging import ERROR, INFO, NOTSET, WARNING
from typing import Any, TextIO

import pulumi
from pulumi.runtime import settings as _pulumi_settings

from iaccore.core import redaction

__all__ = [
    "LOG_SECRETS_OWNER",
    "ROOT_LOGGER",
    "JsonFormatter",
    "PulumiLogHandler",
    "SecretRedactingFilter",
    "TextFormatter",
]

ROOT_LOGGER = "iaccore"
LOG_SECRETS_OWNER = "iaccore.core.logging"

_STANDARD_ATTRS = frozenset([*logging.makeLogRecord({}).__dict__, "message", "asctime", "taskName"])


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}


def _exception_text(record: logging.LogRecord) -> str | None:  # cached as logging does
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    return record.exc_text or None


class TextFormatter(logging.Formatter):
    """``level logger[component]: message`` lines.

    Examples:
        >>> TextFormatter().format(logging.makeLogRecord({"name": "x", "levelname": "DEBUG"}))
        'DEBUG x: '
    """

    def format(self, record: logging.LogRecord) -> str:
        component = getattr(record, "component", None)
        where = f"{record.name}[{component}]" if component else record.name
        text = f"{record.levelname} {where}: {record.getMessage()}"
        exception = _exception_text(record)
        return f"{text}\n{exception}" if exception else text


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, component, message and extra fields.

    Examples:
        >>> record = logging.makeLogRecord({"levelname": "INFO", "msg": "hi", "vpc_id": "v-1"})
        >>> json.loads(JsonFormatter().format(record))["vpc_id"]
        'v-1'
    """

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
        if exception := _exception_text(record):
            data["exception"] = exception
        return json.dumps(data, default=str, ensure_ascii=False)


class SecretRedactingFilter(logging.Filter):
    """Replace registered secrets with ``[secret]`` in messages, args and extra fields.

    The secrets are those of the process-wide registry, ``iaccore.core.redaction`` (config
    secrets, engine secrets); ``add`` registers more there under this filter's ``owner``,
    so ``iaccore.core.redaction.forget`` of that owner drops exactly those.

    Examples:
        >>> redactor = SecretRedactingFilter(owner="doctest")
        >>> redactor.add("hunter2!")
        >>> redactor.redact("password is hunter2!")
        'password is [secret]'
        >>> redaction.forget("doctest")
    """

    def __init__(self, owner: str = LOG_SECRETS_OWNER) -> None:
        super().__init__()
        self.owner = owner

    def add(self, secret: str) -> None:
        """Register ``secret`` (ignored when shorter than
        ``MIN_SECRET_LENGTH``)."""
        redaction.register(secret, owner=self.owner)

    @staticmethod
    def redact(text: str) -> str:
        """Return ``text`` with every registered secret replaced."""
        return redaction.redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: the handler reports it
            return True
        record.msg, record.args = self.redact(message), None
        for key, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
        if exception := _exception_text(record):
            record.exc_text = self.redact(exception)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _loops(engine: Any) -> bool:
    """Whether ``engine`` is a mock engine that logs into the ``iaccore`` loggers."""
    from pulumi.runtime.mocks import MockEngine

    if not isinstance(engine, MockEngine):
        return False
    name = str(getattr(getattr(engine, "logger", None), "name", ""))
    return name == ROOT_LOGGER or name.startswith(f"{ROOT_LOGGER}.")


#: ``pulumi.log`` function per minimum level, highest first.
_FORWARD = ((ERROR, "error"), (WARNING, "warn"), (INFO, "info"), (NOTSET, "debug"))


class PulumiLogHandler(logging.Handler):
    """Send records to ``pulumi.log`` while a Pulumi engine is attached, else to ``stream``.

    ``stream`` defaults to the current ``sys.stderr``. Records logged while forwarding (the
    mock engine logs through Python logging) are written to the stream instead, never looped.

    Examples:
        >>> handler = PulumiLogHandler(stream=sys.stdout)
        >>> handler.handle(logging.makeLogRecord({"levelno": 20, "msg": "hi"}))
        hi
        True
    """

    def __init__(self, level: int = logging.NOTSET, *, stream: TextIO | None = None) -> None:
        super().__init__(level)
        self.stream = stream
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            engine = _pulumi_settings.get_engine()
            # a mock engine logging into the iaccore loggers would hand the record straight
            # back, formatted twice: write it here instead
            if getattr(self._local, "forwarding", False) or engine is None or _loops(engine):
                stream = self.stream if self.stream is not None else sys.stderr
                stream.write(message + "\n")
                stream.flush()
                return
            self._local.forwarding = True
            try:
                send = next(name for level, name in _FORWARD if record.levelno >= level)
                getattr(pulumi.log, send)(message)
            finally:
                self._local.forwarding = False
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
