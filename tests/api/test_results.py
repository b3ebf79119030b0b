"""Published assessment results and 督办通知单 through the API: drafts stay hidden, each department token
reads its own notices, a token without departments reads them all."""

from __future__ import annotations

from datetime import date

from supervision.extensions import db
from tests.api.builders import make_round
from tests.api.conftest import bearer
from tests.builders import make_milestone, make_task
from tests.helpers import make_department
from tests.rectification.builders import make_notice


def test_only_a_published_or_final_round_is_given_with_the_export_data(client, make_token):
    health, sport = make_department("市卫生健康委"), make_department("市体育局")
    district = make_department("上城区", kind="district")
    make_round(2024, "final", [(health, "municipal", 92.5, 1, "优秀"), (sport, "municipal", None, None, None)])
    make_round(2025, "draft", [(health, "municipal", 80.0, 1, "良好")])
    make_round(2023, "published", [(district, "district", 88.0, 1, "良好"), (health, "municipal", 70.0, 1, "合格")])
    db.session.commit()
    secret = make_token("卫健系统", departments=["市卫生健康委"])
    for year in (2025, 2026, 2**31, 2**40):
        hidden = client.get(f"/api/v1/assessments/{year}", headers=bearer(secret))
        assert hidden.status_code == 404 and hidden.json["code"] == "not_found", year
    assert "尚未发布" in client.get("/api/v1/assessments/2025", headers=bearer(secret)).json["message"]
    final = client.get("/api/v1/assessments/2024", headers=bearer(secret))
    assert final.status_code == 200 and final.json["status"] == "final"
    assert final.json["departments"] == [
        {"name": "市卫生健康委", "kind": "municipal", "participating": True, "total": 92.5, "rank": 1, "grade": "优秀"},
        {"name": "市体育局", "kind": "municipal", "participating": False, "total": None, "rank": None, "grade": None},
    ]
    published = client.get("/api/v1/assessments/2023", headers=bearer(make_token("统计平台"))).json
    assert [d["kind"] for d in published["departments"]] == ["municipal", "district"]  # the scheme's order
    again = client.get("/api/v1/assessments/2024", headers={**bearer(secret), "If-None-Match": final.headers["ETag"]})
    assert again.status_code == 304


def _notices():
    health, sport = make_department("市卫生健康委"), make_department("市体育局")
    ours = make_notice(make_milestone(make_task(name="健康促进", lead=(health,))), health, date(2025, 11, 3), 1)
    theirs = make_notice(make_milestone(make_task(name="全民健身", lead=(sport,))), sport, date(2026, 1, 5), 1)
    db.session.commit()
    return ours.id, theirs.id


def test_a_department_token_reads_its_own_notices_and_a_city_token_reads_all(client, make_token):
    ours, theirs = _notices()
    health = client.get("/api/v1/notices", headers=bearer(make_token("卫健系统", departments=["市卫生健康委"]))).json
    assert [n["id"] for n in health["items"]] == [ours] and health["page"]["total"] == 1
    notice = health["items"][0]
    assert (
        notice["code"] == "健康办督〔2025〕1号" and notice["department"] == "市卫生健康委" and notice["role"] == "lead"
    )
    city = make_token("统计平台")
    assert [n["id"] for n in client.get("/api/v1/notices", headers=bearer(city)).json["items"]] == [ours, theirs]
    assert [n["id"] for n in client.get("/api/v1/notices?year=2026", headers=bearer(city)).json["items"]] == [theirs]
    later = client.get("/api/v1/notices?updated_since=2100-01-01T00:00:00%2B08:00", headers=bearer(city)).json
    assert later["items"] == []
    first = client.get("/api/v1/notices", headers=bearer(city))
    again = client.get("/api/v1/notices", headers={**bearer(city), "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    bad = client.get("/api/v1/notices?year=99999", headers=bearer(city))
    assert bad.status_code == 422 and bad.json["code"] == "invalid_input"


def test_a_read_token_cannot_write_and_the_new_reads_need_a_token(client, make_token):
    for path in ("/api/v1/notices", "/api/v1/indicators", "/api/v1/assessments/2024"):
        assert client.get(path).status_code == 401
    secret = make_token("统计平台")
    refused = client.put(
        "/api/v1/indicators/1/values/2024", json={"updated_at": None, "value": "1"}, headers=bearer(secret)
    )
    assert refused.status_code == 403 and refused.json["code"] == "forbidden"
