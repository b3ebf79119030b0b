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


class LocalTaskForm(Form):
    """A local task and its first milestone; the service checks the values (empty, too long, dates)."""

    name = StringField(default="")
    content = TextAreaField(default="")
    milestone_title = StringField(default="")
    due_date = StringField(default="")


class LocalMilestoneForm(Form):
    title = StringField(default="")
    due_date = StringField(default="")


class LocalReviewForm(Form):
    outcome = StringField(default="")
    comment = TextAreaField(default="")
