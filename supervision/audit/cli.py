"""`flask audit verify` and `flask audit purge`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from supervision.audit.anchors import anchor_file
from supervision.audit.retention import plan_purge, purge_events
from supervision.audit.seal import seal_legacy_chain
from supervision.audit.services import verify_chain
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.templating import cn_date

audit_cli = AppGroup("audit", help="操作日志：校验哈希链、封存旧记录、清理超过保存期限的记录。")


@audit_cli.command("verify")
def verify():
    """Check the keyed hash chain of the whole audit log and the anchored heads; exit 1 on any problem."""
    count, problems = verify_chain()
    if not anchor_file().exists():
        click.echo(f"提示：未找到链头锚定文件 {anchor_file()}，无法检查日志末尾是否被删除。", err=True)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"哈希链校验未通过：共 {count} 条记录，发现 {len(problems)} 处问题。")
    click.echo(f"哈希链完整，共 {count} 条记录。")


@audit_cli.command("seal")
def seal():
    """Verify the events hashed before AUDIT_CHAIN_KEY existed and pin them with a keyed event (upgrade step)."""
    try:
        sealed = seal_legacy_chain()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    if sealed is None:
        click.echo("没有需要封存的旧记录。")
        return
    db.session.commit()
    click.echo(f"旧哈希链校验通过：已封存 {sealed.count} 条记录（至事件 {sealed.through_id}）。")


@audit_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="只显示将清理多少条，不删除")
def purge(dry_run):
    """Delete events older than AUDIT_RETENTION_DAYS (at least 180); the chain stays verifiable."""
    days = current_app.config["AUDIT_RETENTION_DAYS"]
    try:
        plan = plan_purge(utcnow(), days) if dry_run else purge_events(utcnow(), days)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    horizon = cn_date(plan.horizon)
    if dry_run:
        click.echo(f"保存期限 {days} 天：早于 {horizon} 的可清理记录 {plan.count} 条（未删除）。")
        return
    db.session.commit()
    click.echo(f"保存期限 {days} 天：已清理早于 {horizon} 的记录 {plan.count} 条，哈希链锚点已更新。")
