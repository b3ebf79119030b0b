"""The defects of issue 13 in input validation (D2 to D5, dates), each refused in Chinese with nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from supervision.extensions import db as _db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.reviews.models import Review
from supervision.validation import InvalidInput, parse_date, parse_id, parse_int, parse_int_list, parse_year
from tests.builders import REPORT_FORM, make_milestone, make_plan, make_report, make_task
from tests.helpers import login, make_department, make_user, post_form

BIG = str(2**63)


def client_for(app, username, roles, department="市卫生健康委"):
    make_user(username, roles=roles, department=department)
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


@pytest.fixture
def task(db):
    make_department("市卫生健康委", requires_head_approval=True)
    return make_task(make_plan(start_year=2021, end_year=2025))


def test_the_parsers_read_ascii_digits_within_bounds():
    assert parse_int(" 42 ") == 42 and parse_int("-3") == -3
    assert parse_int("²") is None and parse_int("١") is None and parse_int("9" * 5000) is None
    assert (
        parse_id(BIG) is None
        and parse_id(str(2**31 - 1)) == 2**31 - 1
        and parse_id(str(2**31)) is None
        and parse_id("0") is None
    )
    assert parse_year("2025") == 2025 and parse_year("9999") is None and parse_year("²⁰²⁵") is None
    assert parse_date("2025-10-11") == date(2025, 10, 11)
    assert parse_date("0001-01-01") is None and parse_date("9999-12-31") is None and parse_date("20251011") is None
    assert parse_int_list("5, 2，1", low=1, high=30) == [5, 2, 1] and parse_int_list("1,²", low=1, high=30) is None


def test_d2_the_heads_review_accepts_only_approved_or_returned_with_a_comment(app, db, task):
    milestone = make_milestone(task)
    liaison = make_user("lead1", roles=("liaison",))
    report = make_report(milestone, status="submitted", actor=liaison)
    db.session.commit()
    head = client_for(app, "head1", ("dept_head",))
    for data in ({"outcome": "zzz"}, {"outcome": "zzz", "comment": "意见"}, {"outcome": "returned"}):
        response = post_form(head, f"/reports/{report.id}/review", {"stage": "dept_head", **data})
        assert response.status_code == 303
        page = head.get(response.headers["Location"]).get_data(as_text=True)
        assert "审核结果无效" in page or "退回时必须填写退回意见" in page
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "submitted"
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0


def test_d3_unicode_digits_in_parameters_and_fields_are_not_an_error(app, db, task):
    office = client_for(app, "office1", ("office",))
    for url in ("/tasks/?page=²", "/tasks/?department=²", "/work/overview?light=red&page=²", "/work/overview?year=²"):
        assert office.get(url).status_code == 200, url
    response = post_form(
        office,
        "/reminders/policy",
        {"before_days": "1,²", "overdue_every": "1", "escalate_after": "3"},
        "/reminders/policy",
    )
    assert response.status_code < 500
    assert "到期前提醒天数应为 1 到 30 之间的整数" in response.get_data(as_text=True)


def test_d4_ids_beyond_the_databases_integers_are_not_found(app, db, task):
    office = client_for(app, "office1", ("office",))
    for url in (f"/tasks/{BIG}", f"/milestones/{BIG}", f"/departments/{BIG}", f"/tasks/{'9' * 5000}"):
        assert office.get(url).status_code == 404, url
    assert post_form(office, f"/reports/{BIG}/review", {"outcome": "approved"}).status_code == 404


def test_d5_nul_bytes_and_over_long_texts_never_reach_the_database(app, db, task):
    milestone = make_milestone(task)
    db.session.commit()
    liaison = client_for(app, "lead1", ("liaison",))
    response = post_form(liaison, f"/milestones/{milestone.id}/report", REPORT_FORM | {"progress": "进展\x00"})
    assert response.status_code == 400 and "控制字符" in response.get_data(as_text=True)
    assert liaison.get("/tasks/?q=%00").status_code == 400
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    office = client_for(app, "office1", ("office",))
    assert office.get("/audit/?q=a%00b").status_code == 400
    response = post_form(
        office, f"/milestones/{milestone.id}/edit", {"title": "长" * 300_000, "due_date": "2025-10-14"}
    )
    assert response.status_code == 400 and "过长" in response.get_data(as_text=True)
    response = post_form(office, f"/milestones/{milestone.id}/edit", {"title": "长" * 201, "due_date": "2025-10-14"})
    assert "节点名称过长（最多 200 个字）" in office.get(response.headers["Location"]).get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Milestone, milestone.id).title == "测试节点"


def test_d5_the_flush_guard_refuses_what_the_column_cannot_hold(app, db, task):
    milestone = make_milestone(task)
    milestone.title = "x" * 201
    with pytest.raises(InvalidInput):
        _db.session.flush()
    _db.session.rollback()
    with pytest.raises(InvalidInput):
        make_milestone(task, title="a\x00b")  # flushes


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ({"lead": ["市卫生健康委"], "note": "a\x00b"}, True),
        ({"a\x00": 1}, True),  # in a key
        ([[{"deep": ["ok", "\\\x00"]}]], True),  # a backslash, then the NUL
        ({"path": "C:\\u0000"}, False),  # the six characters \u0000 a user typed are not a NUL
        ({"path": "\\\\u0000", "day": date(2025, 1, 1)}, False),
    ],
)
def test_d5_a_nul_anywhere_in_a_json_value_is_refused_and_nothing_else(app, db, value, refused):
    if refused:
        with pytest.raises(InvalidInput):
            record_event("task.assign", object_type="task", object_id=1, after=value)
            _db.session.flush()
        _db.session.rollback()
        assert _db.session.scalar(select(func.count(AuditEvent.id))) == 0
    else:
        record_event("task.assign", object_type="task", object_id=1, after=value)
        _db.session.commit()
        assert _db.session.scalar(select(func.count(AuditEvent.id))) == 1


def test_due_dates_stay_within_the_plan_period_give_or_take_a_year(app, db, task):
    db.session.commit()
    office = client_for(app, "office1", ("office",))
    for day in ("0001-01-01", "9999-12-31", "9999-06-30", "2019-12-31", "2027-01-01"):
        response = post_form(office, f"/tasks/{task.id}/milestones", {"title": "新节点", "due_date": day})
        assert response.status_code == 303, day
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == 0
    page = office.get(f"/tasks/{task.id}?year=2027").get_data(as_text=True)
    assert "截止日期应在规划期（2021—2025 年）前后一年之内" in page
    post_form(office, f"/tasks/{task.id}/milestones", {"title": "新节点", "due_date": "2026-03-31"})
    db.session.rollback()
    assert db.session.scalar(select(Milestone.due_date)) == date(2026, 3, 31)
