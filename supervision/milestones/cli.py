"""`flask milestones generate` and `flask status export`."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS
from supervision.milestones.services import generate_milestones
from supervision.output import write_output
from supervision.plans.models import Plan
from supervision.reports.models import REPORT_STATUS_LABELS
from supervision.tasks.models import Task
from supervision.work.queries import milestones_of_year, rows_for

milestones_cli = AppGroup("milestones", help="年度节点。")
status_cli = AppGroup("status", help="督办台账导出。")


@milestones_cli.command("generate")
@click.option("--year", type=int, required=True)
def milestones_generate(year):
    """Create the year's default milestones for every task whose period covers it (idempotent)."""
    try:
        result = generate_milestones(year)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{year} 年：{result['tasks']} 项任务，新增节点 {result['created']} 个")
    if result["warning"]:
        click.echo("注意：" + result["warning"], err=True)


def status_data(year: int, today) -> dict:
    """Every active task with its milestones of the year, their status and light."""
    rows = rows_for(milestones_of_year(year), today)
    by_task: dict[int, list] = {}
    for row in rows:
        by_task.setdefault(row.milestone.task_id, []).append(row)
    tasks = db.session.scalars(
        db.select(Task)
        .join(Plan)
        .where(Task.active)
        .order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
    ).all()
    return {
        "year": year,
        "tasks": [
            {
                "plan": task.plan.code,
                "kind": task.kind,
                "number": task.number,
                "name": task.name,
                "lead": [d.name for d in task.lead_departments],
                "cooperating": [d.name for d in task.cooperating_departments],
                "milestones": [
                    {
                        "title": r.milestone.title,
                        "due_date": r.milestone.due_date.isoformat(),
                        "status": r.status or "not_started",
                        "light": r.light,
                    }
                    for r in by_task.get(task.id, [])
                ],
            }
            for task in tasks
        ],
    }


def status_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{data['year']}年督办台账"
    sheet.append(["规划", "类型", "序号", "任务名称", "牵头部门", "配合部门", "节点", "截止日期", "报告状态", "状态灯"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for task in data["tasks"]:
        base = [
            task["plan"],
            "重点任务" if task["kind"] == "key_project" else "行动",
            task["number"],
            task["name"],
            "、".join(task["lead"]),
            "、".join(task["cooperating"]),
        ]
        for m in task["milestones"] or [None]:
            if m is None:
                sheet.append([*base, "", "", "", ""])
                continue
            sheet.append(
                [
                    *base,
                    m["title"],
                    m["due_date"],
                    REPORT_STATUS_LABELS.get(m["status"], "未填报"),
                    LIGHT_LABELS[m["light"]],
                ]
            )
    for column, width in zip("ABCDEFGHIJ", (16, 8, 6, 30, 24, 30, 22, 12, 16, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@status_cli.command("export")
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def status_export(year, fmt, out):
    """Export the year's ledger (台账) of every active task with its milestones and lights."""
    from supervision.clock import today

    data = status_data(year, today())
    payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode() if fmt == "json" else status_xlsx(data)
    write_output(payload, out, f"已导出 {len(data['tasks'])} 项任务到 {out}")
