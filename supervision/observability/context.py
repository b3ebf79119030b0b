"""The request id: taken from X-Request-Id or made, carried into logs, jobs and outbox messages."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

HEADER = "X-Request-Id"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def new_request_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex}"


def accepted_request_id(incoming: str | None) -> str:
    """The caller's id when it is a plain token of at most 64 characters, else a new one."""
    return incoming if incoming and _VALID.fullmatch(incoming) else new_request_id()


@contextlib.contextmanager
def request_id_scope(value: str | None):
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


def bind_request_id(value: str | None):
    """Set the id for the rest of this context; returns the token for `unbind_request_id`."""
    return _request_id.set(value)


def unbind_request_id(token) -> None:
    with contextlib.suppress(ValueError):  # reset in another context: nothing to undo there
        _request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id (and the exception)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request_id(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_json_logging(level: int = logging.INFO) -> None:
    """Every log line of the process as JSON on standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
