"""Uploads that are refused or interrupted leave nothing behind."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from tests.workflow import post, setup_year, user_client


def test_rejected_or_interrupted_upload_leaves_no_file_and_no_row(app, runner, db):
    from pathlib import Path

    root = Path(app.config["UPLOAD_DIR"])
    files_before = {p for p in root.rglob("*") if p.is_file()}
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    response = post(
        lead,
        f"/milestones/{q3.id}/evidence",
        {"file": (io.BytesIO(b"MZ\x90\x00" * 100), "报告.pdf")},
        page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert "alert-danger" in lead.get(page).get_data(as_text=True)

    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise ConnectionResetError("client went away")

    from supervision.evidence.services import upload_evidence

    with app.test_request_context():
        from flask_login import login_user

        from supervision.accounts.models import User

        login_user(db.session.scalar(select(User).where(User.username == "lead1")))
        try:
            upload_evidence(
                db.session.get(Milestone, q3.id),
                Broken(),
                "中断.pdf",
                actor=db.session.scalar(select(User).where(User.username == "lead1")),
            )
        except ConnectionResetError:
            db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert {p for p in root.rglob("*") if p.is_file()} == files_before
