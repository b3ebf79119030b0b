"""Wiring 整改 into the app: its deduction facts for the assessment, its section of a department's page."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup

from supervision.assessment.scheme.constants import DEDUCTION_FACTS
from supervision.hooks import add_hook
from supervision.rectification.deductions import overdue_rectification_facts
from supervision.rectification.queries import department_items
from supervision.rectification.services import may_read

DEPARTMENT_HISTORY = "department_history"  # the hook point of the department page (supervision/tasks/views.py)


def department_section(department, user) -> Markup | None:
    items = [item for item in department_items(department.id) if may_read(user, item)]
    if not items and not user.has_role("office"):
        return None
    return Markup(render_template("rectification/_department.html", items=items, department=department))


def init_app(app: Flask) -> None:
    add_hook(app, DEDUCTION_FACTS, overdue_rectification_facts)
    add_hook(app, DEPARTMENT_HISTORY, department_section)
