"""Forms of the milestone page: the lead's report and a cooperating unit's contribution."""

from __future__ import annotations

from wtforms import StringField, TextAreaField

from supervision.forms import Form, IntegerList, IntegerText, NumberedValues


class ReportForm(Form):
    """Saved as a draft, or saved and submitted (action=submit); the service checks every value."""

    version = IntegerText()
    progress = TextAreaField(default="")
    problems = TextAreaField(default="")
    next_steps = TextAreaField(default="")
    completion_percent = IntegerText(default=-1)  # unreadable: out of range, refused by the service
    task_status = StringField(default="")
    target = NumberedValues()  # target_<id>
    include = IntegerList()  # ids of the contributions taken into the report
    action = StringField(default="")

    @property
    def submitting(self) -> bool:
        return self.action.data == "submit"

    @property
    def confirming(self) -> bool:
        """报送 on the form: saved, then the confirmation page shows what will be sent (action=confirm)."""
        return self.action.data == "confirm"

    def report_data(self) -> dict:
        return {
            "progress": self.progress.data,
            "problems": self.problems.data,
            "next_steps": self.next_steps.data,
            "completion_percent": self.completion_percent.data,
            "task_status": self.task_status.data,
            "targets": self.target.data,
            "included_contributions": self.include.data,
        }


class SubmitForm(Form):
    """The confirmation page's 确认报送: the version of the draft it showed."""

    version = IntegerText()


class ContributionForm(Form):
    version = IntegerText()
    text = TextAreaField(default="")
    action = StringField(default="")

    @property
    def submitting(self) -> bool:
        return self.action.data == "submit"
