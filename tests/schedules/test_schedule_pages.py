"""The office's page: the years and what they rest on, the template download, an upload, the 暂定 banner."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import select

from supervision.calendar.models import YearSchedule
from tests.builders import make_user
from tests.helpers import csrf_token, login
from tests.schedules.support import YEAR_2027


@pytest.fixture
def office(app, db):
    """A signed-in office user's client."""
    make_user("office1", roles=("office",))
    client = app.test_client()
    login(client, "office1")
    return client


def test_the_page_shows_the_years_and_the_banner(office):
    html = office.get("/calendar/schedules").get_data(as_text=True)
    assert "国务院已公布的节假日安排（chinesecalendar）" in html
    assert "暂定" in html and "年的国务院节假日安排尚未录入" in html  # today 2026-12: 2027 has no data
    with office.get("/calendar/schedules/template.xlsx?year=2027") as response:
        assert response.status_code == 200 and response.data[:2] == b"PK"


def test_upload_enters_the_year_and_errors_change_nothing(office, db):
    token = csrf_token(office, "/calendar/schedules")
    bad = {"csrf_token": token, "file": (BytesIO(YEAR_2027.replace("2027-04-10", "2027-04-12").encode()), "x.yaml")}
    response = office.post("/calendar/schedules/import", data=bad, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "2027-04-12（星期一） 本来就是工作日" in response.get_data(as_text=True)
    assert db.session.scalar(select(YearSchedule)) is None
    good = {"csrf_token": token, "file": (BytesIO(YEAR_2027.encode()), "2027.yaml")}
    response = office.post("/calendar/schedules/import", data=good, content_type="multipart/form-data")
    assert response.status_code == 303
    html = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "已录入 2027 年节假日安排" in html and "清明节" in html and "暂定" not in html
