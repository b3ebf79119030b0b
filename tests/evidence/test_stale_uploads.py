"""Temporary files of uploads killed mid-write are removed at start and by the hourly job; live ones stay."""

import os
import subprocess
import sys
import time

from supervision.config import ROOT
from supervision.evidence.jobs import remove_stale_uploads
from supervision.scheduler.table import JOBS


def leftovers(root):
    tmp = root / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    old, fresh = tmp / "upload-killed.part", tmp / "upload-running.part"
    for path in (old, fresh):
        path.write_bytes(b"%PDF-1.4\n" + b"\0" * 1000)
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    return old, fresh


def test_the_app_removes_stale_upload_files_when_it_starts(tmp_path):
    old, fresh = leftovers(tmp_path)
    script = "import sys; from supervision.app import create_app; create_app({'UPLOAD_DIR': sys.argv[1]})"
    env = {**os.environ, "SUPERVISION_INSTANCE": str(tmp_path / "instance")}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, env=env, check=True, timeout=120)
    assert not old.exists() and fresh.exists()


def test_the_scheduled_job_removes_them_every_hour(app, tmp_path, monkeypatch):
    job = next(j for j in JOBS if j.func == "supervision.evidence.jobs:remove_stale_uploads")
    assert job.cron == {"minute": 17}
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    old, fresh = leftovers(tmp_path)
    with app.app_context():
        assert remove_stale_uploads(now=None) == 1
        assert remove_stale_uploads(now=None) == 0
    assert not old.exists() and fresh.exists()
