"""Wiring 约谈/问责 into the app: deduction facts (records and issued notices), the department page's section."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup

from supervision.accountability.deductions import notice_facts, record_facts
from supervision.accountability.services import readable_records
from supervision.assessment.scheme.constants import DEDUCTION_FACTS
from supervision.hooks import add_hook

DEPARTMENT_HISTORY = "department_history"  # the hook point of the department page (supervision/tasks/views.py)


def department_section(department, user) -> Markup | None:
    records = readable_records(user, department.id)
    if not records and not user.has_role("office"):
        return None
    return Markup(render_template("accountability/_department.html", records=records, department=department))


def init_app(app: Flask) -> None:
    add_hook(app, DEDUCTION_FACTS, notice_facts)
    add_hook(app, DEDUCTION_FACTS, record_facts)
    add_hook(app, DEPARTMENT_HISTORY, department_section)
