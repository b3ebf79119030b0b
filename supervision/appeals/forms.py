"""Forms of the 复核 pages; the services check every value again and refuse in Chinese."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField

from supervision.forms import DateText, Form, IntegerText


class AppealForm(Form):
    target = StringField(default="")
    text = TextAreaField(default="")
    files = FileField()  # several files: read with request.files.getlist


class DecisionForm(Form):
    outcome = StringField(default="")
    reply = TextAreaField(default="")
    adjustment = StringField(default="")  # "bonus:<item>" or "deduction:<item>" of the scheme's manual items
    level = StringField(default="")
    count = IntegerText(default=1)


class PublicityForm(Form):
    start = DateText()
    end = DateText()
