"""A process killed mid-upload leaves no stored file and no row. (A full disk during an upload:
tests/evidence/test_storage.py::test_disk_full_while_writing.)"""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from supervision.config import ROOT
from supervision.evidence.models import Evidence
from supervision.evidence.storage import EvidenceStorage
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import make_user, seed

UPLOADER = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import select
    from supervision.app import create_app
    from supervision.accounts.models import User
    from supervision.evidence.services import upload_evidence
    from supervision.extensions import db
    from supervision.milestones.models import Milestone

    url, upload_dir, milestone_id = sys.argv[1:4]
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_DIR": upload_dir})

    class SlowClient:
        # two chunks arrive, then the connection hangs
        chunks = [b"%PDF-1.4\\n" + b"\\0" * 65527, b"\\0" * 65536]

        def read(self, size):
            if self.chunks:
                return self.chunks.pop(0)
            print("WRITING", flush=True)
            time.sleep(120)
            return b""

    with app.test_request_context():
        lead = db.session.scalar(select(User).where(User.username == "lead1"))
        upload_evidence(db.session.get(Milestone, int(milestone_id)), SlowClient(), "报告.pdf", actor=lead)
        db.session.commit()
    """
)


def test_a_process_killed_mid_upload_leaves_no_file_and_no_row(app, runner, db):
    seed(runner)
    assert runner.invoke(args=["milestones", "generate", "--year", "2025"]).exit_code == 0
    make_user("lead1", roles=("liaison",))
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestone_id = db.session.scalar(select(Milestone.id).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    db.session.commit()
    root = Path(app.config["UPLOAD_DIR"])
    objects_before = {p for p in (root / "objects").rglob("*") if p.is_file()}
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-c", UPLOADER, url, str(root), str(milestone_id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline().strip() == b"WRITING", child.stderr.read().decode()
        partial = list((root / "tmp").glob("upload-*.part"))
        assert partial and partial[0].stat().st_size == 2 * 65536  # caught in the middle of writing
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        child.kill()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert {p for p in (root / "objects").rglob("*") if p.is_file()} == objects_before
    # the half-written temporary file is never served and the clean-up removes it
    assert EvidenceStorage(root, 1024).cleanup_tmp(older_than_seconds=0) >= 1
    assert not list((root / "tmp").glob("upload-*.part"))
