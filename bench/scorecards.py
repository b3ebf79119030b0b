"""Benchmark of the PDF scorecards: `.venv/bin/python bench/scorecards.py` (about a minute).

Builds a throw-away database from the seeds (60 departments), generates a realistic 2025 (scorecard_data.py:
every milestone with a report on time, late, returned, pending or missing; contributions; evidence
verdicts; quality ratings; indicators; bonus lines), computes the assessment and measures, in one run:
  - one scorecard rendered inside the running app (context from the database + WeasyPrint), median;
  - the batch: every department's scorecard plus summary.pdf through the process pool, wall time;
  - peak resident memory: getrusage of the children and of this process, and each render worker's own
    peak (VmHWM, read inside the worker);
  - pages per second of the batch, and the largest file.
So that every seeded department gets a scorecard, the bench assigns the 27 actions (which the source
document leaves without departments) round-robin and widens the scheme to every department kind.
"""

from __future__ import annotations

import logging
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scorecard_data import TODAY, YEAR, build_year, manual_inputs  # noqa: E402  (beside this file)


def pages(pdf: bytes) -> int:
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))
    except (OSError, subprocess.CalledProcessError, AttributeError):
        return len(re.findall(rb"/Type\s*/Page\b", pdf))


def render_measured(job: tuple[str, dict]) -> int:
    """In a pool worker: render, then report the worker's own peak RSS in KiB (VmHWM of its address space;
    getrusage in a spawned child also counts the parent's pages it held between fork and exec)."""
    from supervision.assessment.output.batch import _render

    _render(job)
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def worker_peak(jobs: list[tuple[str, dict]]) -> float:
    """Peak RSS (MiB) of the render workers over the same jobs, measured inside each worker."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from supervision.assessment.output.batch import _init_worker, worker_count

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(worker_count(len(jobs)), mp_context=context, initializer=_init_worker) as pool:
        return max(pool.map(render_measured, jobs, chunksize=2)) / 1024


def main(workdir: Path) -> None:
    load = os.getloadavg()  # other work on the machine slows every figure down
    os.environ.update(SUPERVISION_INSTANCE=str(workdir), DATABASE_URL=f"sqlite:///{workdir / 'bench.db'}")
    from flask_migrate import upgrade
    from sqlalchemy import delete, select

    from supervision.app import create_app
    from supervision.assessment.models import Assessment, ScorecardFile
    from supervision.assessment.output.files import CARD, all_pdfs
    from supervision.assessment.output.scorecards import scorecard_context
    from supervision.assessment.scoring.services import compute_year, round_for
    from supervision.extensions import db
    from supervision.pdf import render_pdf, require_fast_pdf

    app = create_app({"TESTING": True})  # TESTING: no start-up warnings; nothing else changes
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with app.app_context():
        require_fast_pdf()
        upgrade(revision="heads")
        app.test_cli_runner().invoke(args=["seed"])
        rng = random.Random(YEAR)
        build_year(db, rng)
        manual_inputs(db, rng)
        compute_year(YEAR, TODAY)
        db.session.commit()
        rated = db.session.scalars(select(Assessment).where(Assessment.year == YEAR, Assessment.rated)).all()
        # one scorecard inside the running app: every department once, then the largest one eleven times
        single, single_cpu = [], []
        for assessment in rated:
            started, cpu = time.perf_counter(), time.process_time()
            render_pdf(CARD, card=scorecard_context(assessment, round_for(YEAR)))
            single.append(time.perf_counter() - started)
            single_cpu.append(time.process_time() - cpu)
        largest = max(rated, key=lambda a: len(a.detail["tasks"]) + len(a.detail["deductions"]["lines"]))
        worst = []
        for _ in range(11):
            started = time.perf_counter()
            render_pdf(CARD, card=scorecard_context(largest, round_for(YEAR)))
            worst.append(time.perf_counter() - started)
        # the batch: nothing kept, so every file is rendered
        db.session.execute(delete(ScorecardFile))
        started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        files = all_pdfs(round_for(YEAR))
        batch = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        batch_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        db.session.commit()
        largest_name = largest.department.name
        from supervision.assessment.output.scorecards import assessments_of, summary_context

        jobs = [("pdf/summary.html", {"summary": summary_context(round_for(YEAR), assessments_of(YEAR))})]
        jobs += [(CARD, {"card": scorecard_context(a, round_for(YEAR))}) for a in rated]
    measured_peak = worker_peak(jobs)
    total_pages = sum(pages(pdf) for pdf in files.values())
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    print(
        f"machine: nproc={os.cpu_count()} ({len(os.sched_getaffinity(0))} usable), CPU: {cpu}, "
        f"load average at the start {load[0]:.2f}, at the end {os.getloadavg()[0]:.2f}"
    )
    print(f"data: {len(rated)} departments scored, {len(files)} PDFs ({len(files) - 1} scorecards + summary.pdf)")
    print(
        f"single scorecard in the app: median {statistics.median(single):.3f} s over {len(single)} departments "
        f"(max {max(single):.3f} s; CPU time median {statistics.median(single_cpu):.3f} s)"
    )
    print(f"largest scorecard ({largest_name}): median {statistics.median(worst):.3f} s over 11 renders")
    print(
        f"batch (all scorecards + summary, process pool): {batch:.2f} s, {total_pages} pages, "
        f"{total_pages / batch:.1f} pages/s; CPU time of the render processes {batch_cpu:.1f} s"
    )
    print(
        f"largest file: {max(len(p) for p in files.values()) / 1024:.0f} KiB; "
        f"summary.pdf {len(files['summary.pdf']) / 1024:.0f} KiB, {pages(files['summary.pdf'])} pages"
    )
    print(
        f"peak memory: getrusage children {children:.0f} MiB, self (app + in-app renders) {own:.0f} MiB; "
        f"render worker measured inside (VmHWM) {measured_peak:.0f} MiB"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-scorecards-") as directory:
        main(Path(directory))
