"""One validation layer for what a request carries: integers as ASCII digits within bounds, sane years and
dates, texts that fit their column, no control characters, valid UTF-8.

Every parser returns a default instead of raising, so a page falls back to its normal view; `check_*`
functions raise `InvalidInput` (a 400 with a Chinese message, flashed by `actions.attempt`). Two guards run
for every request and every flush: `refuse_unreadable_request` (invalid UTF-8 and control characters
anywhere in the path, query or form) and `refuse_unfit_values` (a string longer than its column, or a NUL
byte, never reaches the database).
"""

from __future__ import annotations

import json
import re
from datetime import date
from itertools import chain
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from sqlalchemy import JSON, String, Table, event, inspect
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from supervision.errors import DomainError

MAX_ID = 2**31 - 1  # the INTEGER columns (ids and counts): PostgreSQL casts a compared value to INTEGER
MIN_YEAR, MAX_YEAR = 2000, 2100  # the years a plan, a task or an assessment may have
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")  # ASCII only: str.isdigit() and int() also read '²' or '١'
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # allowed: \t \n \r (multi-line text)
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FORM_BYTES = 2 * 1024 * 1024  # an urlencoded body checked byte by byte (larger ones are refused as 413)
MAX_FIELD = 100_000  # characters in one parameter or form field (a long report is a tenth of it)

UNREADABLE = "提交的内容含有无法识别的字符（编码无效），请检查后重试。"
CONTROL_CHARACTERS = "提交的内容含有不允许的控制字符，请删除后重试。"
TOO_LONG = f"提交的内容过长（每项最多 {MAX_FIELD} 个字），请缩短后重试。"


class InvalidInput(DomainError):
    """A value that cannot be accepted as typed; nothing was changed."""

    status = 400


def parse_int(text: str | None, default: int | None = None, *, low: int = -MAX_ID, high: int = MAX_ID) -> int | None:
    """`text` as an integer (" 42 " -> 42) within [low, high], or `default`."""
    text = (text or "").strip()
    if not _INTEGER.fullmatch(text):
        return default
    value = int(text)
    return value if low <= value <= high else default


def parse_id(text: str | None, default: int | None = None) -> int | None:
    """A row id: 1 to the database's largest integer."""
    return parse_int(text, default, low=1, high=MAX_ID)


def parse_year(text: str | None, default: int | None = None) -> int | None:
    return parse_int(text, default, low=MIN_YEAR, high=MAX_YEAR)


def parse_date(text: str | None, default: date | None = None) -> date | None:
    """An ISO date (2025-10-11) of a year from MIN_YEAR to MAX_YEAR, or `default`."""
    text = (text or "").strip()
    if not _DATE.fullmatch(text):
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return default
    return day if MIN_YEAR <= day.year <= MAX_YEAR else default


def parse_int_list(text: str | None, *, low: int, high: int) -> list[int] | None:
    """'5, 2，1' -> [5, 2, 1]; None when any part is not an integer within [low, high]."""
    text = (text or "").replace("，", ",").replace("、", ",")
    values = [parse_int(part, low=low, high=high) for part in text.split(",") if part.strip()]
    return None if None in values else values


def check_in_period(day: date, start_year: int, end_year: int, label: str = "日期") -> date:
    """A date that belongs to a plan: within the plan period, give or take a year."""
    if not start_year - 1 <= day.year <= end_year + 1:
        raise InvalidInput(f"{label}应在规划期（{start_year}—{end_year} 年）前后一年之内。")
    return day


def check_choice(value: str | None, choices, label: str = "选项") -> str:
    """`value` when it is one of `choices` (a checkbox's value, a fixed list), else refused."""
    if value not in choices:
        raise InvalidInput(f"{label}无效，请刷新页面后重试。")
    return value


def column_length(column: Any) -> int | None:
    """The size of a model's string column (`Milestone.title` -> 200); None when it has none."""
    expression = getattr(column, "expression", column)
    return getattr(expression.type, "length", None)


def check_text(value: str | None, column: Any = None, *, label: str = "内容", multiline: bool = False) -> str:
    """`value` when it fits `column` (a model attribute) and holds no control character, else refused."""
    value = value or ""
    if (_CONTROL if multiline else _LINE_CONTROL).search(value):
        raise InvalidInput(f"{label}含有不允许的控制字符，请删除后重试。")
    length = column_length(column) if column is not None else None
    if length is not None and len(value) > length:
        raise InvalidInput(f"{label}过长（最多 {length} 个字），请缩短后重试。")
    return value


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits up to the database's largest integer; anything else is a 404."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def _readable(text: str) -> bool:
    return "\ufffd" not in text and not _CONTROL.search(text)


def _check_utf8(raw: bytes) -> None:
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(UNREADABLE) from None


def refuse_unreadable_request() -> None:
    """Refuse (400) a request whose path, query or form holds invalid UTF-8, a control character or a
    value over MAX_FIELD characters."""
    _check_utf8(request.query_string)
    if request.mimetype == "application/x-www-form-urlencoded" and (request.content_length or 0) <= MAX_FORM_BYTES:
        _check_utf8(
            request.get_data(cache=True)
        )  # Werkzeug would read %ff as the text "%FF"; the form is parsed from the cache
    if not _readable(request.path):
        raise InvalidInput(UNREADABLE if "\ufffd" in request.path else CONTROL_CHARACTERS)
    values = chain(request.args.items(multi=True))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        files = ((key, upload.filename or "") for key, upload in request.files.items(multi=True))
        values = chain(values, request.form.items(multi=True), files)
    for key, value in values:
        if len(key) + len(value) > MAX_FIELD:
            raise InvalidInput(TOO_LONG)
        if not (_readable(key) and _readable(value)):
            raise InvalidInput(UNREADABLE if "\ufffd" in key + value else CONTROL_CHARACTERS)


def _has_nul(value: Any) -> bool:
    """Whether a NUL byte is in any string (key or value) of a JSON value. Read off its JSON text (the C
    encoder is many times faster than a walk in Python, and frozen inputs are large), where a NUL is always
    the escape \\u0000: a backslash that no other backslash escapes."""
    if isinstance(value, str):
        return "\x00" in value
    text = json.dumps(value, default=str)
    return "\\u0000" in text and _NUL_ESCAPE.search(text) is not None


_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def refuse_unfit_values(session: Session, _context=None, _instances=None) -> None:
    """Before a flush: no string longer than its column and no NUL byte (PostgreSQL refuses both with an
    error, SQLite would store them), whatever the writer (a form, an import, a command)."""
    for obj in chain(session.new, session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key not in state.dict or not state.attrs[attr.key].history.added:
                continue
            _refuse_unfit(attr.columns[0].type, state.dict[attr.key])


def refuse_unfit_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """The same guard for rows a bulk INSERT writes without the session's flush."""
    types = {column.key: column.type for column in table.columns}
    for row in rows:
        for key, value in row.items():
            _refuse_unfit(types[key], value)


def _refuse_unfit(column_type, value: Any) -> None:
    if isinstance(column_type, String) and isinstance(value, str):
        if column_type.length is not None and len(value) > column_type.length:
            raise InvalidInput(f"输入的内容过长（最多 {column_type.length} 个字），请缩短后重试。")
        if "\x00" in value:
            raise InvalidInput(CONTROL_CHARACTERS)
    elif isinstance(column_type, JSON) and _has_nul(value):
        raise InvalidInput(CONTROL_CHARACTERS)


def init_app(app: Flask) -> None:
    """The id converter for `<int:...>` (before any route is added), the request and the flush guards."""
    app.url_map.converters["int"] = IdConverter
    app.before_request_funcs.setdefault(None, []).insert(
        0, refuse_unreadable_request
    )  # before the CSRF check reads the form
    if not event.contains(Session, "before_flush", refuse_unfit_values):
        event.listen(Session, "before_flush", refuse_unfit_values)
