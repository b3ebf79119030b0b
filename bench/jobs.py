"""Job timings at the current DATABASE_URL, measured inside one process (median of three runs, each rolled
back); prints one JSON line."""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


RUNS = 3  # each run is rolled back; the median is the figure, all runs are printed beside it


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def median_of_runs(func, db, name: str) -> dict:
    runs = []
    for _ in range(RUNS):
        runs.append(timed(func))
        db.session.rollback()
    return {name: statistics.median(runs), f"{name}_runs": [round(r, 2) for r in runs]}


def main() -> None:
    from supervision.app import create_app
    from supervision.extensions import db

    app = create_app()
    figures: dict[str, float | str] = {}
    with app.app_context():
        figures.update(reminder_timing(db))
        figures.update(assessment_timing(db))
    print(json.dumps(figures))


def reminder_timing(db) -> dict:
    from supervision.reminders.services import run_reminders

    # a working day in the bench's last year, with every department's open items due around it
    return median_of_runs(lambda: run_reminders(date(2025, 12, 15)), db, "reminder_job_s")


def assessment_timing(db) -> dict:
    from supervision.assessment.scoring.services import compute_assessment

    return median_of_runs(lambda: compute_assessment(2025, today=date(2026, 1, 20)), db, "assessment_compute_s")


if __name__ == "__main__":
    main()
