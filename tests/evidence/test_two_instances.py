"""Two gunicorn instances (separate instance folders, two loopback ports) sharing one database and one
object store: a user logs in on one, uploads on the other and downloads on the first; a report submitted
through one changes the cached dashboard figures of the other at once (the per-process caches are keyed by
the data version read from the shared database)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from supervision.cache import data_version
from supervision.clock import today
from supervision.config import ROOT
from supervision.evidence.models import Evidence
from supervision.evidence.s3 import object_key
from supervision.reports.models import Report
from tests.builders import PASSWORD, PDF, make_milestone, make_plan, make_task, make_user
from tests.evidence.s3server import free_port, visible
from tests.workflow import report_form

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def dashboard_totals(session: requests.Session, base: str, year: int) -> dict[str, int]:
    """The light counts at the top of the dashboard (数据看板) as this instance serves them."""
    html = session.get(f"{base}/dashboard/?year={year}", timeout=30).text
    found = re.findall(r'<div class="fs-3">(\d+)</div><div class="small">\s*<span class="light light-(\w+)"', html)
    assert found, html[:2000]
    return {light: int(number) for number, light in found}


def login(browser: requests.Session, base: str, username: str) -> None:
    data = {"username": username, "password": PASSWORD, "csrf_token": csrf(browser, f"{base}/auth/login")}
    assert browser.post(f"{base}/auth/login", data=data, allow_redirects=False, timeout=30).status_code == 303


def csrf(session: requests.Session, url: str) -> str:
    html = session.get(url, timeout=30).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def instances(app, moto, bucket, tmp_path):
    """Two gunicorn instances of the app, each with its own instance folder, on the test database."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("several instances share a PostgreSQL database (tests/with_postgres.sh)")
    base = os.environ | {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "AUDIT_CHAIN_KEY": app.config["AUDIT_CHAIN_KEY"],
        "BACKUP_KEY": app.config["BACKUP_KEY"],
        "EVIDENCE_STORAGE": "s3",
        "S3_ENDPOINT_URL": moto.url,
        "S3_BUCKET": bucket,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "WEB_CONCURRENCY": "1",
    }
    processes, urls = [], []
    for name in ("one", "two"):
        port = free_port()
        env = base | {"SUPERVISION_INSTANCE": str(tmp_path / name), "GUNICORN_BIND": f"127.0.0.1:{port}"}
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed below
        processes.append((subprocess.Popen([GUNICORN, "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=log), log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, (tmp_path / "one.log").read_text(errors="replace")
                time.sleep(0.3)
        yield urls
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(30)
            log.close()


def test_one_session_across_two_instances(instances, db, direct, bucket):
    one, two = instances
    milestone = make_milestone()
    user = make_user("twoinst", roles=("liaison",), department=milestone.task.lead_departments[0])
    db.session.commit()
    page = f"/milestones/{milestone.id}"
    with requests.Session() as browser:
        login = browser.post(
            f"{one}/auth/login",
            data={"username": user.username, "password": PASSWORD, "csrf_token": csrf(browser, f"{one}/auth/login")},
            allow_redirects=False,
            timeout=30,
        )
        assert login.status_code == 303
        upload = browser.post(
            f"{two}{page}/evidence",
            data={"csrf_token": csrf(browser, f"{two}{page}")},
            files={"file": ("两台机器.pdf", PDF, "application/pdf")},
            allow_redirects=False,
            timeout=30,
        )
        assert upload.status_code == 303
        db.session.rollback()
        evidence = db.session.scalar(select(Evidence).where(Evidence.milestone_id == milestone.id))
        assert evidence is not None and visible(direct, bucket) == [object_key(evidence.sha256)]
        assert "两台机器.pdf" in browser.get(f"{one}{page}", timeout=30).text  # the other instance sees it
        download = browser.get(f"{one}/evidence/{evidence.id}/download", timeout=30)
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["X-Request-Id"]


def test_a_change_through_one_instance_shows_at_once_in_the_other_instances_cached_figures(instances, db):
    one, two = instances
    now = today()
    task = make_task(make_plan(start_year=now.year - 1, end_year=now.year + 4))
    milestone = make_milestone(task, year=now.year, due_date=now + timedelta(days=3))  # due soon: yellow
    user = make_user("twocache", roles=("liaison",), department=task.lead_departments[0])
    db.session.commit()
    with requests.Session() as browser:
        login(browser, one, user.username)
        before = {base: dashboard_totals(browser, base, now.year) for base in (one, two)}  # both caches warm
        assert before[one] == before[two] and before[two]["yellow"] >= 1
        assert dashboard_totals(browser, two, now.year) == before[two]  # served again (from the cache)
        version = data_version()
        page = f"{one}/milestones/{milestone.id}"
        submitted = browser.post(
            f"{page}/report",
            data=report_form(action="submit") | {"csrf_token": csrf(browser, page)},
            allow_redirects=False,
            timeout=30,
        )
        assert submitted.status_code == 303
        db.session.rollback()
        report = db.session.scalar(select(Report).where(Report.milestone_id == milestone.id))
        assert report is not None and report.status in ("submitted", "pending_review")
        assert data_version() != version  # the shared data version moved
        after = dashboard_totals(browser, two, now.year)  # the other instance, no waiting
        assert after["yellow"] == before[two]["yellow"] - 1 and after["green"] == before[two]["green"] + 1
        assert dashboard_totals(browser, one, now.year) == after  # and both instances agree
