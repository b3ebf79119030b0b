"""Job timings at the current DATABASE_URL, measured inside one process; prints one JSON line."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


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
    seconds = timed(lambda: run_reminders(date(2025, 12, 15)))
    db.session.rollback()
    return {"reminder_job_s": seconds}


def assessment_timing(db) -> dict:
    from supervision.assessment.scoring.services import compute_assessment

    seconds = timed(lambda: compute_assessment(2025, today=date(2026, 1, 20)))
    db.session.rollback()
    return {"assessment_compute_s": seconds}


if __name__ == "__main__":
    main()
