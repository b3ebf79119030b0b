"""`flask bench generate --scale N`: realistic data at 1× (the real plans) or about N× the real load.

Scale 1 is the seeded plans (47 tasks) and departments, five years (2021-2025) of milestones with reports
and evidence records. Scale N > 1 covers ten years (2021-2030; the years after the data's "today" are
planned, not yet reported) with 18 evidence records per report, and grows linearly with N: it adds
`district_copies(N)` district plans, each a copy of the 47 tasks led by one of the 13 districts and
counties (1 at scale 2, 13 at scale 10, 143 at scale 100: every district's local tasks eleven times over),
and `users_per_department(N)` accounts in every department (3, 13, 130). So scale 10 is 658 tasks,
32,900 milestones, ~300,000 evidence records and 949 users, and scale 100 about ten times that (6,768
tasks, 338,400 milestones, ~3 million evidence records, 9,490 users). Evidence rows share a few small
stored files (content-addressed storage stores each distinct file once). Rows are written in batches
(`rows.BATCH`) as they are made, so memory stays flat whatever N.

Inside the app package, not bench/ (the load scripts): `flask bench generate` needs the app's models.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from supervision.accounts.models import User, UserRole
from supervision.audit.models import AuditEvent
from supervision.audit.services import GENESIS
from supervision.bench.population import bench_users, district_copies, district_plans, sample_files
from supervision.bench.rows import BATCH, audit_event_row, flush_rows, sync_sequences
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.tasks.models import Task

QUARTER_DUE = {"Q1": (4, 10), "Q2": (7, 10), "Q3": (10, 14), "Q4": (1, 10), "annual": (12, 15)}
# The data's "today": reports exist up to here, the years after it are planned but not yet reported, and
# the last weeks hold open items (drafts, reviews, a few missing reports) for reminders to act on.
BENCH_TODAY = date(2025, 12, 20)
MISSING_SHARE = 0.05


def generate(scale: int, *, today: date | None = None, seed: int = 20251231) -> dict[str, int | str]:
    """Fill the (seeded) database; returns row counts. Not idempotent: run on an empty, seeded database.

    `today` defaults to BENCH_TODAY.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = random.Random(seed)
    if db.session.scalar(select(func.count()).select_from(Milestone)):
        raise RuntimeError("数据库中已有节点数据：请在仅执行过 flask seed 的空库上生成压测数据。")
    tasks = list(db.session.scalars(select(Task)))
    copies = district_copies(scale)
    tasks += district_plans(tasks, copies)
    users = bench_users(scale, rng)
    years = range(2021, 2021 + (5 if scale == 1 else 10))
    today = today or BENCH_TODAY
    files = sample_files()
    counts = {
        "scale": scale,
        "years": f"{years[0]}-{years[-1]}",
        "district_plans": copies,
        "tasks": len(tasks),
        "users": users,
    }
    counts.update(_work(tasks, years, scale, today, rng, files))
    sync_sequences()
    db.session.commit()
    return counts


def _due(year: int, key: str) -> date:
    month, day = QUARTER_DUE[key]
    return date(year + 1 if key == "Q4" else year, month, day)


def _work(tasks, years, scale, today, rng, files) -> dict[str, int]:
    evidence_per_milestone = 3 if scale == 1 else 18
    lead_users = dict(
        db.session.execute(
            select(UserRole.user_id, User.department_id).join(User).where(UserRole.role == "liaison")
        ).all()
    )
    by_department: dict[int, int] = {}
    for user_id, department_id in lead_users.items():
        by_department.setdefault(department_id, user_id)
    fallback_user = next(iter(lead_users))
    milestone_id = (db.session.scalar(select(func.max(Milestone.id))) or 0) + 1
    report_id = (db.session.scalar(select(func.max(Report.id))) or 0) + 1
    milestones, reports, evidence, events = [], [], [], []
    counts = {"milestones": 0, "reports": 0, "evidence": 0, "audit_events": 0}
    chain = {"prev": db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS}
    for task in tasks:
        lead = task.departments[0].department_id if task.departments else None
        uploader = by_department.get(lead, fallback_user)
        for year in years:
            for key, title in (
                ("Q1", "第1季度进展报告"),
                ("Q2", "第2季度进展报告"),
                ("Q3", "第3季度进展报告"),
                ("Q4", "第4季度进展报告"),
                ("annual", "年度工作总结"),
            ):
                due = _due(year, key)
                milestones.append(
                    {
                        "id": milestone_id,
                        "task_id": task.id,
                        "year": year,
                        "key": key,
                        "title": f"{year}年{title}",
                        "due_date": due,
                    }
                )
                missing = due > today - timedelta(days=120) and rng.random() < MISSING_SHARE
                if due <= today + timedelta(days=30) and not missing:
                    late = rng.random() < 0.15
                    submitted = datetime.combine(
                        due + timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 5)), time(9), tzinfo=UTC
                    )
                    status = "approved" if due < today - timedelta(days=20) else rng.choice(["draft", "pending_review"])
                    reports.append(
                        {
                            "id": report_id,
                            "milestone_id": milestone_id,
                            "status": status,
                            "progress": "按计划推进，已完成阶段性目标。",
                            "problems": "",
                            "next_steps": "",
                            "completion_percent": rng.randint(40, 100),
                            "task_status": "按计划推进",
                            "submitted_at": submitted,
                            "approved_at": submitted + timedelta(days=3) if status == "approved" else None,
                            "version": 1,
                            "updated_by_id": uploader,
                        }
                    )
                    events.append(audit_event_row(chain, "report.submit", "report", report_id, uploader, submitted))
                    for n in range(evidence_per_milestone):
                        sha, size = files[(milestone_id + n) % len(files)]
                        evidence.append(
                            {
                                "milestone_id": milestone_id,
                                "department_id": lead or 1,
                                "uploader_id": uploader,
                                "filename": f"佐证材料{n + 1}.pdf",
                                "sha256": sha,
                                "size": size,
                                "kind": "pdf",
                                "uploaded_at": submitted,
                                "verdict": "accepted" if status == "approved" else None,
                            }
                        )
                    report_id += 1
                milestone_id += 1
            if len(milestones) >= BATCH:
                flush_rows(milestones, reports, evidence, events, counts)
    flush_rows(milestones, reports, evidence, events, counts)
    return counts
