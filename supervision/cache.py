"""A small per-process cache for figures that aggregate a whole year, keyed by a data version.

The version is read from indexed `updated_at` columns (max() is one index probe), so a cached figure is
reused until a report, milestone or task changes, and never served stale after such a change. The domains
whose data the figures read register their parts of the version at start (`register_version_parts`);
all parts are read in one query.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask
from sqlalchemy import ColumnElement, select

from supervision.extensions import db
from supervision.hooks import add_hook, hooks_for

MAX_ENTRIES = 64
TTL_SECONDS = 600
_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()


VERSION_HOOK = "data_version"


def register_version_parts(app: Flask, *aggregates: ColumnElement) -> None:
    """Add aggregates (e.g. `func.max(Report.updated_at)`) that change whenever a cached figure would."""
    for aggregate in aggregates:
        add_hook(app, VERSION_HOOK, select(aggregate).scalar_subquery())


def data_version() -> tuple:
    parts = hooks_for(VERSION_HOOK)
    return tuple(db.session.execute(select(*parts)).one()) if parts else ()


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
