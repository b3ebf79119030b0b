"""Rendering many PDFs on every core: worker processes, each with a minimal app, render from plain data."""

from __future__ import annotations

import multiprocessing
import os
import secrets
from concurrent.futures import ProcessPoolExecutor

from flask import Flask

from supervision.config import ROOT
from supervision.pdf import render_pdf
from supervision.templating import register

# Below this many documents the pool costs more (starting the workers) than it saves.
POOL_THRESHOLD = 4
_worker_context = None


def render_app() -> Flask:
    """An app that only renders templates (no database, no blueprints): the shell is not needed for that."""
    app = Flask("supervision", template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(SECRET_KEY=secrets.token_hex(32), TESTING=True)
    register(app)  # the template filters (cn_date, ...)
    return app


def _init_worker() -> None:
    """Each worker builds its own rendering app and keeps its context for the worker's life."""
    global _worker_context
    app = render_app()
    _worker_context = app.app_context()
    _worker_context.push()


def _render(job: tuple[str, dict]) -> bytes:
    template, context = job
    return render_pdf(template, **context)


def worker_count(jobs: int) -> int:
    return max(1, min(len(os.sched_getaffinity(0)), jobs // 2 or 1))


def _process_context():
    # spawn, not fork: a forked child would share the parent's database connections and threads (and a
    # fork server's workers are not our children, so getrusage could not account for their memory)
    return multiprocessing.get_context("spawn")


def render_many(jobs: list[tuple[str, dict]], workers: int | None = None) -> list[bytes]:
    """PDF bytes for each (template, context), in order; in this process for a few, else in a pool."""
    workers = workers or worker_count(len(jobs))
    if workers == 1 or len(jobs) < POOL_THRESHOLD:
        return [_render(job) for job in jobs]  # needs the caller's app context
    with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context(), initializer=_init_worker) as pool:
        return list(pool.map(_render, jobs, chunksize=2))
