"""Flood control: a run issues at most the policy's limit of 督办通知单; the rest wait for the office, which
gets one summary and issues them per unit or all at once, each once; units without a liaison get none."""

import re

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.extensions import db
from supervision.reminders.models import HeldNotice, SupervisionNotice
from supervision.reminders.policy import current_policy
from tests.builders import make_user
from tests.helpers import login, post_form
from tests.reminders.support import approve_milestones, build_world, department, text_of
from tests.reminders.test_reminder_daily import run, send

HELD = "/reminders/held"


def notice_count(**where):
    db.session.rollback()
    statement = select(func.count()).select_from(SupervisionNotice)
    for name, value in where.items():
        statement = statement.where(getattr(SupervisionNotice, name) == value)
    return db.session.scalar(statement)


def waiting(department_id=None):
    db.session.rollback()
    statement = select(func.count()).select_from(HeldNotice).where(HeldNotice.decided_at.is_(None))
    if department_id is not None:
        statement = statement.where(HeldNotice.department_id == department_id)
    return db.session.scalar(statement)


def liaisons_everywhere(but: str):
    """A liaison in every unit except `but`, so that the day's escalations are many."""
    for i, unit in enumerate(db.session.scalars(select(Department).order_by(Department.id)).all()):
        if unit.name != but and unit.name not in ("市卫生健康委", "市司法局"):
            make_user(f"liaison{i}", roles=("liaison",), department=unit)


def test_a_run_over_the_limit_issues_twenty_and_asks_the_office(app, runner, db, smtp):
    build_world(runner)
    liaisons_everywhere(but="市体育局")
    approve_milestones("Q1", "Q2")
    assert current_policy().notice_limit == 20
    output = run(runner, "2025-10-21")  # Q3 of every task: five working days overdue
    assert notice_count() == 20 and "待办公室确认" in output
    held = waiting()
    assert held > 0
    run(runner, "2025-10-21")  # run again the same day: nothing more is issued without the office
    run(runner, "2025-10-22")  # nor the next day: the held ones keep waiting
    assert notice_count() == 20 and waiting() == held
    send(runner)
    [summary] = smtp.mailbox.to("office@example.gov.cn", "督办通知单待确认（2025年10月21日）")
    assert f"{held} 份" in summary["Subject"] and "/reminders/held" in text_of(summary)

    office = app.test_client()
    login(office, "office1")
    page = office.get(HELD).get_data(as_text=True)
    assert "市体育局" in page and "无联络员" in page and "全部发出" in page
    units = [int(u) for u in re.findall(r'name="department" value="(\d+)"', page)]
    assert units and department("市体育局").id not in units

    unit = units[0]
    make_user(
        "unit_head", roles=("dept_head",), department=db.session.get(Department, unit), email="head@example.gov.cn"
    )
    own = waiting(unit)
    response = post_form(office, f"{HELD}/approve", {"department": unit}, HELD, follow_redirects=True)
    assert f"已发出 {own} 份督办通知单" in response.get_data(as_text=True)
    assert notice_count(department_id=unit) >= own and waiting(unit) == 0
    total = notice_count()
    response = post_form(office, f"{HELD}/approve", {"department": unit}, HELD, follow_redirects=True)
    assert "没有待确认的督办通知单" in response.get_data(as_text=True) and notice_count() == total
    send(runner)
    [letter] = smtp.mailbox.to("<head@example.gov.cn>", "督办通知单（")
    assert text_of(letter).count("/reminders/notices/") == own

    sports = department("市体育局").id
    response = post_form(office, f"{HELD}/approve", {"department": sports}, HELD, follow_redirects=True)
    assert "没有启用的联络员" in response.get_data(as_text=True)
    response = post_form(office, f"{HELD}/approve", {"scope": "all"}, HELD, follow_redirects=True)
    assert "份督办通知单" in response.get_data(as_text=True)
    assert waiting() == waiting(sports) > 0  # only the unit without a liaison still waits
    assert notice_count(department_id=sports) == 0
    numbers = [n for (n,) in db.session.execute(select(SupervisionNotice.number).where(SupervisionNotice.year == 2025))]
    assert len(numbers) == len(set(numbers))
    keys = db.session.execute(select(SupervisionNotice.milestone_id, SupervisionNotice.department_id)).all()
    assert len(keys) == len(set(keys))  # nothing issued twice


def test_bad_decisions_get_a_chinese_message(app, runner, db):
    build_world(runner)
    office = app.test_client()
    login(office, "office1")
    for form, message in (
        ({}, "请选择要确认的单位。"),
        ({"department": "abc"}, "请选择要确认的单位。"),
        ({"department": "999999"}, "所选单位不存在"),
        ({"department": department("市司法局").id}, "没有待确认的督办通知单"),
    ):
        response = post_form(office, f"{HELD}/approve", form, HELD, follow_redirects=True)
        assert message in response.get_data(as_text=True), form
    assert notice_count() == 0


def test_the_limit_is_edited_with_the_policy(app, runner, db):
    build_world(runner)
    office = app.test_client()
    login(office, "office1")
    form = {"before_days": "5,2,1", "overdue_every": "2", "escalate_after": "5", "notice_limit": "5"}
    assert 'name="notice_limit"' in office.get("/reminders/policy").get_data(as_text=True)
    assert post_form(office, "/reminders/policy", form, "/reminders/policy").status_code == 303
    db.session.rollback()
    assert current_policy().notice_limit == 5
    response = post_form(office, "/reminders/policy", form | {"notice_limit": "0"}, "/reminders/policy")
    assert "应为 1 到 1000" in response.get_data(as_text=True)
    db.session.rollback()
    assert current_policy().notice_limit == 5


def test_the_office_digest_prints_each_count_once(runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1")
    run(runner, "2025-10-09")
    send(runner)
    [digest] = smtp.mailbox.to("office@example.gov.cn", "每日逾期汇总")
    assert not re.search(r"（\d+ 项）（\d+ 项）", text_of(digest))
    assert re.search(r"市卫生健康委（\d+ 项）", text_of(digest))
