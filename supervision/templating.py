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
from supervision.labels import DEPARTMENT_KINDS, ROLES, TASK_ROLES, explain_delivery_error
from supervision.permissions import BUSINESS_READERS as BUSINESS

NAV_COUNTS = "supervision.nav_counts"  # endpoint -> count(user), registered by domains (register_nav_count)
BELL = "supervision.bell"  # the key in app.extensions of the bell's count, registered by a domain (register_bell)


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: tuple[str, ...]
    group: str = ""  # the menu it folds into when the user's navigation is long (NAV_FLAT_MAX)


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]

    @property
    def endpoints(self) -> set[str]:
        return {item.endpoint for item in self.items}


# A navigation of more items than this folds its groups into menus, so that it stays on one row.
NAV_FLAT_MAX = 10
PLANS, DISTRICTS, CLOSING, SYSTEM = "规划任务", "区县", "考核整改", "系统管理"


# The navigation, in order; an item shows when its endpoint exists and the user holds one of its roles.
NAV = [
    # one home per role: liaisons and heads land on 我的任务, leaders on 数据看板, the office on its 今日待办
    NavItem("home.office", "首页", ("office",)),
    NavItem("core.index", "首页", ("district_office", "sysadmin", "secadmin", "auditor")),
    NavItem("work.workbench", "我的任务", ("liaison", "dept_head")),
    NavItem("work.overview", "督办总览", ("office", "leader")),
    NavItem("reviews.inbox", "审核工作台", ("office", "dept_head")),
    NavItem("dashboards.index", "数据看板", BUSINESS),
    NavItem("plans.index", "规划", BUSINESS, PLANS),
    NavItem("indicators.index", "主要指标", BUSINESS, PLANS),
    NavItem("tasks.tasks", "任务查询", BUSINESS, PLANS),
    NavItem("tasks.departments", "部门", BUSINESS, PLANS),
    NavItem("districts.index", "区、县(市)", ("office",), DISTRICTS),
    NavItem("district_dashboard.index", "区县看板", ("office", "leader"), DISTRICTS),
    NavItem("district_local.index", "本地任务", ("district_office", "office", "leader"), DISTRICTS),
    NavItem("assessment.index", "年度考核", BUSINESS, CLOSING),
    NavItem("rectification.index", "整改台账", BUSINESS, CLOSING),
    NavItem("appeals.index", "考核复核", BUSINESS, CLOSING),
    NavItem("accountability.index", "约谈问责", ("office", "leader"), CLOSING),
    NavItem("bulletins.index", "通报", BUSINESS, CLOSING),
    NavItem("reminders.outbox", "催办管理", ("office",), SYSTEM),
    NavItem("channels.index", "消息渠道", ("office",), SYSTEM),
    NavItem("schedules.index", "节假日安排", ("office",), SYSTEM),
    NavItem("audit.index", "操作日志", ("office", "auditor"), SYSTEM),
    NavItem("api_tokens.index", "接口令牌", ("sysadmin",), SYSTEM),
]


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # stored times are UTC; SQLite hands them back without a zone
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(SHANGHAI)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def nav_items() -> list[NavItem | NavGroup]:
    """The user's navigation: flat when short; else each group of two or more items becomes one menu."""
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    items = [item for item in NAV if item.endpoint in endpoints and current_user.has_role(*item.roles)]
    if len(items) <= NAV_FLAT_MAX:
        return items
    members: dict[str, list[NavItem]] = {}
    for item in items:
        members.setdefault(item.group, []).append(item)
    entries: list[NavItem | NavGroup] = []
    for item in items:
        group = members.get(item.group, [])
        if not item.group or len(group) < 2:
            entries.append(item)
        elif group[0] is item:  # the menu stands where its first item would
            entries.append(NavGroup(item.group, tuple(group)))
    return entries


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


def kind_label(kind: str) -> str:
    """A department kind in words (municipal -> 市级部门)."""
    return DEPARTMENT_KINDS.get(kind, "其他单位")


def role_label(role: str) -> str:
    """A user's role or a department's role on a task in words (dept_head -> 部门负责人, lead -> 牵头)."""
    return ROLES.get(role) or TASK_ROLES.get(role, "其他")


def scheme_day(value: str) -> str:
    """A day of the assessment calendar: '01-10+1' -> 次年1月10日, '12-31' -> 当年12月31日."""
    day, _, next_year = str(value).partition("+")
    month, _, day_of_month = day.partition("-")
    if not (month.isdigit() and day_of_month.isdigit()):
        return str(value)
    return f"{'次年' if next_year else '当年'}{int(month)}月{int(day_of_month)}日"


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
    app.add_template_filter(kind_label, "kind_label")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(scheme_day, "scheme_day")
    app.add_template_filter(explain_delivery_error, "delivery_error")
    app.add_template_filter(merge_arg, "merge_arg")
    app.add_template_global(nav_items, "nav_items")
    app.add_template_global(unread_notifications, "unread_notifications")
    app.add_template_global(nav_count, "nav_count")
