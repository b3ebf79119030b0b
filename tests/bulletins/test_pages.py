"""The 通报 pages: the office drafts, edits and issues; departments see only the bulletins addressed to them;
the stored Word and PDF files read back in Chinese (python-docx, pdftotext)."""

import io
import subprocess
from datetime import date

import docx
from sqlalchemy import func, select

from supervision.bulletins.models import Bulletin
from supervision.extensions import db
from tests.bulletins.world import build_world
from tests.helpers import login, post_form

HEADINGS = ["一、总体进展", "二、各单位按时完成情况", "三、逾期事项", "四、红灯任务", "五、好的做法", "六、整改要求"]


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return "".join(out.decode().split())


def draft_and_issue(client, monkeypatch):
    monkeypatch.setattr("supervision.bulletins.views.today", lambda: date(2026, 12, 2))
    login(client, "office1")
    response = post_form(client, "/bulletins/", {"kind": "quarter", "year": "2025", "quarter": "4"}, "/bulletins/")
    assert response.status_code == 303
    bulletin = db.session.scalar(select(Bulletin))
    texts = dict(bulletin.texts) | {"rectify": "请市体育局于2026年12月31日前完成整改。"}
    path = f"/bulletins/{bulletin.id}"
    assert post_form(client, path + "/texts", texts, path).status_code == 303
    assert post_form(client, path + "/issue", {}, path).status_code == 303
    return bulletin.id


def as_user(app, username):
    client = app.test_client()
    login(client, username)
    return client


def test_departments_see_only_the_bulletins_addressed_to_them(app, client, db, monkeypatch):
    build_world()
    bulletin_id = draft_and_issue(client, monkeypatch)
    client = as_user(app, "sport1")
    html = client.get("/bulletins/").get_data(as_text=True)
    assert "健康办通〔2026〕1号" in html
    assert "请市体育局于2026年12月31日前完成整改" in client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    client = as_user(app, "other1")
    assert "健康办通〔2026〕1号" not in client.get("/bulletins/").get_data(as_text=True)
    assert client.get(f"/bulletins/{bulletin_id}").status_code == 403
    with client.get(f"/bulletins/{bulletin_id}/bulletin.pdf") as response:
        assert response.status_code == 403
    client = as_user(app, "leader1")
    assert "健康办通〔2026〕1号" in client.get("/bulletins/").get_data(as_text=True)


def test_drafts_are_the_office_s_alone(app, client, db, monkeypatch):
    build_world()
    monkeypatch.setattr("supervision.bulletins.views.today", lambda: date(2026, 12, 2))
    login(client, "office1")
    post_form(client, "/bulletins/", {"kind": "quarter", "year": "2025", "quarter": "4"}, "/bulletins/")
    bulletin = db.session.scalar(select(Bulletin))
    page = client.get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "逾期事项清单" in page and "专项督查整改" in page and "印发通报" in page
    for username in ("sport1", "leader1"):
        client = as_user(app, username)
        assert client.get(f"/bulletins/{bulletin.id}").status_code == 403
        assert "（草稿）" not in client.get("/bulletins/").get_data(as_text=True)


def test_bad_input_is_refused_in_chinese_and_changes_nothing(client, db, monkeypatch):
    build_world()
    monkeypatch.setattr("supervision.bulletins.views.today", lambda: date(2026, 12, 2))
    login(client, "office1")
    for data, message in [
        ({"kind": "quarter", "year": "abc", "quarter": "4"}, "年份"),
        ({"kind": "quarter", "year": "2025", "quarter": "9"}, "季度"),
        ({"kind": "day", "year": "2025"}, "通报类型"),
        ({"kind": "quarter", "year": "2026", "quarter": "4"}, "尚未结束"),
    ]:
        response = post_form(client, "/bulletins/", data, "/bulletins/", follow_redirects=True)
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Bulletin)) == 0
    assert client.get("/bulletins/999999").status_code == 404


def test_stored_files_read_back_with_the_sections_and_departments(app, client, db, monkeypatch):
    build_world()
    bulletin_id = draft_and_issue(client, monkeypatch)
    client = as_user(app, "edu1")
    with client.get(f"/bulletins/{bulletin_id}/bulletin.docx") as response:
        assert response.status_code == 200
        document = docx.Document(io.BytesIO(response.data))
    with client.get(f"/bulletins/{bulletin_id}/bulletin.pdf") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        text = pdf_text(response.data)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "健康杭州建设工作通报" and paragraphs[1] == "健康办通〔2026〕1号"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert {"市体育局", "市教育局", "专项督查整改"} <= cells
    assert any("请市体育局于2026年12月31日前完成整改" in p for p in paragraphs)
    for words in [
        *HEADINGS,
        "健康办通〔2026〕1号",
        "市体育局",
        "市教育局",
        "全民健身设施建设",
        "健康杭州建设领导小组办公室",
    ]:
        assert words in text, words
