"""The lights rule (红黄绿灯) in Python; work/lights.py is its SQL twin."""

from __future__ import annotations

from datetime import date

from supervision.calendar.workdays import CalendarUnavailable, WorkCalendar
from supervision.milestones.models import Milestone

YELLOW_WORKING_DAYS = 5

# Worst first: lists sort by it, the dashboard shows its columns in it, a task shows its worst open light.
LIGHTS = ("red", "yellow", "green", "done", "grey", "closed")
LIGHT_ORDER = {light: rank for rank, light in enumerate(LIGHTS)}

LIGHT_LABELS = {
    "green": "按期推进",
    "yellow": "即将到期",
    "red": "已逾期",
    "done": "已完成",
    "done_late": "逾期完成",  # shown only (work/queries.py): counted, filtered and sorted as done
    "grey": "不在周期内",
    "closed": "已关闭",
}


def light_for(
    milestone: Milestone,
    report_status: str | None,
    today: date,
    calendar: WorkCalendar,
    yellow_days: int = YELLOW_WORKING_DAYS,
) -> str:
    """green / yellow / red / done / grey, as DESIGN.md defines them; closed when the task's or plan's state
    ends its supervision on `today`."""
    if report_status == "approved":
        return "done"
    task = milestone.task
    if not task.active or not task.covers_year(milestone.year):
        return "grey"
    if not task.supervised(milestone.year, today):
        return "closed"
    if today > milestone.due_date:
        return "red"
    not_submitted = report_status in (None, "draft", "returned")
    try:
        remaining = calendar.working_days_between(today, milestone.due_date)
    except CalendarUnavailable:
        remaining = (milestone.due_date - today).days
    if not_submitted and remaining <= yellow_days:
        return "yellow"
    return "green"


def worst_light(lights: list[str]) -> str:
    open_lights = [light for light in lights if light != "done"] or lights
    return min(open_lights, key=LIGHT_ORDER.__getitem__) if open_lights else "grey"
