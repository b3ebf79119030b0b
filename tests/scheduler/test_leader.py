"""One scheduler leader: a lock (PostgreSQL advisory lock, SQLite lock file), take-over after kill -9, and
every missed job run exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from supervision.clock import now as now_shanghai
from supervision.config import ROOT
from supervision.extensions import db as _db
from supervision.scheduler.leader import AdvisoryLock, FileLock, leader_lock, this_process
from supervision.scheduler.models import JobRun
from supervision.scheduler.table import current_leader

FLASK = str(Path(sys.executable).with_name("flask"))


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_file_lock_has_one_holder_who_names_itself(tmp_path):
    first, second = FileLock(tmp_path / "s.lock"), FileLock(tmp_path / "s.lock")
    me = this_process()
    assert first.leader() is None
    assert first.try_acquire(me) and not second.try_acquire(me)
    assert second.leader() == me
    first.release()
    assert second.leader() is None  # nobody holds it: the old content is not believed
    assert second.try_acquire(me)
    second.release()


def test_the_advisory_lock_has_one_holder_who_names_itself(app):
    lock = leader_lock(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path))
    if not isinstance(lock, AdvisoryLock):
        pytest.skip("PostgreSQL only (tests/with_postgres.sh)")
    other = AdvisoryLock(app.config["SQLALCHEMY_DATABASE_URI"])
    me = this_process()
    try:
        assert lock.try_acquire(me) and not other.try_acquire(me)
        assert other.leader() == me and lock.alive()
        lock.release()
        assert other.leader() is None and other.try_acquire(me)
    finally:
        lock.release()
        other.release()
        lock.engine.dispose()
        other.engine.dispose()


def output_of(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def test_a_killed_leader_is_replaced_and_every_job_runs_once(app, db, tmp_path):
    start = now_shanghai()
    log = tmp_path / "jobs.log"
    env = os.environ | {
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SUPERVISION_INSTANCE": str(tmp_path / "instance"),
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SCHEDULER_JOB_TABLE": "tests.scheduler.jobtable:JOBS",
        "SCHEDULER_RETRY_SECONDS": "1",
        "TEST_JOB_LOG": str(log),
        # daily jobs that never ran: yesterday's run counts as missed, so the first leader runs both at once
        "TEST_QUICK_AT": f"{start + timedelta(seconds=20):%H:%M:%S}",
        "TEST_SLOW_AT": f"{start + timedelta(seconds=23):%H:%M:%S}",
        "TEST_SLOW_SECONDS": "4",
    }

    def scheduler(name: str) -> subprocess.Popen:
        out = open(tmp_path / f"{name}.out", "wb")  # noqa: SIM115 - closed below, after the process
        process = subprocess.Popen([FLASK, "scheduler", "run"], cwd=ROOT, env=env, stdout=out, stderr=out)
        process.out_file = out
        return process

    first = scheduler("first")
    second = None
    try:
        wait_for(lambda: (lead := current_leader(app)) and lead.pid == first.pid, 20, "the first to lead")
        second = scheduler("second")
        wait_for(lambda: "等待接替" in output_of(tmp_path / "second.out"), 20, "the second to wait")
        wait_for(lambda: "slow-start" in output_of(log), 40, "the slow job to start")
        first.send_signal(signal.SIGKILL)  # the leader's machine dies in the middle of a job
        first.wait(10)
        wait_for(lambda: "slow-done" in output_of(log), 30, "the slow job to be caught up")
        leader = current_leader(app)
        assert leader is not None and leader.pid == second.pid
        time.sleep(2)  # anything run twice would show by now

        events = Counter(output_of(log).split("\n"))
        assert events == Counter(
            {
                f"quick {first.pid}": 1,  # done before the kill: not run again
                f"slow-start {first.pid}": 1,  # killed mid-run ...
                f"slow-start {second.pid}": 1,  # ... so the new leader runs it once
                f"slow-done {second.pid}": 1,
                "": 1,
            }
        ), output_of(log)
        _db.session.rollback()
        runs = {run.job_id: run for run in _db.session.scalars(select(JobRun))}
        assert runs["test.quick"].last_success_at and runs["test.slow"].last_success_at

        listing = subprocess.run(
            [FLASK, "scheduler", "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert f"进程 {second.pid}" in listing.stdout and "test.slow" in listing.stdout, listing.stdout

        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0, output_of(tmp_path / "second.out")
        assert current_leader(app) is None
    finally:
        for process in (first, second):
            if process is not None:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                process.out_file.close()
