"""Wiring the indicators into the app: the quantitative targets' series on the task page (a hook point of
supervision/tasks/views.py)."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup

from supervision.hooks import add_hook
from supervision.indicators.targets import target_series

TASK_SECTIONS = "task_sections"  # hooks called with (task, user); each returns HTML or None


def task_targets_section(task, user) -> Markup | None:
    series = target_series(task)
    if not series:
        return None
    office = user is not None and user.has_role("office")  # the office writes the rule of a flagged wording
    return Markup(render_template("indicators/_task_targets.html", series=series, office=office))


def init_app(app: Flask) -> None:
    add_hook(app, TASK_SECTIONS, task_targets_section)
