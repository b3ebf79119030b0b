"""整改 pages: the ledger with its filters and export, department scoping, bad input, the department page."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from supervision.rectification.models import Rectification
from supervision.rectification.services import open_rectification
from tests.helpers import login, post_form
from tests.rectification.builders import make_world
from tests.rectification.test_services import OPENED


def open_for(world, department, text):
    item = open_rectification(
        department, text, 5, source_kind="other", source_label="专项检查", today=OPENED, actor=world.office
    )
    return item


def client_of(app, username):
    client = app.test_client()
    login(client, username)
    return client


def test_a_department_sees_only_its_own_rectification(app, db):
    world = make_world()
    mine, theirs = open_for(world, world.edu, "教育局整改事项"), open_for(world, world.sport, "体育局整改事项")
    mine_id, theirs_id = mine.id, theirs.id
    db.session.commit()
    client = client_of(app, "edu1")
    html = client.get("/rectification/").get_data(as_text=True)
    assert "教育局整改事项" in html and "体育局整改事项" not in html
    assert client.get(f"/rectification/{mine_id}").status_code == 200
    assert client.get(f"/rectification/{theirs_id}").status_code == 404
    response = post_form(client, f"/rectification/{theirs_id}/answer", {"text": "越权报送"})
    assert response.status_code == 404
    db.session.rollback()
    assert db.session.get(Rectification, theirs_id).state == "open"
    sport_page = client.get(f"/departments/{world.sport.id}").get_data(as_text=True)
    assert "体育局整改事项" not in sport_page


def test_the_ledger_filters_and_exports_to_excel(app, db):
    world = make_world()
    open_for(world, world.edu, "教育局整改事项")
    open_for(world, world.sport, "体育局整改事项")
    db.session.commit()
    office = client_of(app, "office1")
    html = office.get(f"/rectification/?department={world.sport.id}&state=open&source=other&year=2025").get_data(
        as_text=True
    )
    assert "体育局整改事项" in html and "教育局整改事项" not in html
    assert "体育局整改事项" not in office.get("/rectification/?state=accepted").get_data(as_text=True)
    with office.get("/rectification/?format=xlsx&department=abc&state=nonsense") as response:
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("编号", "责任单位", "来源") and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"市教育局", "市体育局"}
    page = office.get(f"/departments/{world.edu.id}").get_data(as_text=True)
    assert "整改事项（1）" in page and "教育局整改事项" in page


def test_bad_input_in_the_form_is_flashed_in_chinese(app, db):
    world = make_world()
    office = client_of(app, "office1")
    form = {"department_id": str(world.edu.id), "requirement": "整改", "working_days": "十", "source_kind": "other"}
    response = post_form(office, "/rectification/new", form, follow_redirects=True)
    assert "整改期限应为 1 到 120 个工作日" in response.get_data(as_text=True)
    form |= {
        "working_days": "5",
        "source_kind": "notice",
        "source_id": str(world.notice.id),
        "department_id": str(world.sport.id),
    }
    response = post_form(office, "/rectification/new", form, follow_redirects=True)
    assert "不是该" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Rectification)) == 0
    page = office.get(f"/rectification/new?source_kind=notice&source_id={world.notice.id}").get_data(as_text=True)
    assert world.notice.code in page
    assert "发起整改" in office.get("/reminders/notices/").get_data(as_text=True)
