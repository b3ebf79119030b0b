"""`flask plan export|import|evaluate|close|reopen`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.clock import today as clock_today
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.output import write_output
from supervision.plans.excel_read import PlanImportError
from supervision.plans.importing import import_plan_workbook
from supervision.plans.lifecycle import close_plan, evaluate_plan, reopen_plan
from supervision.plans.models import Plan
from supervision.plans.queries import ordered_plans
from supervision.plans.services import export_plans

plan_cli = AppGroup("plan", help="规划的导出、导入与状态（收尾评估、结束、重新启用）。")


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
        with file.open("rb") as stream:  # read no further than IMPORT_MAX_BYTES
            counts = import_plan_workbook(stream)
    except PlanImportError as error:
        db.session.rollback()
        raise click.ClickException("导入失败，未导入任何数据：\n" + "\n".join(error.errors)) from None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(
        f"已导入规划 {counts['plans']} 个：新增任务 {counts['created']}，"
        f"更新 {counts['updated']}，未变 {counts['unchanged']}，指标 {counts['indicators']}"
    )


def _state_command(name: str, change, done: str, help_text: str) -> None:
    @plan_cli.command(name, help=help_text)
    @click.argument("code")
    @click.option("--reason", required=True, help="原因（写入操作日志）")
    @click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="生效日期，默认今天")
    def command(code, reason, today):
        plan = selected_plans(code)[0]
        try:
            change(plan, reason, today=today.date() if today else clock_today())
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        db.session.commit()
        click.echo(f"规划 {plan.code}“{plan.title}”{done}（自 {plan.status_on.isoformat()} 起）")


_state_command("evaluate", evaluate_plan, "已转入收尾评估：只督办最后一年的未完成事项", "Move a plan to 收尾评估.")
_state_command("close", close_plan, "已结束：不再督办", "Close a plan (已结束): nothing of it is supervised.")
_state_command("reopen", reopen_plan, "已重新启用：恢复督办", "Reopen a plan (执行中 again).")
