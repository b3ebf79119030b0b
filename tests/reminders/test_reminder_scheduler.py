"""The job table and the scheduler: daily jobs on every calendar day, missed runs caught up once on start
from the job_runs table, each run remembered (also failures), `describe_jobs` for `flask scheduler list`."""

import time

from supervision.scheduler import table as scheduler_module
from supervision.scheduler.models import JobRun
from supervision.scheduler.runs import record_success
from supervision.scheduler.table import JOB_DEFAULTS, JOBS, Job, build_scheduler, describe_jobs, missed_jobs
from tests.reminders.support import at


def test_the_job_table():
    jobs = {job.id: job for job in JOBS}
    assert jobs["reminders.daily"].cron == {"hour": 8, "minute": 30}  # every day: make-up days are weekends
    assert jobs["reminders.digests"].catch_up and jobs["reminders.daily"].catch_up
    assert jobs["outbox.send"].cron == {"minute": "*"} and not jobs["outbox.send"].catch_up
    assert JOB_DEFAULTS["misfire_grace_time"] >= 3600 and JOB_DEFAULTS["coalesce"] is True
    assert JOB_DEFAULTS["max_instances"] == 1


def test_a_missed_daily_run_is_caught_up_once_on_start(app, db):
    def caught_up(now):  # the reminder jobs (the table holds other features' jobs too)
        return {job.id for job in missed_jobs(now) if job.id.startswith("reminders.")}

    assert caught_up(at("2025-10-09", 9, 0)) == {"reminders.daily", "reminders.digests"}  # never ran
    record_success("reminders.daily", at("2025-10-09", 8, 30), "ok")
    record_success("reminders.digests", at("2025-10-06", 8, 40), "ok")  # the machine was off for three days
    assert caught_up(at("2025-10-09", 9, 0)) == {"reminders.digests"}
    assert caught_up(at("2025-10-10", 8, 0)) == {"reminders.digests"}  # today's 08:30 has not come yet
    record_success("reminders.digests", at("2025-10-09", 8, 41), "ok")
    assert caught_up(at("2025-10-10", 8, 0)) == set()
    scheduler = build_scheduler(app, now=at("2025-10-10", 9, 0))
    pending = {job.id: getattr(job, "next_run_time", None) for job in scheduler.get_jobs()}
    assert pending["reminders.daily"] == pending["reminders.digests"] == at("2025-10-10", 9, 0)
    assert pending["outbox.send"] is None  # scheduled normally when the scheduler starts


def test_the_scheduler_runs_jobs_and_remembers_their_runs(app, db, monkeypatch):
    jobs = [
        Job("test.probe", "探测任务", "tests.reminders.support:probe_job", {"hour": 3, "minute": 0}),
        Job("test.failing", "失败任务", "tests.reminders.support:failing_job", {"hour": 3, "minute": 0}),
    ]
    monkeypatch.setattr(scheduler_module, "JOBS", jobs)
    scheduler = build_scheduler(app)  # neither has run before: both run at once
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            db.session.rollback()
            runs = {run.job_id: run for run in db.session.scalars(db.select(JobRun))}
            if runs.get("test.probe", JobRun()).last_success_at and runs.get("test.failing", JobRun()).last_error:
                break
            time.sleep(0.1)
    finally:
        scheduler.shutdown()
    assert runs["test.probe"].last_result.startswith("ran at")
    assert runs["test.failing"].last_success_at is None and "探测失败" in runs["test.failing"].last_error
    lines = describe_jobs()
    assert lines[0].startswith("test.probe\t") and "上次成功：" in lines[0] and "尚未成功运行" not in lines[0]
    assert "尚未成功运行" in lines[1] and "上次失败" in lines[1]
