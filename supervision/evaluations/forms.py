"""Forms of the evaluation page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from supervision.evaluations.models import SECTIONS
from supervision.tasks.models import VERDICTS

LIMIT = Length(max=20000, message="每部分不能超过 20000 字。")


class SectionsForm(FlaskForm):
    achievements = TextAreaField(SECTIONS["achievements"], validators=[LIMIT])
    problems = TextAreaField(SECTIONS["problems"], validators=[LIMIT])
    next_steps = TextAreaField(SECTIONS["next_steps"], validators=[LIMIT])


class VerdictForm(FlaskForm):
    verdict = SelectField("结论", choices={"": "恢复系统建议"} | {v: v for v in VERDICTS}, validate_choice=False)
    reason = TextAreaField("理由", validators=[Length(max=2000, message="理由不能超过 2000 字。")])
