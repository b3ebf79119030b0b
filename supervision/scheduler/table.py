"""The table of scheduled jobs and the scheduler process (APScheduler 3).

Production runs `flask scheduler run` on one or more machines beside the web workers, which never run
jobs; one of them leads and runs the jobs, the others wait to take over (supervision/scheduler/leader.py).
Even two processes running jobs would send nothing twice: each daily decision takes a database lock and
writes messages under a unique key, and the sender claims each message with a row lock.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask
from prometheus_client import start_http_server
from sqlalchemy.exc import SQLAlchemyError

from supervision.extensions import db
from supervision.observability.context import new_request_id, request_id_scope
from supervision.observability.metrics import JOB_RUNS, JOB_SECONDS
from supervision.scheduler.leader import Leader, lead, leader_lock
from supervision.scheduler.runs import last_runs, last_success, record_failure, record_success
from supervision.templating import cn_date

log = logging.getLogger(__name__)
TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Job:
    id: str
    description: str
    func: str  # "module:function", called as function(now=<aware Asia/Shanghai datetime>) in an app context
    cron: dict[str, Any]
    catch_up: bool = True  # run once on start when the last scheduled run was missed (the machine was off)


# One row a job. Daily jobs fire every day (make-up working days fall on weekends) and check the
# working-day calendar themselves.
REMINDERS = "supervision.reminders.jobs"
JOBS: list[Job] = [
    Job("reminders.daily", "催办与升级督办", f"{REMINDERS}:daily_reminders", {"hour": 8, "minute": 30}),
    Job("reminders.digests", "每日逾期汇总、每周待办汇总", f"{REMINDERS}:digests", {"hour": 8, "minute": 40}),
    Job(
        "appeals.finalize",
        "复核期满终审",
        "supervision.appeals.jobs:finalize_closed_rounds",
        {"hour": 0, "minute": 20},
    ),
    Job(
        "rectification.reminders",
        "整改提醒与逾期升级",
        "supervision.rectification.jobs:rectification_reminders",
        {"hour": 8, "minute": 35},
    ),
    Job(
        "indicators.reminders",
        "指标数值逾期催报",
        "supervision.indicators.jobs:indicator_reminders",
        {"hour": 8, "minute": 45},
    ),
    Job("outbox.send", "发送待发消息（邮件、Webhook）", f"{REMINDERS}:send_outbox", {"minute": "*"}, catch_up=False),
    # After the working day: one message per user with the day's outcomes (the in-app notice came at once).
    Job(
        "outcomes.mail",
        "审核结果通知邮件（每人每天一封）",
        "supervision.outcomes.jobs:mail_outcomes_of_day",
        {"hour": 17, "minute": 45},
    ),
    # Fires daily; acts once a year (from 15 January, for the year before) and skips published years.
    Job(
        "assessment.annual",
        "年度考核：计算上一年度草稿并生成评分表",
        "supervision.assessment.jobs:annual_assessment",
        {"hour": 6, "minute": 30},
    ),
    Job(
        "audit.anchor",
        "导出操作日志链头（锚定文件）",
        "supervision.audit.jobs:anchor_chain_head",
        {"minute": "*/10"},
        catch_up=False,
    ),
    Job(
        "evidence.stale_uploads",
        "清理中断上传留下的临时文件（超过一小时）",
        "supervision.evidence.jobs:remove_stale_uploads",
        {"minute": 17},
        catch_up=False,
    ),
]

# A run that starts late (busy or suspended machine) still runs if less than a day late, and several missed
# runs fold into one: APScheduler's default grace of one second would silently skip it. Runs missed while
# no scheduler was running are caught up from the job_runs table at start (see build_scheduler).
JOB_DEFAULTS = {"misfire_grace_time": 24 * 3600, "coalesce": True, "max_instances": 1}


def _trigger(job: Job) -> CronTrigger:
    return CronTrigger(timezone=TIMEZONE, **job.cron)


def _run(app: Flask, job: Job) -> None:
    module_name, _, func_name = job.func.partition(":")
    module = __import__(module_name, fromlist=[func_name])
    # each run has its id (job:<id>:<hex>): its log lines and the outbox messages it queues carry it
    with app.app_context(), request_id_scope(new_request_id(f"job:{job.id}:")):
        now = datetime.now(ZoneInfo(TIMEZONE))
        started = time.perf_counter()
        try:
            result = getattr(module, func_name)(now=now)
        except Exception as error:
            log.exception("job %s failed", job.id)
            db.session.rollback()
            record_failure(job.id, now, error)
            JOB_RUNS.labels(job.id, "failure").inc()
            return
        finally:
            JOB_SECONDS.labels(job.id).observe(time.perf_counter() - started)
        record_success(job.id, now, result)
        JOB_RUNS.labels(job.id, "success").inc()
        log.info("job %s finished: %s", job.id, result)


def previous_fire_time(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The latest scheduled time at or before `now` within the last eight days."""
    last, fire = None, trigger.get_next_fire_time(None, now - timedelta(days=8))
    while fire is not None and fire <= now:
        last, fire = fire, trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return last


def job_table(app: Flask) -> list[Job]:
    """JOBS, or the table named by SCHEDULER_JOB_TABLE ("module:attribute"; tests use short ones)."""
    name = app.config.get("SCHEDULER_JOB_TABLE")
    if not name:
        return JOBS
    module_name, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def missed_jobs(now: datetime, jobs: list[Job] | None = None) -> list[Job]:
    """Catch-up jobs whose last successful run is before their latest scheduled time."""
    missed = []
    for job in JOBS if jobs is None else jobs:
        scheduled = previous_fire_time(_trigger(job), now) if job.catch_up else None
        last = last_success(job.id) if scheduled else None
        if scheduled and (last is None or last < scheduled):
            missed.append(job)
    return missed


def build_scheduler(app: Flask, blocking: bool = False, now: datetime | None = None):
    """The scheduler with every job; a job whose last run was missed runs once as soon as it starts."""
    now = now or datetime.now(ZoneInfo(TIMEZONE))
    jobs = job_table(app)
    with app.app_context():
        try:
            missed = {job.id for job in missed_jobs(now, jobs)}
        except SQLAlchemyError as error:  # e.g. the database is not migrated yet
            log.warning("cannot read the last job runs, no catch-up: %s", error)
            missed = set()
        db.session.remove()  # never keep a transaction (SQLite: the write lock) open while scheduling
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=TIMEZONE, job_defaults=JOB_DEFAULTS)
    for job in jobs:
        extra = {"next_run_time": now} if job.id in missed else {}
        if extra:
            log.info("job %s missed its last run; running it once now", job.id)
        scheduler.add_job(_run, _trigger(job), args=[app, job], id=job.id, name=job.description, **extra)
    return scheduler


def describe_jobs(jobs: list[Job] | None = None) -> list[str]:
    """One line per job with its schedule and last runs, for `flask scheduler list`."""
    runs = last_runs()
    lines = []
    for job in JOBS if jobs is None else jobs:
        run = runs.get(job.id)
        success = f"上次成功：{cn_date(run.last_success_at)}" if run and run.last_success_at else "尚未成功运行"
        line = f"{job.id}\t{job.cron}\t{job.description}\t{success}"
        if run and run.last_failure_at:
            line += f"\t上次失败：{cn_date(run.last_failure_at)}（{run.last_error}）"
        lines.append(line)
    return lines


def run_as_leader(app: Flask, say) -> None:
    """`flask scheduler run`: wait to lead, then run every job until SIGTERM or Ctrl+C (any number of them)."""
    lock = leader_lock(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path))
    if app.config.get("METRICS_PORT"):  # job runs and durations of this process, for Prometheus
        start_http_server(app.config["METRICS_PORT"], addr=app.config["METRICS_ADDR"])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def start():
        scheduler = build_scheduler(app)  # catches up, once, every run missed while nobody led
        scheduler.start()
        return scheduler

    try:
        lead(lock, start, stop, app.config["SCHEDULER_RETRY_SECONDS"], say)
    except KeyboardInterrupt:
        stop.set()  # lead() has stopped the jobs and released the lock on its way out


def current_leader(app: Flask) -> Leader | None:
    """The process that runs the jobs now, or None."""
    return leader_lock(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path)).leader()
