"""Time in Asia/Shanghai: the one `today()`, local dates of stored moments, and the year a page shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import request

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_YEAR, MAX_YEAR = 2000, 2100


def now() -> datetime:
    return datetime.now(SHANGHAI)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """A stored moment in Shanghai time (stored times are UTC; SQLite hands them back without a zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHANGHAI)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def selected_year(default_offset: int = 0) -> int:
    """The `?year=` of the request when it is a sane year, else this year plus `default_offset`."""
    value = request.args.get("year", "")
    if value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return today().year + default_offset
