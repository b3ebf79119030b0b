"""Forms of the office's schedule page and of the milestone editors."""

from __future__ import annotations

from wtforms import StringField

from supervision.forms import DateText, Form, IntegerList, IntegerText, Present, YearText

NUMBERS_MISSING = "请完整填写各项数字。"


class GenerateForm(Form):
    year = YearText(validators=[Present("请填写有效的年份。")])


class ScheduleForm(Form):
    """The yearly template: which quarters get a report, when reports and the annual summary are due."""

    year = YearText(validators=[Present(NUMBERS_MISSING)])
    quarters = IntegerList()
    report_working_days = IntegerText(validators=[Present(NUMBERS_MISSING)])
    annual_month = IntegerText(validators=[Present(NUMBERS_MISSING)])
    annual_day = IntegerText(validators=[Present(NUMBERS_MISSING)])


class CalendarExceptionForm(Form):
    day = DateText(validators=[Present("请填写有效的日期（如 2025-10-11）。")])
    kind = StringField(default="")
    note = StringField(default="")


class MilestoneForm(Form):
    """Adding or editing a milestone (an empty title is refused by the service)."""

    title = StringField(default="")
    due_date = DateText(validators=[Present("请填写有效的截止日期。")])
