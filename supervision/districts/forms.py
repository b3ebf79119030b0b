"""Forms of the district pages."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField

from supervision.forms import Form


class DistrictForm(Form):
    """A district unit's name; the service checks it (empty, too long, taken)."""

    name = StringField(default="")
    short_name = StringField(default="")
    active = BooleanField(default=False)


class ReturnForm(Form):
    reason = TextAreaField(default="")


class IncludeForm(Form):
    pass
