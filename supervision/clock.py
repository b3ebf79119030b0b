"""Time in Asia/Shanghai: the one `today()`, local dates of stored moments, and the year a page shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import request
from sqlalchemy import Date, cast, func

from supervision.extensions import db
from supervision.validation import MAX_YEAR as MAX_YEAR
from supervision.validation import MIN_YEAR as MIN_YEAR
from supervision.validation import parse_year

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(SHANGHAI)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """A stored moment in Shanghai time (stored times are UTC; SQLite hands them back without a zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHANGHAI)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def local_date_sql(column):
    """`local_date()` of a stored moment in SQL, for filters and groupings done by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone(SHANGHAI.key, column), Date)
    return func.date(column, "+8 hours")  # SQLite keeps UTC text; Shanghai has had no DST since 1991


def selected_year(default_offset: int = 0, default: int | Callable[[], int | None] | None = None) -> int:
    """The `?year=` of the request when it is a sane year, else the page's `default` (a year, or a function
    giving one, such as the latest year with open work for the user, called only when needed), else this
    year plus `default_offset`."""
    year = parse_year(request.args.get("year"))
    if year is None:
        year = default() if callable(default) else default
    return year if year is not None else today().year + default_offset
