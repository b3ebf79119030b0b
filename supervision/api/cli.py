"""`flask api token create|list|revoke`: thin wrappers over the token services."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from supervision.api.models import SCOPES
from supervision.api.services import create_token, list_tokens, revoke_token, token_or_none, token_state
from supervision.clock import local
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db

api_cli = AppGroup("api", help="数据接口。")
token_cli = AppGroup("token", help="管理接口令牌。")
api_cli.add_command(token_cli)
STATE_LABELS = {"active": "有效", "expired": "已过期", "revoked": "已吊销"}


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


@token_cli.command("create")
@click.option("--name", required=True, help="外部系统的名称，唯一")
@click.option("--scope", type=click.Choice(SCOPES), required=True)
@click.option("--department", "departments", multiple=True, help="令牌可代表的部门（可重复）")
@click.option("--days", type=int, default=None, help="有效天数；不填则长期有效")
def create(name, scope, departments, days):
    """Create a token and print its secret once."""
    try:
        token, secret = create_token(name=name, scope=scope, department_names=list(departments), days=days)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已创建令牌“{token.name}”。令牌只显示这一次，请妥善保存：")
    click.echo(secret)


@token_cli.command("list")
def list_command():
    """List the tokens (never their secrets)."""
    now = utcnow()
    for token in list_tokens():
        departments = "、".join(d.name for d in token.departments) or "全市（不代表部门）"
        expires = local(token.expires_at).strftime("%Y-%m-%d") if token.expires_at else "长期"
        used = local(token.last_used_at).strftime("%Y-%m-%d %H:%M") if token.last_used_at else "未使用"
        click.echo(
            f"{token.name}\t{token.prefix}…\t{token.scope}\t{STATE_LABELS[token_state(token, now)]}\t"
            f"到期 {expires}\t最近使用 {used}\t{departments}"
        )


@token_cli.command("revoke")
@click.option("--name", required=True)
def revoke(name):
    """Revoke a token at once."""
    token = token_or_none(name)
    if token is None:
        raise click.ClickException(f"令牌“{name}”不存在。")
    try:
        revoke_token(token)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已吊销令牌“{token.name}”。")
