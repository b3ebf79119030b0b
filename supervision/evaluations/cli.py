"""`flask evaluation render`: the evaluation of a plan as PDF and Word files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from supervision.clock import today
from supervision.evaluations.services import render_evaluation
from supervision.extensions import db
from supervision.plans.models import Plan

evaluation_cli = AppGroup("evaluation", help="规划的终期评估和中期评估报告。")


@evaluation_cli.command("render")
@click.option("--plan", "code", required=True, help="规划编号")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="输出目录")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="数据截止日期（中期评估），默认今天")
def evaluation_render(code, out, as_of):
    """Write DIR/evaluation.pdf and DIR/evaluation.docx."""
    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        raise click.ClickException(f"规划“{code}”不存在。")
    day = as_of.date() if as_of else today()
    pdf, docx = render_evaluation(plan, day)
    out.mkdir(parents=True, exist_ok=True)
    (out / "evaluation.pdf").write_bytes(pdf)
    (out / "evaluation.docx").write_bytes(docx)
    kind = "终期评估" if day.year > plan.end_year else "中期评估"
    click.echo(f"已生成 {plan.title}{kind}报告（数据截至 {day.isoformat()}）：")
    click.echo(f"  {out / 'evaluation.pdf'}\n  {out / 'evaluation.docx'}")
