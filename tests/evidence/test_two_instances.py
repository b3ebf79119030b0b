"""Two gunicorn instances (separate instance folders, two loopback ports) sharing one database and one
object store: a user logs in on one, uploads on the other and downloads on the first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from supervision.config import ROOT
from supervision.evidence.models import Evidence
from supervision.evidence.s3 import object_key
from tests.builders import PASSWORD, PDF, make_milestone, make_user
from tests.evidence.s3server import free_port, visible

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


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
