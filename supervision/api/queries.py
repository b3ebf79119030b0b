"""The API's read side: what a token may see, filtered and paginated in the database.

A token without departments reads the city-wide data; a token with departments reads the same, and in
addition the drafts (and returned reports) of the tasks its departments lead. Evidence files are read by
city-wide tokens and, as on the web, by tokens of the task's lead department or of the uploader.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, exists, func, or_, select

from supervision.accounts.models import Department, DepartmentAlias
from supervision.api.models import ApiToken
from supervision.errors import NotFound
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import Task, TaskDepartment
from supervision.work.lights import light_case

UNOFFICIAL = ("draft", "returned")  # a report still with its department


def page(statement: Select, args: dict) -> dict:
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    number, size = args["page"], args["per_page"]
    rows = db.session.execute(statement.limit(size).offset((number - 1) * size)).all()
    items = [row[0] if len(row) == 1 else row for row in rows]
    return {"items": items, "page": {"page": number, "per_page": size, "total": total}}


def _since(statement: Select, column, args: dict) -> Select:
    since: datetime | None = args.get("updated_since")
    return statement.where(column > since) if since is not None else statement


def department_id(name: str) -> int:
    dept_id = db.session.scalar(
        select(Department.id).where(or_(Department.name == name, Department.short_name == name))
    ) or db.session.scalar(select(DepartmentAlias.department_id).where(DepartmentAlias.alias == name))
    if dept_id is None:
        raise NotFound(f"部门“{name}”不存在。")
    return dept_id


def _task_filters(statement: Select, args: dict) -> Select:
    if args.get("plan"):
        statement = statement.where(Task.plan.has(Plan.code == args["plan"]))
    if args.get("department"):
        dept_id = department_id(args["department"])
        statement = statement.where(
            exists().where(TaskDepartment.task_id == Task.id, TaskDepartment.department_id == dept_id)
        )
    if args.get("year"):
        statement = statement.where(Task.start_year <= args["year"], Task.end_year >= args["year"])
    return statement


def plans(args: dict) -> dict:
    return page(_since(select(Plan), Plan.updated_at, args).order_by(Plan.start_year, Plan.code), args)


def tasks(args: dict) -> dict:
    statement = _task_filters(select(Task).join(Plan, Plan.id == Task.plan_id), args)
    statement = _since(statement, Task.updated_at, args).order_by(Plan.code, Task.kind, Task.number, Task.id)
    return page(statement, args)


def task_or_404(task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound("任务不存在。")
    return task


def milestones(args: dict, today: date) -> dict:
    light = light_case(today).label("light")
    statement = (
        select(Milestone, light, Report.status)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
    )
    statement = _task_filters(statement, {k: v for k, v in args.items() if k != "year"})
    if args.get("year"):
        statement = statement.where(Milestone.year == args["year"])
    statement = _since(statement, Milestone.updated_at, args).order_by(Milestone.due_date, Milestone.id)
    result = page(statement, args)
    result["items"] = [_milestone_row(m, lt, status) for m, lt, status in result["items"]]
    return result


def _milestone_row(milestone: Milestone, light: str, status: str | None) -> dict:
    return {
        "id": milestone.id,
        "task_id": milestone.task_id,
        "year": milestone.year,
        "key": milestone.key,
        "title": milestone.title,
        "due_date": milestone.due_date,
        "light": light,
        "report_status": status,
        "updated_at": milestone.updated_at,
    }


def milestone_or_404(milestone_id: int) -> Milestone:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None:
        raise NotFound("节点不存在。")
    return milestone


def _lead_of(token: ApiToken):
    """Tasks led by one of the token's departments."""
    return exists().where(
        TaskDepartment.task_id == Milestone.task_id,
        TaskDepartment.role == "lead",
        TaskDepartment.department_id.in_(token.department_ids or {-1}),
    )


def reports(token: ApiToken, args: dict) -> dict:
    statement = (
        select(Report)
        .join(Milestone, Milestone.id == Report.milestone_id)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(or_(Report.status.not_in(UNOFFICIAL), _lead_of(token)))
    )
    statement = _task_filters(statement, {k: v for k, v in args.items() if k != "year"})
    if args.get("year"):
        statement = statement.where(Milestone.year == args["year"])
    return page(_since(statement, Report.updated_at, args).order_by(Report.id), args)


def report_visible(token: ApiToken, report: Report) -> bool:
    if report.status not in UNOFFICIAL:
        return True
    return any(
        row.role == "lead" and row.department_id in token.department_ids for row in report.milestone.task.departments
    )


def report_or_404(token: ApiToken, report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None or not report_visible(token, report):
        raise NotFound("报告不存在。")  # another department's draft is not even said to exist
    return report


def _files_visible(token: ApiToken):
    """The web's rule (permissions.can_read_work): a city-wide token reads every file, like the office;
    a department token reads the files of tasks its departments lead, and the files they uploaded."""
    if not token.department_ids:
        return Evidence.id.is_not(None)
    return or_(_lead_of(token), Evidence.department_id.in_(token.department_ids))


def _evidence_select(token: ApiToken) -> Select:
    return (
        select(Evidence)
        .join(Milestone, Milestone.id == Evidence.milestone_id)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Evidence.withdrawn_at.is_(None), _files_visible(token))
    )


def evidence(token: ApiToken, args: dict) -> dict:
    statement = _task_filters(_evidence_select(token), {k: v for k, v in args.items() if k != "year"})
    if args.get("year"):
        statement = statement.where(Milestone.year == args["year"])
    return page(_since(statement, Evidence.uploaded_at, args).order_by(Evidence.id), args)


def evidence_or_404(token: ApiToken, evidence_id: int) -> Evidence:
    found = db.session.scalar(_evidence_select(token).where(Evidence.id == evidence_id))
    if found is None:
        raise NotFound("佐证材料不存在。")  # another department's file is not even said to exist
    return found
