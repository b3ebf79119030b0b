"""Test data builders: one `make_<model>()` per model, with defaults and keyword overrides; each flushes
(make_department and make_user commit) and returns the object.

A report or contribution given an `actor` walks the workflow through the real services (and the audit
log); without one the row is written in the requested state directly, for tests that only read.
"""

from __future__ import annotations

import io
import itertools
from datetime import date

import pyotp

from supervision.accounts.models import Department, DepartmentAlias, User
from supervision.accounts.services import create_user, find_department
from supervision.accounts.totp import REQUIRED_ROLES
from supervision.evidence.models import Evidence
from supervision.evidence.services import judge_evidence, upload_evidence
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Contribution, Report
from supervision.reports.services import save_contribution, save_report, submit_report
from supervision.reviews.services import head_review, office_review
from supervision.tasks.models import Task, TaskDepartment

PASSWORD = "Test-Passw0rd"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT_FORM = {
    "progress": "按计划推进。",
    "problems": "",
    "next_steps": "继续推进。",
    "completion_percent": 50,
    "task_status": "按计划推进",
}
_serial = itertools.count(1)


def _department(dept: Department | str) -> Department:
    return dept if isinstance(dept, Department) else find_department(dept) or make_department(dept)


def make_department(
    name: str = "市卫生健康委", kind: str = "municipal", aliases: tuple[str, ...] = (), **fields
) -> Department:
    """Committed, like make_user: a failing command or request in the test rolls the session back."""
    dept = Department(name=name, kind=kind, aliases=[DepartmentAlias(alias=a) for a in aliases], **fields)
    db.session.add(dept)
    db.session.commit()
    return dept


def make_user(
    username: str = "office1", roles: tuple[str, ...] = ("office",), department=None, totp: bool | None = None, **kwargs
) -> User:
    """A user who has already changed the first password and, where the role requires it (or `totp`),
    enrolled an authenticator, so that `login()` reaches the home page. Committed, unlike the other
    builders: the user is often logged in from another connection (a browser, a backup)."""
    department = _department(department or "市卫生健康委")
    kwargs.setdefault("must_change_password", False)
    user = create_user(
        username=username, password=PASSWORD, department_name=department.name, roles=list(roles), **kwargs
    )
    if totp or (totp is None and set(roles) & {r.value for r in REQUIRED_ROLES}):
        user.totp_secret = pyotp.random_base32()
    db.session.commit()
    return user


def make_plan(
    code: str | None = None, title: str = "测试规划", start_year: int = 2021, end_year: int = 2025, **fields
) -> Plan:
    code = code or f"test-plan-{next(_serial)}"
    plan = Plan(code=code, title=title, start_year=start_year, end_year=end_year, **fields)
    db.session.add(plan)
    db.session.flush()
    return plan


def make_task(
    plan: Plan | None = None,
    *,
    kind: str = "key_project",
    number: int | None = None,
    lead: tuple[Department | str, ...] = ("市卫生健康委",),
    cooperating: tuple[Department | str, ...] = (),
    **fields,
) -> Task:
    """A task of `plan` (a new plan by default) with its lead and cooperating departments (objects or names)."""
    plan = plan or make_plan()
    fields = {"category": "健康治理项目", "name": "测试任务", "content": "测试任务内容。"} | fields
    fields.setdefault("start_year", plan.start_year)
    fields.setdefault("end_year", plan.end_year)
    number = number or 1 + max((t.number for t in plan.tasks if t.kind == kind), default=0)
    roles = [("lead", _department(d)) for d in lead] + [("cooperating", _department(d)) for d in cooperating]
    departments = [TaskDepartment(department=d, role=role, position=i) for i, (role, d) in enumerate(roles)]
    task = Task(plan=plan, kind=kind, number=number, departments=departments, **fields)
    db.session.add(task)
    db.session.flush()
    return task


def make_milestone(
    task: Task | None = None,
    *,
    year: int = 2025,
    key: str | None = None,
    title: str = "测试节点",
    due_date: date = date(2025, 10, 14),
    **fields,
) -> Milestone:
    milestone = Milestone(task=task or make_task(), year=year, key=key, title=title, due_date=due_date, **fields)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def make_report(
    milestone: Milestone | None = None,
    *,
    status: str = "draft",
    actor: User | None = None,
    head: User | None = None,
    reviewer: User | None = None,
    comment: str = "请补充材料",
    **fields,
) -> Report:
    """A report in `status`. With `actor` (a lead liaison) through save_report and submit_report, then the
    department head's approval (when `head` is given) and the office's review (`reviewer`); form fields in
    `fields` fill the form, the others are set afterwards. Without `actor` the row is written directly."""
    milestone = milestone or make_milestone()
    if actor is None:
        report = Report(milestone=milestone, status=status, **fields)
        db.session.add(report)
        db.session.flush()
        return report
    form = REPORT_FORM | {k: fields.pop(k) for k in list(fields) if k in REPORT_FORM or k == "targets"}
    report = save_report(milestone, form, expected_version=None, actor=actor)
    if status != "draft":
        submit_report(report, expected_version=None, actor=actor)
    if head is not None and status != "submitted" and report.status == "submitted":
        head_review(report, "approved", "", actor=head)
    if status in ("approved", "returned"):
        office_review(report, status, comment if status == "returned" else "", actor=reviewer)
    for name, value in fields.items():
        setattr(report, name, value)
    db.session.flush()
    return report


def make_contribution(
    milestone: Milestone | None = None,
    *,
    status: str = "draft",
    text: str = "已配合完成。",
    actor: User | None = None,
    department: Department | str | None = None,
    **fields,
) -> Contribution:
    """A cooperating unit's contribution. With `actor` (its liaison) through save_contribution (submitted when
    `status` is "submitted"); without, the row of `department` (the first cooperating one) directly."""
    milestone = milestone or make_milestone(make_task(cooperating=("市司法局",)))
    if actor is not None:
        contribution = save_contribution(
            milestone, text, submit=status == "submitted", expected_version=None, actor=actor
        )
        for name, value in fields.items():
            setattr(contribution, name, value)
    else:
        department = _department(department or milestone.task.cooperating_departments[0])
        contribution = Contribution(milestone=milestone, department=department, status=status, text=text, **fields)
        db.session.add(contribution)
    db.session.flush()
    return contribution


def make_evidence(
    milestone: Milestone | None = None,
    *,
    actor: User | None = None,
    filename: str = "材料.pdf",
    content: bytes | None = None,
    verdict: str | None = None,
    judge: User | None = None,
    reason: str | None = None,
) -> Evidence:
    """A file uploaded through upload_evidence by `actor` (a new liaison of the lead department by default),
    judged by the office user `judge` when `verdict` is given."""
    milestone = milestone or make_milestone()
    if actor is None:
        lead = milestone.task.lead_departments[0]
        actor = make_user(f"evidence{next(_serial)}", roles=("liaison",), department=lead)
    content = PDF + filename.encode() if content is None else content
    evidence = upload_evidence(milestone, io.BytesIO(content), filename, actor=actor)
    if verdict:
        reason = ("" if verdict == "accepted" else "与节点无关") if reason is None else reason
        judge_evidence(evidence, verdict, reason, actor=judge)
    db.session.flush()
    return evidence
