"""Indicators through the API: approved values for every token, a department's own unapproved values only for
its tokens, filters, ETags, and the owner's value entry with the web's rules and the updated_at check."""

from __future__ import annotations

from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.indicators.models import IndicatorValue
from tests.api.builders import add_value, make_indicator
from tests.api.conftest import bearer
from tests.helpers import make_department


def _two_owners():
    health, sport = make_department("市卫生健康委"), make_department("市体育局")
    ours, theirs = make_indicator(health, number=3), make_indicator(sport, number=4)
    add_value(ours, 2021, "97")
    add_value(ours, 2022, "94", status="draft")
    add_value(theirs, 2021, "90")
    add_value(theirs, 2022, "99", status="submitted")
    db.session.commit()
    return ours.id, theirs.id


def _values(body: dict, indicator_id: int) -> dict[int, dict]:
    item = next(i for i in body["items"] if i["id"] == indicator_id)
    return {v["year"]: v for v in item["values"]}


def test_a_token_reads_approved_values_and_only_its_own_departments_unapproved_ones(client, make_token):
    ours, theirs = _two_owners()
    health = client.get("/api/v1/indicators", headers=bearer(make_token("卫健系统", departments=["市卫生健康委"]))).json
    city = client.get("/api/v1/indicators", headers=bearer(make_token("统计平台"))).json
    assert health["page"]["total"] == city["page"]["total"] == 2
    assert set(_values(health, ours)) == {2021, 2022} and _values(health, ours)[2022]["status"] == "draft"
    assert set(_values(health, theirs)) == {2021}  # 市体育局's submitted 2022 value is not shown
    assert set(_values(city, ours)) == {2021} and set(_values(city, theirs)) == {2021}
    approved = _values(city, ours)[2021]
    assert approved == {**approved, "value": "97", "status": "approved", "attainment": "已达标"}
    assert _values(city, theirs)[2021]["attainment"] in ("未达标", "接近")
    item = next(i for i in city["items"] if i["id"] == theirs)
    assert item["owner"] == "市体育局" and item["target"] == "≥96"


def test_filters_single_indicator_etag_and_ids_beyond_the_integer_column(client, make_token):
    ours, theirs = _two_owners()
    secret = make_token("统计平台")
    by_owner = client.get("/api/v1/indicators?department=市体育局", headers=bearer(secret)).json["items"]
    assert [i["id"] for i in by_owner] == [theirs]
    assert client.get("/api/v1/indicators?plan=HZ-2025", headers=bearer(secret)).json["items"] == []
    later = client.get("/api/v1/indicators?updated_since=2100-01-01T00:00:00%2B08:00", headers=bearer(secret)).json
    assert later["items"] == [] and later["page"]["total"] == 0
    earlier = client.get("/api/v1/indicators?updated_since=2000-01-01T00:00:00%2B08:00", headers=bearer(secret)).json
    assert earlier["page"]["total"] == 2
    one = client.get(f"/api/v1/indicators/{ours}", headers=bearer(secret))
    assert one.status_code == 200 and [v["year"] for v in one.json["values"]] == [2021]
    again = client.get(f"/api/v1/indicators/{ours}", headers={**bearer(secret), "If-None-Match": one.headers["ETag"]})
    assert again.status_code == 304
    for path in (f"/api/v1/indicators/{2**31}", f"/api/v1/indicators/{2**40}", "/api/v1/indicators/999999"):
        missing = client.get(path, headers=bearer(secret))
        assert missing.status_code == 404 and missing.json["code"] == "not_found"
    unknown = client.get("/api/v1/indicators?department=不存在", headers=bearer(secret))
    assert unknown.status_code == 404 and "不存在" in unknown.json["message"]


def test_the_owners_write_token_enters_and_submits_a_value_with_the_updated_at_check(client, make_token):
    ours, theirs = _two_owners()
    reader = make_token("只读", departments=["市卫生健康委"])
    writer = make_token("卫健填报", scope="write", departments=["市卫生健康委"])
    draft = _values(client.get("/api/v1/indicators?department=市卫生健康委", headers=bearer(writer)).json, ours)[2022]
    body = {"updated_at": draft["updated_at"], "value": "98", "source": "市生态环境局"}
    refused = client.put(f"/api/v1/indicators/{ours}/values/2022", json=body, headers=bearer(reader))
    assert refused.status_code == 403 and refused.json["code"] == "forbidden" and "只读" in refused.json["message"]
    other = client.put(
        f"/api/v1/indicators/{theirs}/values/2023", json={**body, "updated_at": None}, headers=bearer(writer)
    )
    assert other.status_code == 403 and "责任部门" in other.json["message"]
    stale = client.put(
        f"/api/v1/indicators/{ours}/values/2022",
        json={**body, "updated_at": "2000-01-01T00:00:00+00:00"},
        headers=bearer(writer),
    )
    assert stale.status_code == 409 and stale.json["code"] == "conflict"
    bad = client.put(f"/api/v1/indicators/{ours}/values/2022", json={**body, "value": "很好"}, headers=bearer(writer))
    assert bad.status_code == 422 and bad.json["code"] == "invalid_input" and "不是有效的数值" in bad.json["message"]
    out_of_plan = client.put(
        f"/api/v1/indicators/{ours}/values/2040", json={**body, "updated_at": None}, headers=bearer(writer)
    )
    assert out_of_plan.status_code == 422 and "年份应在" in out_of_plan.json["message"]
    assert (
        db.session.scalar(
            select(IndicatorValue).where(IndicatorValue.year == 2022, IndicatorValue.indicator_id == ours)
        ).text
        == "94"
    )
    saved = client.put(f"/api/v1/indicators/{ours}/values/2022", json={**body, "submit": True}, headers=bearer(writer))
    assert saved.status_code == 200, saved.json
    assert saved.json["value"] == "98" and saved.json["status"] == "submitted" and saved.json["attainment"] == "已达标"
    again = client.put(
        f"/api/v1/indicators/{ours}/values/2022",
        json={**body, "updated_at": saved.json["updated_at"]},
        headers=bearer(writer),
    )
    assert again.status_code == 409 and "不能修改" in again.json["message"]
    new = client.put(
        f"/api/v1/indicators/{ours}/values/2023", json={**body, "updated_at": None}, headers=bearer(writer)
    )
    assert new.status_code == 200 and new.json["status"] == "draft"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "indicator_value.submit"))
    assert event is not None and event.username.startswith("api-")
    city = client.get("/api/v1/indicators", headers=bearer(make_token("统计平台"))).json
    assert set(_values(city, ours)) == {2021}  # the submitted 2022 and the draft 2023 are not official yet
