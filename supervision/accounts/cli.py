"""`flask user ...` and `flask demo-office`: thin wrappers over the account services.

`flask user reset-2fa` is the server-side way to reset an authenticator (the only one for the three
administrator accounts, whose web management is not offered).
"""

from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from supervision.accounts.demo import create_demo_office, find_demo_office, save_demo_password, saved_demo_password
from supervision.accounts.models import Role, User
from supervision.accounts.services import create_user, deactivate_user, get_user, reset_two_factor, set_password
from supervision.errors import DomainError
from supervision.extensions import db

user_cli = AppGroup("user", help="管理用户账号。")


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("未从标准输入读到密码。")
    return password


@user_cli.command("create")
@click.option("--username", required=True)
@click.option("--department", "department_name", required=True, help="部门名称或别名")
@click.option("--role", "roles", required=True, multiple=True, help="可重复：" + ", ".join(r.value for r in Role))
@click.option("--display-name")
@click.option("--email")
@click.option("--phone")
@click.option("--password-stdin", is_flag=True, required=True, help="从标准输入读取密码")
def user_create(username, department_name, roles, display_name, email, phone, password_stdin):
    """Create a user account."""
    roles = [r for value in roles for r in value.split(",")]
    try:
        user = create_user(
            username=username,
            password=_read_password(),
            department_name=department_name,
            roles=roles,
            display_name=display_name,
            email=email,
            phone=phone,
        )
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已创建用户 {user.username}（{user.department.name}，{'、'.join(user.role_labels)}）")


@user_cli.command("set-password")
@click.option("--username", required=True)
@click.option("--password-stdin", is_flag=True, required=True)
def user_set_password(username, password_stdin):
    """Set a user's password (read from standard input)."""
    try:
        set_password(get_user(username), _read_password())
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已重置 {username} 的密码。")


@user_cli.command("list")
def user_list():
    """List user accounts."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        state = "启用" if user.active else "停用"
        click.echo(
            f"{user.username}\t{user.display_name}\t{user.department.name}\t{','.join(sorted(user.roles))}\t{state}"
        )


@user_cli.command("deactivate")
@click.option("--username", required=True)
def user_deactivate(username):
    """Deactivate a user account and end its sessions."""
    try:
        deactivate_user(get_user(username))
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已停用 {username}。")


@user_cli.command("reset-2fa")
@click.option("--username", required=True)
def user_reset_two_factor(username):
    """Forget a user's authenticator and end their sessions; the next login enrols a new one."""
    try:
        reset_two_factor(get_user(username))
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已重置 {username} 的双因素验证器，下次登录时需重新绑定。")


@click.command("demo-office")
@click.option("--username", default="office")
def demo_office(username):
    """Create the demo office account if none exists and print its login."""
    instance = current_app.instance_path
    existing = find_demo_office(username)
    if existing is not None:
        password = saved_demo_password(existing, instance)
        if password:
            click.echo(f"演示账号（领导小组办公室）：用户名 {username}  密码 {password}")
        else:
            click.echo(f"演示账号 {username} 已存在，密码已被修改（可用 flask user set-password 重置）。")
        return
    try:
        _user, password = create_demo_office(username, os.environ.get("SUPERVISION_DEMO_PASSWORD"))
    except DomainError as error:
        _fail(error)
    db.session.commit()
    save_demo_password(instance, password)
    click.echo(f"演示账号（领导小组办公室）：用户名 {username}  密码 {password}")
