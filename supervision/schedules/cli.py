"""`flask calendar import FILE`, `flask calendar show YEAR` and `flask calendar template YEAR`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.output import write_output
from supervision.schedules.data import ScheduleImportError
from supervision.schedules.excel import template_xlsx
from supervision.schedules.files import read_schedule_file
from supervision.schedules.services import find_schedule, import_schedule, schedule_data, year_overview

calendar_cli = AppGroup("calendar", help="国务院节假日安排（工作日计算）。")
WEEKDAYS = "一二三四五六日"


@calendar_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_import(file: Path):
    """Enter a year's State Council schedule from YAML or the Excel template (all or nothing)."""
    try:
        result = import_schedule(read_schedule_file(file.name, file.read_bytes()))
    except ScheduleImportError as error:
        db.session.rollback()
        raise click.ClickException("未导入，请修改后重试：\n" + "\n".join(error.errors)) from None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    schedule = result.schedule
    if not result.changed:
        click.echo(f"{schedule.year} 年节假日安排与已录入的相同，未作修改。")
        return
    verb = "已录入" if result.created else "已替换"
    click.echo(
        f"{verb} {schedule.year} 年节假日安排：放假 {len(schedule.holidays)} 项，调休上班 {len(schedule.workdays)} 天"
        f"（{schedule.source}）"
    )
    if result.redated:
        click.echo(f"已按新安排调整 {result.redated} 个节点的截止日期。")


def _day(d) -> str:
    return f"{d.month}月{d.day}日（周{WEEKDAYS[d.weekday()]}）"


@calendar_cli.command("show")
@click.argument("year", type=click.IntRange(2000, 2100))
def calendar_show(year: int):
    """Print the year's holidays, make-up working days and what they rest on."""
    overview = year_overview(year)
    click.echo(f"{year} 年：{overview.label}" + ("（暂定）" if overview.provisional else ""))
    if overview.source:
        click.echo(f"依据：{overview.source}")
    for period in overview.holidays:
        days = (period.end - period.start).days + 1
        span = _day(period.start) if days == 1 else f"{_day(period.start)}至{_day(period.end)}"
        click.echo(f"  放假  {period.name}：{span}，共 {days} 天")
    for day in overview.workdays:
        click.echo(f"  上班  {_day(day)}（调休）")
    if not overview.holidays and not overview.workdays:
        click.echo("  （无放假安排数据）")


@calendar_cli.command("template")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def calendar_template(year: int, out: Path | None):
    """Write the Excel template of the year (filled with its entered schedule, if any)."""
    schedule = find_schedule(year)
    payload = template_xlsx(schedule_data(schedule) if schedule else None, year)
    write_output(payload, out, f"已生成 {year} 年节假日安排模板：{out}")
