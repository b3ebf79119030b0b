"""The scheduler's memory: each job's last successful run (and last failure), kept in the database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from supervision.extensions import db
from supervision.scheduler.models import JobRun


def utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands stored times back naive (they are stored in UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _save(job_id: str, **values) -> None:
    for _ in range(2):  # a second scheduler may insert the same row first; then update it
        run = db.session.get(JobRun, job_id)
        if run is None:
            run = JobRun(job_id=job_id)
            db.session.add(run)
        for name, value in values.items():
            setattr(run, name, value)
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()


def record_success(job_id: str, now: datetime, result: object) -> None:
    _save(job_id, last_run_on=now.date(), last_success_at=utc(now), last_result=str(result)[:500])


def record_failure(job_id: str, now: datetime, error: BaseException) -> None:
    _save(job_id, last_failure_at=utc(now), last_error=f"{type(error).__name__}: {error}"[:2000])


def last_runs() -> dict[str, JobRun]:
    return {run.job_id: run for run in db.session.scalars(select(JobRun))}


def job_gauge() -> tuple[str, str, list[str], dict[tuple[str, ...], float]]:
    """For /metrics: each job's last success and last failure as Unix times (from the database)."""
    values = {}
    for run in db.session.scalars(select(JobRun)):
        for outcome, moment in (("success", run.last_success_at), ("failure", run.last_failure_at)):
            if moment is not None:
                values[(run.job_id, outcome)] = utc(moment).timestamp()
    return (
        "supervision_job_last_run_timestamp_seconds",
        "When each job last succeeded or failed.",
        ["job", "outcome"],
        values,
    )


def last_success(job_id: str) -> datetime | None:
    run = db.session.get(JobRun, job_id)
    return utc(run.last_success_at) if run and run.last_success_at else None
