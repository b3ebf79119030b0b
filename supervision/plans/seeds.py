"""Reading the seed files in seeds/ and loading plans and demo data (indicators: supervision/indicators/seeds.py)."""

from __future__ import annotations

import secrets
from pathlib import Path

import yaml
from sqlalchemy import select

from supervision.accounts.models import User
from supervision.accounts.services import create_user
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.plans.models import Plan
from supervision.plans.services import department_index, load_plans
from supervision.tasks.models import Task
from supervision.tasks.services import set_demo_leads

PLAN_KEYS = ("code", "title", "period", "tasks")
TASK_KEYS = ("kind", "number", "category", "name", "content", "period")


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DomainError(f"{path.name} 不是有效的 YAML：{error}") from None


def read_plan_file(path: Path) -> dict:
    data = _read_yaml(path)
    missing = [k for k in PLAN_KEYS if k not in data]
    if missing:
        raise DomainError(f"{path.name} 缺少字段：{', '.join(missing)}")
    for index, task in enumerate(data["tasks"], start=1):
        missing = [k for k in TASK_KEYS if k not in task]
        if missing:
            raise DomainError(f"{path.name} 第 {index} 个任务缺少字段：{', '.join(missing)}")
        task.setdefault("lead", [])
        task.setdefault("cooperating", [])
        task.setdefault("targets", [])
    return {
        "code": data["code"],
        "title": data["title"],
        "period": list(data["period"]),
        "document": data.get("document"),
        "tasks": data["tasks"],
    }


def load_plan_files(folder: Path) -> dict[str, int]:
    return load_plans([read_plan_file(p) for p in sorted(folder.glob("*.yaml"))])


def load_demo(path: Path, plan_code: str = "HZ-ACTION-2023-2025") -> dict[str, int]:
    """Demo accounts and demo lead departments for the actions (marked as demo)."""
    data = _read_yaml(path)
    index = department_index()
    counts = {"accounts": 0, "assignments": 0, "passwords": {}}
    for account in data.get("accounts") or []:
        if db.session.scalar(select(User.id).where(User.username == account["username"])):
            continue
        password = demo_password(account["username"])
        create_user(
            username=account["username"],
            password=password,
            department_name=account["department"],
            roles=account["roles"],
            display_name=account.get("display_name"),
            is_demo=True,
        )
        counts["accounts"] += 1
        counts["passwords"][account["username"]] = password
    tasks = {
        t.number: t
        for t in db.session.scalars(select(Task).join(Plan).where(Plan.code == plan_code, Task.kind == "action"))
    }
    unknown = sorted({n for row in data.get("action_leads") or [] for n in row["lead"] if n not in index})
    if unknown:
        raise DomainError("演示数据中的部门不存在：" + "、".join(unknown))
    for row in data.get("action_leads") or []:
        task = tasks.get(row["number"])
        if task is not None and set_demo_leads(task, row["lead"], index):
            counts["assignments"] += 1
    return counts


def demo_password(username: str) -> str:
    """A random password that meets the policy; printed once by `flask seed --demo`."""
    return f"Demo-{secrets.token_urlsafe(9)}-7"
