"""`flask plan export|import`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.output import write_output
from supervision.plans.excel_read import PlanImportError, xlsx_to_plans
from supervision.plans.models import Plan
from supervision.plans.queries import ordered_plans
from supervision.plans.services import export_plans, load_plans

plan_cli = AppGroup("plan", help="规划的导出与导入。")


def selected_plans(code: str | None) -> list[Plan]:
    plans = ordered_plans(code)
    if code and not plans:
        raise click.ClickException(f"规划“{code}”不存在。")
    return plans


@plan_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True)
@click.option("--plan", "code", help="规划编号；不填则导出全部")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="输出文件；不填则写到标准输出")
def plan_export(fmt, code, out):
    """Export plans as JSON or Excel."""
    plans = selected_plans(code)
    data = export_plans(plans, fmt, code=code)
    db.session.commit()
    write_output(data, out, f"已导出 {len(plans)} 个规划到 {out}")


@plan_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def plan_import(file):
    """Import plans from an Excel file in the export layout (all or nothing)."""
    try:
        plans = xlsx_to_plans(file.read_bytes())
        counts = load_plans(plans)
    except PlanImportError as error:
        db.session.rollback()
        raise click.ClickException("导入失败，未导入任何数据：\n" + "\n".join(error.errors)) from None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(
        f"已导入规划 {counts['plans']} 个：新增任务 {counts['created']}，"
        f"更新 {counts['updated']}，未变 {counts['unchanged']}"
    )
