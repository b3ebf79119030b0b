"""Every download is sent with Cache-Control: no-store, not send_file's no-cache (D11): evidence, exports,
the plan catalogue, the audit CSV; scorecards, notices and ZIPs are attachments through the same hook."""

import io

from sqlalchemy import select

from supervision.evidence.models import Evidence
from tests.helpers import csrf_token, login, make_user
from tests.workflow import PDF, dept, setup_year


def test_every_kind_of_download_is_not_stored_by_caches(app, runner, db):
    _task, q3 = setup_year(runner, db)
    health = dept(db, "市卫生健康委")
    make_user("liaison1", roles=("liaison",), department=health)
    make_user("office1", roles=("office",), department=health)
    make_user("auditor1", roles=("auditor",), department=health)
    clients = {}
    for name in ("liaison1", "office1", "auditor1"):
        clients[name] = app.test_client()
        login(clients[name], name)
    liaison = clients["liaison1"]
    page = f"/milestones/{q3.id}"
    liaison.post(
        f"{page}/evidence",
        data={"csrf_token": csrf_token(liaison, page), "file": (io.BytesIO(PDF), "佐证.pdf")},
        content_type="multipart/form-data",
    )
    db.session.rollback()
    evidence = db.session.scalar(select(Evidence))
    downloads = [
        ("liaison1", f"/evidence/{evidence.id}/download"),
        ("liaison1", "/work/?year=2025&format=xlsx"),
        ("office1", "/work/overview?year=2025&format=xlsx"),
        ("office1", "/plans/export.xlsx"),
        ("auditor1", "/audit/export.csv"),
    ]
    for user, path in downloads:
        with clients[user].get(path) as response:
            assert response.status_code == 200, (path, response.status_code)
            assert response.headers["Content-Disposition"].startswith("attachment"), path
            assert response.headers["Cache-Control"] == "no-store", (path, response.headers["Cache-Control"])
