"""A small per-process cache for figures that aggregate a whole year, keyed by a data version.

The version is read from indexed `updated_at` columns (max() is one index probe), so a cached figure is
reused until a report, milestone or task changes, and never served stale after such a change.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import func, select

from supervision.extensions import db

MAX_ENTRIES = 64
TTL_SECONDS = 600
_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()


def data_version() -> tuple:
    from supervision.calendar.models import CalendarException
    from supervision.milestones.models import Milestone
    from supervision.reports.models import Report
    from supervision.tasks.models import Task

    return tuple(
        db.session.execute(
            select(
                select(func.max(Report.updated_at)).scalar_subquery(),
                select(func.max(Milestone.updated_at)).scalar_subquery(),
                select(func.max(Task.updated_at)).scalar_subquery(),
                select(func.max(CalendarException.id)).scalar_subquery(),
                select(func.count(CalendarException.id)).scalar_subquery(),
            )
        ).one()
    )


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()` once per key and data version (and at most every TTL_SECONDS)."""
    full_key = (key, data_version())
    now = time.monotonic()
    with _lock:
        hit = _entries.get(full_key)
        if hit is not None and hit[0] > now:
            _entries.move_to_end(full_key)
            return hit[1]
    value = compute()
    with _lock:
        _entries[full_key] = (now + TTL_SECONDS, value)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
