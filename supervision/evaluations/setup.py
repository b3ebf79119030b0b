"""Wiring the results across years into the app: a section of the department page and of the task page (the hook
points of supervision/tasks/views.py)."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup

from supervision.clock import today
from supervision.evaluations.record import department_record, task_records
from supervision.hooks import add_hook
from supervision.milestones.lights import LIGHT_LABELS
from supervision.tasks.lifecycle import predecessors

DEPARTMENT_HISTORY = "department_history"  # hooks called with (department, user); each returns HTML or None
TASK_SECTIONS = "task_sections"  # hooks called with (task, user)


def department_section(department, user) -> Markup:
    rows = department_record(department, user, today())
    return Markup(render_template("evaluations/_department_record.html", rows=rows, department=department))


def task_section(task, user) -> Markup:
    records = task_records(task, predecessors(task), user, today())
    html = render_template("evaluations/_task_record.html", records=records, task=task, labels=LIGHT_LABELS)
    return Markup(html)


def init_app(app: Flask) -> None:
    add_hook(app, DEPARTMENT_HISTORY, department_section)
    add_hook(app, TASK_SECTIONS, task_section)
