"""Every download and export is in the audit log, also from views that do not record it themselves."""

from sqlalchemy import select

from supervision.audit.models import AuditEvent
from tests.helpers import login, make_user, seed


def test_an_export_without_its_own_record_is_still_audited(app, runner, db):
    seed(runner)
    make_user("office1")
    client = app.test_client()
    login(client, "office1")
    with client.get("/work/overview?year=2025&format=xlsx") as response:
        assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    with client.get("/plans/export.xlsx") as response:  # records plan.export itself: no second record
        assert response.status_code == 200
    db.session.rollback()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(["file.download", "plan.export"])).order_by(AuditEvent.id)
    )
    recorded = [(e.action, e.object_id, e.username, e.ip) for e in events]
    assert recorded == [
        ("file.download", "work.overview", "office1", "127.0.0.1"),
        ("plan.export", "*", "office1", "127.0.0.1"),
    ]
