"""`flask user reset-2fa`: the server-side way to reset an authenticator (the only one for the three
administrator accounts, whose web management is not offered)."""

from __future__ import annotations

import click

from supervision.accounts.services import get_user, reset_two_factor
from supervision.cli import user_cli
from supervision.errors import DomainError
from supervision.extensions import db


@user_cli.command("reset-2fa")
@click.option("--username", required=True)
def user_reset_two_factor(username):
    """Forget a user's authenticator and end their sessions; the next login enrols a new one."""
    try:
        reset_two_factor(get_user(username))
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"已重置 {username} 的双因素验证器，下次登录时需重新绑定。")
