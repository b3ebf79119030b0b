"""Forms of the task pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Length

from supervision.tasks.models import VERDICTS


class AssignForm(FlaskForm):
    lead = SelectMultipleField("牵头部门", coerce=int)
    cooperating = SelectMultipleField("配合部门", coerce=int)


class BatchAssignForm(AssignForm):
    tasks = SelectMultipleField("任务", coerce=int)


class TaskStateForm(FlaskForm):
    action = SelectField(
        "操作",
        choices={"completed": "办结（销号）", "suspended": "中止", "carried_over": "转入新规划", "open": "恢复推进"},
        validate_choice=False,
    )
    verdict = SelectField("办结结论", choices={"": "—"} | {v: v for v in VERDICTS}, validate_choice=False)
    successor = SelectField("接续任务", choices={"": "—"}, validate_choice=False)
    reason = TextAreaField("原因", validators=[Length(max=500, message="原因不能超过 500 字。")])
