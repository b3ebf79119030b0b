"""Who sees which result: a department only its own published scorecard; the office and leaders all."""

import io
import zipfile

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.publishing.services import publish_year
from supervision.assessment.scoring.services import compute_year
from tests.assessment.builders import TODAY, Year2025, department
from tests.helpers import login, make_user


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def client_for(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def card(year_, dept):
    return f"/assessment/2025/departments/{dept.id}/scorecard.pdf"


def test_a_department_sees_only_its_own_published_scorecard(app, year, db):
    edu = client_for(app, "edu1")
    make_user("edu_head", ("dept_head",), year.edu)
    head = client_for(app, "edu_head")
    # draft: refused, also for the own department
    for client in (edu, head):
        with client.get(card(year, year.edu)) as response:
            assert response.status_code == 403
        assert client.get(f"/assessment/2025/departments/{year.edu.id}").status_code == 403
    assert "尚未发布" in edu.get("/assessment/?year=2025").get_data(as_text=True)
    publish_year(2025, TODAY, actor=year.office)
    db.session.commit()
    with edu.get(card(year, year.edu)) as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF") and "attachment" in response.headers["Content-Disposition"]
    page = edu.get("/assessment/?year=2025").get_data(as_text=True)
    assert "55.73" in page and "不合格" in page
    assert "下载评分表 PDF" in page
    # another department's scorecard, the summary, the zip and the ranking stay closed
    with edu.get(card(year, year.justice)) as response:
        assert response.status_code == 403
    assert edu.get(f"/assessment/2025/departments/{year.justice.id}").status_code == 403
    with edu.get("/assessment/2025/summary.pdf") as response:
        assert response.status_code == 403
    with edu.get("/assessment/2025/scorecards.zip") as response:
        assert response.status_code == 403
    assert edu.get("/assessment/2025/verify").status_code == 403
    assert edu.get("/assessment/2025/quality").status_code == 403


def test_leaders_read_every_result_and_draft(app, year, db):
    make_user("leader1", ("leader",), department(db, "市政府办公厅"))
    leader = client_for(app, "leader1")
    page = leader.get("/assessment/?year=2025").get_data(as_text=True)
    assert "市教育局" in page and "市司法局" in page and "计算考核结果" not in page
    with leader.get(card(year, year.justice)) as response:
        assert response.status_code == 200
    assert leader.get("/assessment/2025/adjustments").status_code == 403


def test_the_office_downloads_a_zip_of_every_scorecard(app, year, db):
    office = client_for(app, "office1")
    with office.get("/assessment/2025/scorecards.zip") as response:
        assert response.status_code == 200 and response.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    rated = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated)).all()
    assert set(archive.namelist()) == {f"{a.department.name}.pdf" for a in rated} | {"summary.pdf"}
    assert archive.read("市教育局.pdf").startswith(b"%PDF")
