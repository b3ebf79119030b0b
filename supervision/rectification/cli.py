"""`flask rectification remind`: the day's 整改 reminders and escalations (the scheduled job, by hand)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from supervision.clock import today as local_today
from supervision.extensions import db
from supervision.rectification.reminders import run_rectification_reminders
from supervision.validation import parse_date

rectification_cli = AppGroup("rectification", help="整改。")


@rectification_cli.command("remind")
@click.option("--today", "day", default="", help="按该日期（YYYY-MM-DD）执行，默认今天")
def remind(day):
    """Remind and escalate the open 整改 items of the day."""
    when = parse_date(day) if day else local_today()
    if when is None:
        raise click.ClickException("日期格式应为 YYYY-MM-DD。")
    run = run_rectification_reminders(when)
    db.session.commit()
    if not run.working_day:
        click.echo("非工作日，未发送。")
        return
    click.echo(f"整改提醒 {len(run.queued.letters)} 人，升级督办 {len(run.escalated)} 项。")
