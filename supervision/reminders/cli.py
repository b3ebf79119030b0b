"""`flask reminders run` and `flask outbox send`: the daily job and the sender, run by hand."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.reminders.digests import run_digests
from supervision.reminders.dispatch import Queued
from supervision.reminders.models import KIND_LABELS
from supervision.reminders.outbox import drain_outbox
from supervision.reminders.services import run_reminders

reminders_cli = AppGroup("reminders", help="催办、升级督办与汇总。")
outbox_cli = AppGroup("outbox", help="待发消息（邮件、Webhook）。")
cli_groups: list[AppGroup] = [reminders_cli, outbox_cli]
CHANNEL_NAMES = {"app": "站内", "email": "邮件", "webhook": "Webhook"}


def _echo_queued(queued: Queued) -> None:
    for user, kind, count, channels in queued.letters:
        names = "、".join(CHANNEL_NAMES[c] for c in channels)
        click.echo(
            f"  {user.display_name}（{user.username}，{user.department.name}）{KIND_LABELS[kind]} {count} 项 → {names}"
        )


@reminders_cli.command("run")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="按该日期运行（补发、测试），默认今天")
def reminders_run(today):
    """Run the daily job (reminders, escalations, digests) as of a date and print what it queued."""
    day = today.date() if today else datetime.now(SHANGHAI).date()
    run = run_reminders(day)
    db.session.commit()  # one decision, one transaction (and one lock) at a time, as the scheduled jobs do
    digest = run_digests(day)
    db.session.commit()
    if not run.working_day:
        click.echo(f"{day.isoformat()} 不是工作日，不发送催办。")
        return
    click.echo(f"{day.isoformat()} 催办：{len(run.queued.letters)} 人（邮件 {run.queued.count('email')} 封）")
    _echo_queued(run.queued)
    for notice in run.notices:
        click.echo(f"  督办通知单 {notice.code}：{notice.department.name} · {notice.milestone.title}")
    if run.held:
        click.echo(f"  另有 {len(run.held)} 份督办通知单待办公室确认（超出每日上限或单位无联络员），见 /reminders/held")
    if run.unaddressed:
        click.echo("注意：以下部门有待催办事项但没有启用的联络员：" + "、".join(run.unaddressed), err=True)
    click.echo(f"{day.isoformat()} 汇总：{len(digest.queued.letters)} 人（邮件 {digest.queued.count('email')} 封）")
    _echo_queued(digest.queued)


@outbox_cli.command("send")
def outbox_send():
    """Send every due message of the outbox once and print the counts."""
    counts = drain_outbox(datetime.now(SHANGHAI))
    click.echo(f"已发送 {counts['sent']} 条，待重试 {counts['retry']} 条，失败 {counts['failed']} 条")
    if counts["failed"] or counts["retry"]:
        click.echo("未发送成功的消息及原因见 /reminders/outbox。", err=True)
