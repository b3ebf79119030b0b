"""The office's yearly due dates and province figures, reminders of missing values, evidence files on a value,
and a department's indicators on its workbench."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.indicators.entries import enter_value, review_value, submit_value
from supervision.indicators.evidence import files_of
from supervision.indicators.models import Indicator, IndicatorEvidence, IndicatorValue, IndicatorYear
from supervision.indicators.reminders import run_indicator_reminders
from supervision.indicators.services import assign_owner, set_year
from supervision.reminders.models import Notification, OutboxMessage
from tests.helpers import login, make_user, post_form, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _indicator(db, number: int) -> Indicator:
    return db.session.scalars(select(Indicator).where(Indicator.number == number)).first()


def _province_indicator(db) -> Indicator:
    return next(i for i in db.session.scalars(select(Indicator)) if i.rule and i.rule["kind"] == "province")


def test_the_office_sets_a_due_date_and_the_province_figure_on_the_page(app, db, runner):
    seed(runner)
    make_user()
    ind = _province_indicator(db)
    client = app.test_client()
    login(client, "office1")
    page = f"/indicators/{ind.id}"
    html = client.get(page).get_data(as_text=True)
    assert "设定年度报送要求" in html and "省下达目标" in html
    response = post_form(
        client, f"{page}/years", {"year": "2023", "due_date": "2024-03-31", "province_target": "≥95"}, page
    )
    assert response.status_code == 303
    html = client.get(page).get_data(as_text=True)
    assert "2023年的报送要求已保存" in html and "2024年3月31日" in html and "≥95" in html
    row = db.session.scalar(select(IndicatorYear).where(IndicatorYear.indicator_id == ind.id))
    assert (row.year, row.due_date, row.province_target) == (2023, date(2024, 3, 31), "≥95")
    assert "设定指标年度要求" in html  # audited

    for bad, message in (
        ({"year": "2023", "due_date": "明年三月"}, "请填写有效的报送截止日期"),
        ({"year": "2019", "due_date": "2024-03-31"}, "年份应在"),
        ({"year": "2023", "province_target": "按省里要求"}, "无法识别省下达目标"),
    ):
        post_form(client, f"{page}/years", bad, page)
        assert message in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(IndicatorYear.id))) == 1
    assert row.province_target == "≥95"

    leader = app.test_client()
    make_user("leader1", roles=("leader",))
    login(leader, "leader1")
    assert "设定年度报送要求" not in leader.get(page).get_data(as_text=True)
    assert post_form(leader, f"{page}/years", {"year": "2024"}, page).status_code == 403


def _owned(db, office, liaison_department_id: int) -> Indicator:
    ind = _indicator(db, 3)
    assign_owner(ind, liaison_department_id, [], actor=office)
    set_year(ind, 2024, date(2025, 10, 31), None, actor=office)  # a Friday
    db.session.commit()
    return ind


def test_owners_are_reminded_once_after_the_due_date_until_a_value_is_approved(app, db, runner):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",), email="liaison1@example.cn")
    ind = _owned(db, office, liaison.department_id)

    assert run_indicator_reminders(date(2025, 10, 31)).missing == []  # the due day itself: not yet passed
    assert run_indicator_reminders(date(2025, 11, 3)).missing == []  # 1 working day overdue: policy says every 2
    run = run_indicator_reminders(date(2025, 11, 4))
    assert run.missing == [(ind, 2024)] and [u.username for u, *_ in run.queued.letters] == ["liaison1"]
    again = run_indicator_reminders(date(2025, 11, 4))  # the same day again: the outbox key holds
    assert again.queued.letters == []
    db.session.commit()
    notes = list(db.session.scalars(select(Notification).where(Notification.kind == "indicator")))
    assert len(notes) == 1 and "2024年数值" in str(notes[0].sections)
    mails = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "indicator")))
    assert [(m.channel, m.user_id) for m in mails] == [("email", liaison.id)] and "指标数值催报" in mails[0].subject
    assert run_indicator_reminders(date(2025, 11, 8)).working_day is False  # a Saturday

    row = enter_value(ind, 2024, "97", actor=office)
    submit_value(row, actor=office)
    assert run_indicator_reminders(date(2025, 11, 6)).missing == [(ind, 2024)]  # submitted is not approved
    review_value(row, "approve", "", actor=office)
    assert run_indicator_reminders(date(2025, 11, 10)).missing == []


def test_evidence_files_on_a_value_are_checked_stored_shown_and_downloaded(app, db, runner):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    ind = _owned(db, office, liaison.department_id)
    owner = app.test_client()
    login(owner, "liaison1")
    page = f"/indicators/{ind.id}"
    post_form(owner, f"{page}/values", {"year": "2024", "value": "97", "quarter": "0"}, page)
    value = db.session.scalar(select(IndicatorValue))

    refused = {"file": (io.BytesIO(b"MZ\x90\x00" * 100), "数据.pdf")}
    post_form(owner, f"/indicators/values/{value.id}/files", refused, page, content_type="multipart/form-data")
    assert "alert-danger" in owner.get(page).get_data(as_text=True)
    assert db.session.scalar(select(func.count(IndicatorEvidence.id))) == 0

    good = {"file": (io.BytesIO(PDF), "2024年统计公报.pdf")}
    post_form(owner, f"/indicators/values/{value.id}/files", good, page, content_type="multipart/form-data")
    html = owner.get(page).get_data(as_text=True)
    assert "已上传“2024年统计公报.pdf”" in html
    [stored] = files_of([value])[value.id]
    assert re.search(rf'href="/indicators/files/{stored.id}">2024年统计公报.pdf<', html)
    post_form(owner, f"/indicators/values/{value.id}/submit", {}, page)

    client = app.test_client()
    login(client, "office1")
    html = client.get(page).get_data(as_text=True)
    assert "2024年统计公报.pdf" in html and "通过</button>" in html  # the review sees the files
    with client.get(f"/indicators/files/{stored.id}") as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Security-Policy"] == "sandbox"
    late = {"file": (io.BytesIO(PDF), "补充.pdf")}  # submitted: no more files
    post_form(owner, f"/indicators/values/{value.id}/files", late, page, content_type="multipart/form-data")
    assert db.session.scalar(select(func.count(IndicatorEvidence.id))) == 1

    other = make_user(
        "liaison2",
        roles=("liaison",),
        department=db.session.scalar(select(Department).where(Department.id != liaison.department_id).limit(1)),
    )
    stranger = app.test_client()
    login(stranger, other.username)
    with stranger.get(f"/indicators/files/{stored.id}") as response:
        assert response.status_code == 403
    assert "上传指标佐证材料" in client.get(page).get_data(as_text=True)


def test_the_workbench_lists_the_departments_indicators_with_state_and_attainment(app, db, runner):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    water, other = _indicator(db, 3), _indicator(db, 23)
    assign_owner(water, liaison.department_id, [], actor=office)
    assign_owner(other, sport.id, [liaison.department_id], actor=office)
    row = enter_value(water, 2025, "94", actor=office)
    submit_value(row, actor=office)
    review_value(row, "approve", "", actor=office)
    enter_value(other, 2025, "3.8", actor=office)
    db.session.commit()
    client = app.test_client()
    login(client, "liaison1")
    html = client.get("/work/?year=2025").get_data(as_text=True)
    section = re.search(r"<section[^>]*data-workbench-indicators.*?</section>", html, re.S)[0]
    first = re.search(rf'<tr data-indicator="{water.id}">.*?</tr>', section, re.S)[0]
    assert "责任" in first and "已通过" in first and "未达标" in first and "light-red" in first
    second = re.search(rf'<tr data-indicator="{other.id}">.*?</tr>', section, re.S)[0]
    assert "配合" in second and "草稿" in second and "无数据" in second
    assert section.count("<tr data-indicator") == 2
