"""`flask bulletin draft`: a period's bulletin as Word and PDF files, from the data as of the period's end."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.bulletins.document import render_files
from supervision.bulletins.queries import period_document
from supervision.bulletins.services import check_period
from supervision.clock import today
from supervision.errors import DomainError

bulletin_cli = AppGroup("bulletin", help="健康办通报（月度、季度、年度）。")


@bulletin_cli.command("draft")
@click.option("--year", required=True, type=int, help="年份")
@click.option("--quarter", type=int, help="季度（1—4）")
@click.option("--month", type=int, help="月份（1—12）")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="输出目录")
def bulletin_draft(year, quarter, month, out):
    """Write DIR/bulletin.docx and DIR/bulletin.pdf (the office's draft texts where it has one)."""
    if quarter is not None and month is not None:
        raise click.ClickException("--quarter 和 --month 只能选一个。")
    kind = "quarter" if quarter is not None else "month" if month is not None else "year"
    try:
        kind, year, period = check_period(kind, year, quarter if kind == "quarter" else month, today())
    except DomainError as error:
        raise click.ClickException(error.message) from error
    doc = period_document(kind, year, period)
    pdf, docx = render_files(doc)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bulletin.pdf").write_bytes(pdf)
    (out / "bulletin.docx").write_bytes(docx)
    facts = doc.facts
    click.echo(f"已生成{doc.period_label}通报（数据截至 {facts.end.isoformat()}）：")
    click.echo(f"  {out / 'bulletin.docx'}\n  {out / 'bulletin.pdf'}")
    click.echo(f"逾期节点 {len(facts.overdue)} 个，涉及单位：{'、'.join(facts.overdue_departments) or '无'}")
