"""Forms of the bulletin pages; the services check the values and refuse in Chinese."""

from __future__ import annotations

from wtforms import StringField, TextAreaField

from supervision.bulletins.document import SECTIONS
from supervision.forms import Form, IntegerText, YearText


class DraftForm(Form):
    kind = StringField(default="quarter")
    year = YearText()
    quarter = IntegerText()
    month = IntegerText()


class TextsForm(Form):
    overview = TextAreaField(SECTIONS["overview"], default="")
    on_time = TextAreaField(SECTIONS["on_time"], default="")
    overdue = TextAreaField(SECTIONS["overdue"], default="")
    red = TextAreaField(SECTIONS["red"], default="")
    ranking = TextAreaField(SECTIONS["ranking"], default="")
    practice = TextAreaField(SECTIONS["practice"], default="")
    rectify = TextAreaField(SECTIONS["rectify"], default="")


class ExcerptForm(Form):
    report_id = IntegerText()
    text = TextAreaField(default="")


class ActionForm(Form):
    pass
