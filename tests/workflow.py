"""Shared steps of the work-item workflow tests: a seeded year with milestones, logged-in clients, report forms."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import csrf_token, login, make_user, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def dept(db, name):
    return db.session.scalar(select(Department).where(Department.name == name))


def setup_year(runner, db):
    seed(runner)
    result = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert result.exit_code == 0, result.output
    task = db.session.scalar(
        select(Task).where(Task.kind == "key_project", Task.number == 5)
    )  # lead 市卫生健康委, coop 市司法局
    q3 = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    return task, q3


def user_client(app, db, username, roles, department):
    make_user(username, roles=roles, department=dept(db, department))
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def post(client, path, data, page, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def report_form(version="", action="save", progress="完成系统需求调研。"):
    return {
        "progress": progress,
        "problems": "经费紧张",
        "next_steps": "开展招标",
        "completion_percent": "40",
        "task_status": "按计划推进",
        "version": version,
        "action": action,
    }


def office_client(app, runner, db, roles=("office",), username="office1"):
    seed(runner)
    dept = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    make_user(username, roles=roles, department=dept)
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def key_project(db, number):
    return db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))
