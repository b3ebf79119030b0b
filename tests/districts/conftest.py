"""A seeded 2025 with key project 1 (各区、县(市)政府 cooperating) and accounts of the city and two districts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import csrf_token, login, make_user, seed
from tests.workflow import dept

USERS = {  # username: (roles, department)
    "office": (("office",), "市卫生健康委"),
    "leader": (("leader",), "市政府办公厅"),
    "lead_liaison": (("liaison",), "市卫生健康委"),
    "coop_liaison": (("liaison",), "市红十字会"),
    "sc_liaison": (("liaison",), "上城区"),
    "sc_head": (("dept_head",), "上城区"),
    "xh_liaison": (("liaison",), "西湖区"),
    "xh_head": (("dept_head",), "西湖区"),
}


@dataclass
class World:
    clients: dict
    task: Task
    milestone: Milestone
    page: str

    def post(self, user, path, data=None, **kwargs):
        client = self.clients[user]
        return client.post(path, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)


def key_project(db, number):
    return db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))


@pytest.fixture
def world(app, runner, db):
    seed(runner)
    result = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert result.exit_code == 0, result.output
    clients = {}
    for username, (roles, department) in USERS.items():
        make_user(username, roles=roles, department=dept(db, department))
        clients[username] = app.test_client()
        assert login(clients[username], username).status_code in (302, 303), username
    task = key_project(db, 1)
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    return World(clients, task, milestone, f"/milestones/{milestone.id}")
