"""Forms of the 约谈/问责 pages; the services check every value again and refuse in Chinese."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField

from supervision.forms import DateText, Form, IntegerList, IntegerText


class RecordForm(Form):
    department_id = IntegerText(default=None)
    kind = StringField(default="interview")
    held_on = DateText()
    people = StringField(default="")
    reason = TextAreaField(default="")
    outcome = TextAreaField(default="")
    task_ids = IntegerList()
    notice_ids = IntegerList()
    files = FileField()  # several files: read with request.files.getlist


class FilesForm(Form):
    files = FileField()
