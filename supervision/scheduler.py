"""The table of scheduled jobs and the scheduler process (APScheduler 3)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

log = logging.getLogger(__name__)
TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Job:
    id: str
    description: str
    func: str  # "module:function", called with the app context active
    cron: dict[str, Any]


# One row a job. Later features add their jobs here.
JOBS: list[Job] = []

# Late runs (the machine was off) still run once, and several missed runs fold into one.
JOB_DEFAULTS = {"misfire_grace_time": 24 * 3600, "coalesce": True, "max_instances": 1}


def _run(app: Flask, job: Job) -> None:
    module_name, _, func_name = job.func.partition(":")
    module = __import__(module_name, fromlist=[func_name])
    with app.app_context():
        result = getattr(module, func_name)()
        log.info("job %s finished: %s", job.id, result)


def build_scheduler(app: Flask, blocking: bool = False):
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=TIMEZONE, job_defaults=JOB_DEFAULTS)
    for job in JOBS:
        scheduler.add_job(
            _run, CronTrigger(timezone=TIMEZONE, **job.cron), args=[app, job], id=job.id, name=job.description
        )
    return scheduler
