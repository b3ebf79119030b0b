"""`flask milestones generate`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.services import generate_milestones

milestones_cli = AppGroup("milestones", help="年度节点。")


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
