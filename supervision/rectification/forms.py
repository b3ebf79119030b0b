"""Forms of the 整改 pages; the services check every value again and refuse in Chinese."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField

from supervision.forms import Form, IntegerText


class OpenForm(Form):
    department_id = IntegerText(default=None)
    requirement = TextAreaField(default="")
    working_days = IntegerText(default=None)
    source_kind = StringField(default="other")
    source_id = IntegerText(default=None)
    source_label = StringField(default="")


class AnswerForm(Form):
    text = TextAreaField(default="")
    files = FileField()  # several files: read with request.files.getlist


class DecisionForm(Form):
    outcome = StringField(default="")
    comment = TextAreaField(default="")
