"""The people, places and files of the bench data: district copies of the plans, bench accounts, a few
stored evidence files shared by every evidence row."""

from __future__ import annotations

import io
import random
import secrets

from sqlalchemy import func, select

from supervision.accounts.models import Department, User, UserRole
from supervision.bench.rows import insert_rows
from supervision.districts.models import LocalPlan
from supervision.evidence.services import storage
from supervision.extensions import db
from supervision.plans.models import Plan
from supervision.tasks.models import Task, TaskDepartment

DISTRICTS = [
    "上城区",
    "拱墅区",
    "西湖区",
    "滨江区",
    "萧山区",
    "余杭区",
    "临平区",
    "钱塘区",
    "富阳区",
    "临安区",
    "桐庐县",
    "淳安县",
    "建德市",
]
SAMPLE_FILES = 8


def district_copies(scale: int) -> int:
    """How many district plans (each a copy of the 47 city tasks led by one district) scale N adds.

    Linear in N: 0 at scale 1, 13 at scale 10 (each district once), 143 at scale 100 (each district's
    local tasks eleven times over: 144 × 47 = 6,768 tasks, about ten times scale 10).
    """
    return 0 if scale <= 1 else max(1, round(len(DISTRICTS) * (scale - 1) / 9))


def users_per_department(scale: int) -> int:
    """Bench accounts per department: 3 at scales 1 and 2, 13 at scale 10, 130 at scale 100."""
    return max(3, round(13 * scale / 10)) if scale > 1 else 3


def district_plans(base_tasks: list[Task], copies: int = len(DISTRICTS)) -> list[Task]:
    """`copies` district plans, round-robin over the 13 districts (a district's second plan is its 第2批)."""
    created = []
    departments: dict[str, Department] = {}
    for index in range(copies):
        name = DISTRICTS[index % len(DISTRICTS)]
        batch = index // len(DISTRICTS) + 1
        dept = departments.get(name) or db.session.scalar(select(Department).where(Department.name == name))
        if dept is None:
            dept = Department(name=name, kind="district")
            db.session.add(dept)
            db.session.flush()
        departments[name] = dept
        suffix = "" if batch == 1 else f"第{batch}批"
        plan = Plan(
            code=f"BENCH-{name}" + ("" if batch == 1 else f"-{batch}"),
            title=f"{name}健康城市建设任务{suffix}（压测数据）",
            start_year=2021,
            end_year=2030,
        )
        db.session.add(plan)
        db.session.add(LocalPlan(plan=plan, district_id=dept.id))  # the district's own plan (its local tasks)
        for task in base_tasks:
            copy = Task(
                plan=plan,
                kind=task.kind,
                number=task.number,
                category=task.category,
                name=task.name,
                content=task.content,
                start_year=2021,
                end_year=2030,
            )
            copy.departments = [TaskDepartment(department=dept, role="lead", position=0)]
            db.session.add(copy)
            created.append(copy)
        if index % len(DISTRICTS) == len(DISTRICTS) - 1:
            db.session.flush()  # in rounds: the unit of work stays small at scale 100
    db.session.flush()
    return created


def bench_users(scale: int, rng: random.Random) -> int:
    probe = User(username="-", password_hash="")
    probe.set_password("Bench-Passw0rd")  # one hash for every bench account: hashing 1,000 is slow
    departments = list(db.session.scalars(select(Department)))
    per_department = users_per_department(scale)
    rows, roles = [], []
    next_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    for dept in departments:
        for index in range(per_department):
            role = "dept_head" if index == 0 else "liaison"
            rows.append(
                {
                    "id": next_id,
                    "username": f"bench{next_id}",
                    "display_name": f"{dept.name}{index}",
                    "department_id": dept.id,
                    "email": f"bench{next_id}@example.org",
                    "active": True,
                    "password_hash": probe.password_hash,
                    "session_token": secrets.token_hex(16),
                    "is_demo": True,
                }
            )
            roles.append({"user_id": next_id, "role": role})
            next_id += 1
    insert_rows(User, rows)
    insert_rows(UserRole, roles)
    return len(rows)


def sample_files() -> list[tuple[str, int]]:
    store = storage()
    result = []
    for index in range(SAMPLE_FILES):
        body = b"%PDF-1.4\n% bench evidence " + str(index).encode() + b"\n%%EOF\n"
        stored = store.save(io.BytesIO(body), f"佐证材料{index}.pdf")
        result.append((stored.sha256, stored.size))
    return result
