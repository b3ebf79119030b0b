"""Command-line interface: thin wrappers over services."""

from __future__ import annotations

import os
import secrets
import string
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from supervision.accounts.models import Role, User
from supervision.accounts.services import create_user, deactivate_user, get_user, set_password
from supervision.config import ROOT
from supervision.errors import DomainError
from supervision.extensions import db

DEMO_OFFICE_DEPARTMENT = "市卫生健康委"  # the leading-group office sits at the health commission
user_cli = AppGroup("user", help="管理用户账号。")
scheduler_cli = AppGroup("scheduler", help="定时任务。")


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


def _generate_password() -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"Jk{core}#7"


@click.command("demo-office")
@click.option("--username", default="office")
def demo_office(username):
    """Create the demo office account if none exists and print its login."""
    saved = Path(current_app.instance_path) / "demo-office-password"
    existing = db.session.scalar(select(User).where(User.username == username))
    if existing is not None:
        password = saved.read_text().strip() if saved.exists() else ""
        if password and existing.check_password(password):
            click.echo(f"演示账号（领导小组办公室）：用户名 {username}  密码 {password}")
        else:
            click.echo(f"演示账号 {username} 已存在，密码已被修改（可用 flask user set-password 重置）。")
        return
    password = os.environ.get("SUPERVISION_DEMO_PASSWORD") or _generate_password()
    try:
        create_user(
            username=username,
            password=password,
            department_name=DEMO_OFFICE_DEPARTMENT,
            roles=["office"],
            display_name="健康办演示账号",
            is_demo=True,
        )
    except DomainError as error:
        _fail(error)
    db.session.commit()
    saved.write_text(password)
    saved.chmod(0o600)
    click.echo(f"演示账号（领导小组办公室）：用户名 {username}  密码 {password}")


@click.command("seed")
@click.option("--demo", is_flag=True, help="同时添加演示账号和演示交办（标记为演示数据）")
def seed(demo):
    """Load the seed data (departments, plans, indicators) idempotently, all or nothing."""
    from supervision.accounts.seeds import load_departments
    from supervision.plans.seeds import load_demo, load_indicators, load_plan_files

    seeds = ROOT / "seeds"
    try:
        departments = load_departments(seeds / "departments.yaml")
        plans = load_plan_files(seeds / "plans")
        indicators = load_indicators(seeds / "indicators.yaml")
        demo_counts = load_demo(seeds / "demo.yaml") if demo else None
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(_counts("部门", departments))
    click.echo(f"规划 {plans['plans']} 个；" + _counts("任务", plans))
    click.echo(_counts("指标", indicators))
    if demo_counts is not None:
        click.echo(f"演示数据：新增账号 {demo_counts['accounts']} 个，演示交办 {demo_counts['assignments']} 项")
        for username, password in demo_counts["passwords"].items():
            click.echo(f"  演示账号 {username}  密码 {password}")


def _counts(label: str, counts: dict[str, int]) -> str:
    return f"{label}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"


@scheduler_cli.command("list")
def scheduler_list():
    """List the scheduled jobs."""
    from supervision.scheduler.table import JOBS, describe_jobs

    if not JOBS:
        click.echo("（暂无定时任务）")
    for line in describe_jobs():
        click.echo(line)


@scheduler_cli.command("run")
def scheduler_run():
    """Run the scheduler in the foreground (production: its own process)."""
    from supervision.scheduler.table import build_scheduler

    click.echo("定时任务进程已启动（Ctrl+C 退出）")
    build_scheduler(current_app._get_current_object(), blocking=True).start()


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(host, port):
    """Serve the app with its scheduler (development and demo)."""
    from werkzeug.serving import run_simple

    from supervision.scheduler.table import build_scheduler

    app = current_app._get_current_object()
    scheduler = build_scheduler(app)
    scheduler.start()
    click.echo(f"健康杭州任务督办系统：http://{host}:{port}/auth/login")
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)


def register(app: Flask) -> None:
    from supervision.assessment.cli import cli_groups as assessment_groups
    from supervision.backup.cli import cli_groups as backup_groups
    from supervision.bench.cli import bench_cli
    from supervision.milestones.cli import milestones_cli, status_cli
    from supervision.plans.cli import plan_cli
    from supervision.reminders.cli import cli_groups as reminder_groups

    for command in (user_cli, scheduler_cli, plan_cli, milestones_cli, status_cli, bench_cli, seed, demo_office, serve):
        app.cli.add_command(command)
    for group in (*reminder_groups, *assessment_groups, *backup_groups):
        app.cli.add_command(group)
