"""The review form on the milestone page (templates/work/_review_form.html)."""

from __future__ import annotations

from wtforms import StringField, TextAreaField

from supervision.forms import Form, IntegerList, NumberedValues


class ReviewForm(Form):
    """通过 (approved) or 退回 (returned, with a comment) at the department head's or the office's stage."""

    outcome = StringField(default="")
    comment = TextAreaField(default="")
    stage = StringField(default="office")

    @property
    def approving(self) -> bool:
        return self.outcome.data == "approved"


class BatchReviewForm(Form):
    """The inbox's batch: the ticked reports, 通过 with one shared comment or 退回 each with its own
    (inputs named `return_<report id>`)."""

    stage = StringField(default="office")
    outcome = StringField(default="")
    selected = IntegerList()
    comment = TextAreaField(default="")
    returns = NumberedValues()
