"""Read endpoints and report submission: scopes, departments, drafts, pagination, ETags, JSON errors."""

from __future__ import annotations

from sqlalchemy import select

from supervision.extensions import db
from supervision.reports.models import Report
from tests.api.conftest import bearer
from tests.builders import make_milestone, make_report, make_task, make_user
from tests.helpers import make_department, seed


def test_a_read_token_lists_the_47_tasks_of_the_shipped_plans(client, runner, make_token):
    seed(runner)
    secret = make_token("城市大脑")
    first = client.get("/api/v1/tasks?per_page=20", headers=bearer(secret)).json
    assert first["page"] == {"page": 1, "per_page": 20, "total": 47}
    ids = set()
    for number in (1, 2, 3):
        body = client.get(f"/api/v1/tasks?per_page=20&page={number}", headers=bearer(secret)).json
        ids |= {task["id"] for task in body["items"]}
    assert len(ids) == 47
    task = first["items"][0]
    assert {d["role"] for d in task["departments"]} <= {"lead", "cooperating"} and task["departments"]
    plans = client.get("/api/v1/plans", headers=bearer(secret)).json
    code = plans["items"][0]["code"]
    filtered = client.get(f"/api/v1/tasks?plan={code}&per_page=200", headers=bearer(secret)).json
    assert filtered["items"] and all(t["plan_code"] == code for t in filtered["items"])


def test_etag_answers_304_when_nothing_changed(client, make_token):
    make_task(name="全民健身")
    secret = make_token()
    response = client.get("/api/v1/tasks", headers=bearer(secret))
    etag = response.headers["ETag"]
    again = client.get("/api/v1/tasks", headers={**bearer(secret), "If-None-Match": etag})
    assert again.status_code == 304


def test_bad_filters_get_json_errors_with_a_code_and_chinese_message(client, make_token):
    secret = make_token()
    bad = client.get("/api/v1/tasks?per_page=1000", headers=bearer(secret))
    assert bad.status_code == 422 and bad.json["code"] == "invalid_input" and "per_page" in bad.json["details"]["query"]
    missing = client.get("/api/v1/tasks/999999", headers=bearer(secret))
    assert missing.status_code == 404 and missing.json["message"] == "任务不存在。"


def _two_department_drafts():
    health, sport = make_department("市卫生健康委"), make_department("市体育局")
    ours = make_milestone(make_task(name="健康促进", lead=(health,)))
    theirs = make_milestone(make_task(name="全民健身", lead=(sport,)))
    make_report(ours, status="draft")
    make_report(theirs, status="draft")
    db.session.commit()
    return ours, theirs


def test_a_department_token_never_reads_another_departments_drafts(client, make_token):
    ours, theirs = _two_department_drafts()
    health = make_token("卫健系统", departments=["市卫生健康委"])
    city = make_token("统计平台")
    seen = client.get("/api/v1/reports", headers=bearer(health)).json["items"]
    assert [r["milestone_id"] for r in seen] == [ours.id]
    assert client.get("/api/v1/reports", headers=bearer(city)).json["items"] == []
    their_report = db.session.scalar(select(Report).where(Report.milestone_id == theirs.id))
    assert client.get(f"/api/v1/reports/{their_report.id}", headers=bearer(health)).status_code == 404


def test_write_token_submits_its_lead_departments_report_with_the_version_check(client, make_token):
    ours, theirs = _two_department_drafts()
    make_user("liaison1", roles=("liaison",), department="市卫生健康委")
    reader = make_token("只读", departments=["市卫生健康委"])
    writer = make_token("卫健系统", scope="write", departments=["市卫生健康委"])
    report = db.session.scalar(select(Report).where(Report.milestone_id == ours.id))
    body = {"version": report.version, "progress": "已完成", "completion_percent": 100, "task_status": "已完成"}
    assert client.put(f"/api/v1/milestones/{ours.id}/report", json=body, headers=bearer(reader)).status_code == 403
    assert client.put(f"/api/v1/milestones/{theirs.id}/report", json=body, headers=bearer(writer)).status_code == 403
    stale = client.put(
        f"/api/v1/milestones/{ours.id}/report", json={**body, "version": report.version + 5}, headers=bearer(writer)
    )
    assert stale.status_code == 409 and stale.json["code"] == "conflict"
    saved = client.put(f"/api/v1/milestones/{ours.id}/report", json={**body, "submit": True}, headers=bearer(writer))
    assert saved.status_code == 200, saved.json
    assert saved.json["status"] in ("submitted", "pending_review") and saved.json["progress"] == "已完成"
    again = client.put(
        f"/api/v1/milestones/{ours.id}/report", json={**body, "version": saved.json["version"]}, headers=bearer(writer)
    )
    assert again.status_code == 400 and "已报送" in again.json["message"]


def test_ids_and_versions_beyond_the_database_integer_are_refused_not_crashed(client, make_token):
    ours, _theirs = _two_department_drafts()
    writer = make_token("卫健系统", scope="write", departments=["市卫生健康委"])
    body = {"version": 1, "progress": "x", "completion_percent": 10, "task_status": "推进中"}
    beyond = client.put(f"/api/v1/milestones/{2**31}/report", json=body, headers=bearer(writer))
    assert beyond.status_code == 404 and beyond.json["code"] == "not_found"
    huge = client.put(f"/api/v1/milestones/{ours.id}/report", json={**body, "version": 2**40}, headers=bearer(writer))
    assert huge.status_code == 422 and "version" in huge.json["details"]["json"]


def test_milestones_carry_their_light(client, make_token):
    make_milestone(make_task(name="健康促进"))
    body = client.get("/api/v1/milestones?year=2025", headers=bearer(make_token())).json
    assert body["items"] and body["items"][0]["light"] in ("red", "yellow", "green", "done", "grey", "closed")
