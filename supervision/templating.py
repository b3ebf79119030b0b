"""Template filters and globals: Chinese dates, role-based navigation, the notification bell's hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask, current_app
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.permissions import BUSINESS_READERS as BUSINESS

NAV_COUNTS = "supervision.nav_counts"  # endpoint -> count(user), registered by domains (register_nav_count)
BELL = "supervision.bell"  # the key in app.extensions of the bell's count, registered by a domain (register_bell)


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: tuple[str, ...]


# The navigation, in order; an item shows when its endpoint exists and the user holds one of its roles.
NAV = [
    NavItem("core.index", "首页", BUSINESS + ("sysadmin", "secadmin", "auditor")),
    NavItem("work.workbench", "我的任务", ("liaison", "dept_head")),
    NavItem("work.overview", "督办总览", ("office", "leader")),
    NavItem("reviews.inbox", "审核工作台", ("office", "dept_head")),
    NavItem("dashboards.index", "数据看板", BUSINESS),
    NavItem("plans.index", "规划", BUSINESS),
    NavItem("indicators.index", "主要指标", BUSINESS),
    NavItem("tasks.tasks", "任务查询", BUSINESS),
    NavItem("tasks.departments", "部门", BUSINESS),
    NavItem("districts.index", "区、县(市)", ("office",)),
    NavItem("assessment.index", "年度考核", BUSINESS),
    NavItem("reminders.outbox", "催办管理", ("office",)),
    NavItem("schedules.index", "节假日安排", ("office",)),
    NavItem("audit.index", "操作日志", ("office", "auditor")),
    NavItem("api_tokens.index", "接口令牌", ("sysadmin",)),
]


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # stored times are UTC; SQLite hands them back without a zone
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(SHANGHAI)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [item for item in NAV if item.endpoint in endpoints and current_user.has_role(*item.roles)]


def register_bell(app: Flask, count: Callable[..., int | None]) -> None:
    """Show the navigation's bell: `count(user)` is the user's unread count, None for a user without a bell."""
    app.extensions[BELL] = count


def register_nav_count(app: Flask, endpoint: str, count: Callable[..., int | None]) -> None:
    """Show a count beside a navigation item: `count(user)` (None or 0 shows nothing)."""
    app.extensions.setdefault(NAV_COUNTS, {})[endpoint] = count


def nav_count(endpoint: str) -> int | None:
    count = current_app.extensions.get(NAV_COUNTS, {}).get(endpoint)
    if count is None or not current_user.is_authenticated:
        return None
    try:
        return count(current_user)
    except SQLAlchemyError:  # a count never breaks a page
        db.session.rollback()
        return None


def unread_notifications() -> int | None:
    """The bell's unread count; None when no bell is registered or the user has none."""
    count = current_app.extensions.get(BELL)
    if count is None or not current_user.is_authenticated:
        return None
    try:
        return count(current_user)
    except SQLAlchemyError:  # the bell never breaks a page (e.g. the 503 page itself)
        db.session.rollback()
        return None


def reject_key(mapping: dict, key: str) -> dict:
    return {k: v for k, v in mapping.items() if k != key}


def merge_arg(args, key: str, value) -> dict:
    """The current query string with one argument replaced (for pagers, sort links, export links)."""
    merged = {k: v for k, v in args.items() if k != "page"}  # a new sort or filter starts at page 1
    merged[key] = value
    return merged


def register(app: Flask) -> None:
    app.add_template_filter(cn_date, "cn_date")
    app.add_template_filter(reject_key, "reject_key")
    app.add_template_filter(merge_arg, "merge_arg")
    app.add_template_global(nav_items, "nav_items")
    app.add_template_global(unread_notifications, "unread_notifications")
    app.add_template_global(nav_count, "nav_count")
