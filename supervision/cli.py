"""Command-line interface: the table of every command group, and the commands that span domains."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from supervision.accounts.cli import demo_office, user_cli
from supervision.accounts.seeds import load_departments
from supervision.api.cli import api_cli
from supervision.assessment.cli import cli_groups as assessment_groups
from supervision.backup.cli import cli_groups as backup_groups
from supervision.bench.cli import bench_cli
from supervision.bulletins.cli import bulletin_cli
from supervision.clock import today
from supervision.config import ROOT
from supervision.errors import DomainError
from supervision.evaluations.cli import evaluation_cli
from supervision.evidence.cli import evidence_cli
from supervision.extensions import db
from supervision.indicators.cli import indicators_cli
from supervision.indicators.seeds import load_indicators
from supervision.milestones.cli import milestones_cli
from supervision.plans.cli import plan_cli
from supervision.plans.demo_plan import load_demo_plan
from supervision.plans.seeds import load_demo, load_plan_files
from supervision.rectification.cli import rectification_cli
from supervision.reminders.cli import cli_groups as reminder_groups
from supervision.scheduler.table import build_scheduler, current_leader, describe_jobs, job_table, run_as_leader
from supervision.schedules.cli import calendar_cli
from supervision.work.cli import status_cli

scheduler_cli = AppGroup("scheduler", help="定时任务。")


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


@click.command("seed")
@click.option("--demo", is_flag=True, help="同时添加演示账号、演示交办和 2026—2030 演示规划（标记为演示数据）")
def seed(demo):
    """Load the seed data (departments, plans, indicators) idempotently, all or nothing."""
    seeds = ROOT / "seeds"
    try:
        departments = load_departments(seeds / "departments.yaml")
        districts = load_departments(seeds / "districts.yaml")
        plans = load_plan_files(seeds / "plans")
        indicators = load_indicators(seeds / "indicators.yaml")
        demo_counts = load_demo(seeds / "demo.yaml") if demo else None
        demo_plan = load_demo_plan(seeds / "demo" / "plan-2026-2030.yaml", today=today()) if demo else None
        demo_indicators = load_indicators(seeds / "demo" / "indicators-2026-2030.yaml") if demo else None
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(_counts("部门", departments))
    click.echo(_counts("区、县(市)", districts))
    click.echo(f"规划 {plans['plans']} 个；" + _counts("任务", plans))
    click.echo(_counts("指标", indicators))
    if demo_counts is not None:
        click.echo(f"演示数据：新增账号 {demo_counts['accounts']} 个，演示交办 {demo_counts['assignments']} 项")
        for username, password in demo_counts["passwords"].items():
            click.echo(f"  演示账号 {username}  密码 {password}")
        carried = f"，转入演示规划 {demo_plan['carried']} 项；"
        click.echo("演示规划：" + _counts("任务", demo_plan) + carried + _counts("指标", demo_indicators))


def _counts(label: str, counts: dict[str, int]) -> str:
    return f"{label}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"


@scheduler_cli.command("list")
def scheduler_list():
    """Show who leads, then list the scheduled jobs."""
    app = current_app._get_current_object()
    leader = current_leader(app)
    click.echo(f"主进程：{leader.describe()}" if leader else "主进程：无（没有正在运行的 flask scheduler run）")
    jobs = job_table(app)
    if not jobs:
        click.echo("（暂无定时任务）")
    for line in describe_jobs(jobs):
        click.echo(line)


@scheduler_cli.command("run")
def scheduler_run():
    """Run the scheduler in the foreground; of several such processes one leads, the others wait to take over."""
    click.echo("定时任务进程已启动（Ctrl+C 退出）")
    run_as_leader(current_app._get_current_object(), lambda line: click.echo(line, err=True))


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(host, port):
    """Serve the app with its scheduler (development and demo)."""
    app = current_app._get_current_object()
    scheduler = build_scheduler(app)
    scheduler.start()
    click.echo(f"健康杭州任务督办系统：http://{host}:{port}/auth/login")
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)


def register(app: Flask) -> None:
    """Every command group of the domains, and the shell's own (seed, scheduler, serve)."""
    for command in (
        user_cli,
        api_cli,
        scheduler_cli,
        plan_cli,
        evaluation_cli,
        rectification_cli,
        bulletin_cli,
        indicators_cli,
        milestones_cli,
        status_cli,
        calendar_cli,
        bench_cli,
        evidence_cli,
        seed,
        demo_office,
        serve,
    ):
        app.cli.add_command(command)
    for group in (*reminder_groups, *assessment_groups, *backup_groups):
        app.cli.add_command(group)
