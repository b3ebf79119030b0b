"""Evidence through the API: the web's read rule per department, streamed downloads, the audit log,
and list query counts that do not grow with the data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from tests.api.builders import add_value, make_indicator
from tests.api.conftest import bearer
from tests.builders import make_evidence, make_milestone, make_task
from tests.helpers import make_department
from tests.perf.test_query_budgets import counting
from tests.rectification.builders import make_notice


def _two_departments_files():
    health, sport = make_department("市卫生健康委"), make_department("市体育局")
    ours = make_evidence(make_milestone(make_task(name="健康促进", lead=(health,))), filename="健康.pdf")
    theirs = make_evidence(make_milestone(make_task(name="全民健身", lead=(sport,))), filename="健身.pdf")
    db.session.commit()
    return ours.id, theirs.id


def test_a_department_token_reads_only_the_files_the_web_lets_it_read(client, make_token):
    ours, theirs = _two_departments_files()
    health = make_token("卫健系统", departments=["市卫生健康委"])
    city = make_token("统计平台")
    listed = client.get("/api/v1/evidence", headers=bearer(health)).json
    assert [e["id"] for e in listed["items"]] == [ours] and listed["page"]["total"] == 1
    assert {e["id"] for e in client.get("/api/v1/evidence", headers=bearer(city)).json["items"]} == {ours, theirs}
    for path in (f"/api/v1/evidence/{theirs}", f"/api/v1/evidence/{theirs}/download"):
        refused = client.get(path, headers=bearer(health))
        assert refused.status_code == 404 and refused.json["code"] == "not_found"
    meta = client.get(f"/api/v1/evidence/{ours}", headers=bearer(health))
    assert meta.status_code == 200 and meta.json["filename"] == "健康.pdf" and "ETag" in meta.headers


def test_download_streams_the_stored_file_and_is_audited_with_the_token_name(client, make_token):
    ours, _theirs = _two_departments_files()
    secret = make_token("卫健系统", departments=["市卫生健康委"])
    response = client.get(f"/api/v1/evidence/{ours}/download", headers=bearer(secret))
    assert response.status_code == 200 and response.data.endswith("健康.pdf".encode())
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.download"))
    assert event is not None and event.object_id == str(ours) and event.username == "api:卫健系统"


def test_files_filters_and_ids_beyond_the_integer_column(client, make_token):
    ours, theirs = _two_departments_files()
    city = make_token("统计平台")
    by_dept = client.get("/api/v1/evidence?department=市体育局", headers=bearer(city)).json["items"]
    assert [e["id"] for e in by_dept] == [theirs]
    later = client.get("/api/v1/evidence?updated_since=2100-01-01T00:00:00%2B08:00", headers=bearer(city)).json
    assert later["items"] == []
    for path in (f"/api/v1/evidence/{2**31}", f"/api/v1/evidence/{2**40}/download"):
        beyond = client.get(path, headers=bearer(city))
        assert beyond.status_code == 404 and beyond.json["code"] == "not_found"


def test_list_endpoints_query_counts_do_not_grow_with_the_data(app, client, make_token):
    health = make_department("市卫生健康委")
    secret = make_token("统计平台")
    paths = (
        "/api/v1/tasks",
        "/api/v1/milestones",
        "/api/v1/reports",
        "/api/v1/evidence",
        "/api/v1/plans",
        "/api/v1/indicators",
        "/api/v1/notices",
    )

    def measure():
        counts = {}
        for path in paths:
            client.get(path, headers=bearer(secret)).close()
            with counting(app) as statements:
                assert client.get(path, headers=bearer(secret)).status_code == 200
            counts[path] = len(statements)
        return counts

    def grow(number: int) -> None:
        milestone = make_milestone(make_task(name=f"任务{number}", lead=(health,)))
        make_evidence(milestone)
        make_notice(milestone, health, date(2025, 11, 3), number + 1)
        indicator = make_indicator(health, number=number + 1)
        add_value(indicator, 2021, "97")
        add_value(indicator, 2022, "94", status="draft")

    grow(0)
    db.session.commit()
    small = measure()
    for number in range(1, 8):
        grow(number)
    db.session.commit()
    assert measure() == small
