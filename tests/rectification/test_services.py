"""整改: open from a notice, answer with evidence, accept or return; reminders; the overdue deduction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.assessment.models import Assessment
from supervision.assessment.scoring.services import compute_year
from supervision.errors import DomainError, PermissionDenied
from supervision.evidence.services import storage
from supervision.rectification.models import Rectification
from supervision.rectification.queries import is_overdue
from supervision.rectification.reminders import run_rectification_reminders
from supervision.rectification.services import answer_rectification, decide_rectification, open_rectification
from supervision.reminders.models import OutboxMessage
from tests.rectification.builders import make_world, pdf_file

OPENED = date(2025, 10, 27)  # a Monday


@pytest.fixture
def world(db):
    return make_world()


def open_from_notice(world, days: int = 10, today: date = OPENED) -> Rectification:
    return open_rectification(
        world.edu,
        "补报第三季度进展并说明逾期原因。",
        days,
        source_kind="notice",
        source_id=world.notice.id,
        today=today,
        actor=world.office,
    )


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_open_answer_with_evidence_and_accept(world, db):
    item = open_from_notice(world)
    assert item.code == "健康办整〔2025〕1号" and item.state == "open"
    assert item.deadline == date(2025, 11, 10)  # ten working days after Monday 27 October
    assert world.notice.code in item.source_label and item.source_kind_label == "督办通知单"

    answer_rectification(item, "已补报并完善台账。", [pdf_file()], today=date(2025, 11, 5), actor=world.edu_liaison)
    assert item.state == "answered" and item.state_label == "待验收"
    (file,) = item.files
    assert file.filename == "整改报告.pdf" and storage().is_intact(file.sha256)

    decide_rectification(item, "accept", "", today=date(2025, 11, 6), actor=world.office)
    db.session.commit()
    assert item.state_label == "已销号"
    assert [s.action for s in item.steps] == ["open", "answer", "accept"]
    assert not is_overdue(item, date(2025, 12, 31))


def test_a_returned_answer_is_answered_again(world, db):
    item = open_from_notice(world)
    answer_rectification(item, "已整改。", [], today=date(2025, 11, 3), actor=world.edu_liaison)
    with pytest.raises(DomainError, match="退回时必须填写意见"):
        decide_rectification(item, "return", " ", today=date(2025, 11, 4), actor=world.office)
    decide_rectification(item, "return", "请附上整改前后对比材料。", today=date(2025, 11, 4), actor=world.office)
    assert item.state_label == "退回重改"
    answer_rectification(
        item, "已补充对比材料。", [pdf_file("对比.pdf")], today=date(2025, 11, 6), actor=world.edu_liaison
    )
    decide_rectification(item, "accept", "同意销号。", today=date(2025, 11, 7), actor=world.office)
    assert [s.action for s in item.steps] == ["open", "answer", "return", "answer", "accept"]
    assert item.state == "accepted"


def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, db):
    cases = [
        (dict(requirement=" "), "请填写整改要求"),
        (dict(days=0), "整改期限应为 1 到 120 个工作日"),
        (dict(days=None), "整改期限应为"),
        (dict(department=world.sport), "不是该"),
        (dict(source_id=999999), "督办通知单不存在"),
        (dict(source_kind="notice_x"), "整改来源无效"),
        (dict(department=None), "请选择整改责任单位"),
    ]
    for change, message in cases:
        args = dict(department=world.edu, requirement="整改", days=5, source_kind="notice", source_id=world.notice.id)
        args.update(change)
        with pytest.raises(DomainError, match=message):
            open_rectification(
                args["department"],
                args["requirement"],
                args["days"],
                source_kind=args["source_kind"],
                source_id=args["source_id"],
                today=OPENED,
                actor=world.office,
            )
        db.session.rollback()
    assert count(db, Rectification) == 0
    with pytest.raises(PermissionDenied):
        open_rectification(world.edu, "整改", 5, source_kind="other", today=OPENED, actor=world.edu_liaison)
    item = open_from_notice(world)
    with pytest.raises(PermissionDenied, match="责任单位的联络员"):
        answer_rectification(item, "他人代报", [], today=OPENED, actor=world.sport_liaison)
    with pytest.raises(DomainError, match="请填写整改情况报告"):
        answer_rectification(item, "", [pdf_file()], today=OPENED, actor=world.edu_liaison)
    with pytest.raises(DomainError, match="未能上传"):
        answer_rectification(item, "见附件", [pdf_file("病毒.exe")], today=OPENED, actor=world.edu_liaison)
    with pytest.raises(DomainError, match="只有已报送"):
        decide_rectification(item, "accept", "", today=OPENED, actor=world.office)
    assert item.state == "open" and not item.files


def outbox(db, user) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == user.id)))


def test_a_passed_deadline_is_reminded_once_through_the_outbox_and_escalated(world, db):
    item = open_from_notice(world, days=1)  # due Tuesday 28 October
    db.session.commit()
    day = date(2025, 10, 30)  # two working days overdue: the default policy reminds every 2 working days
    for _ in range(2):  # a second run on the same day queues nothing more
        run_rectification_reminders(day)
        db.session.commit()
    (message,) = outbox(db, world.edu_liaison)
    assert message.kind == "rectification" and "整改提醒" in message.subject
    assert item.code in message.body_text and "已逾期 2 个工作日" in message.body_text
    assert not outbox(db, world.sport_liaison) and not outbox(db, world.edu_head)

    run_rectification_reminders(date(2025, 11, 4))  # five working days overdue: escalated to the head and office
    db.session.commit()
    assert item.escalated_on == date(2025, 11, 4)
    assert any("升级督办" in m.body_text for m in outbox(db, world.edu_head))
    assert any(item.code in m.body_text for m in outbox(db, world.office))
    assert run_rectification_reminders(date(2025, 11, 1)).working_day is False  # a Saturday


def deductions(db, department, year: int = 2025) -> list[dict]:
    row = db.session.scalar(
        select(Assessment).where(Assessment.year == year, Assessment.department_id == department.id)
    )
    return row.detail["deductions"]["lines"]


def test_an_overdue_rectification_feeds_the_deduction_of_the_scheme(world, db):
    late = open_from_notice(world, days=2)  # due 29 October, answered on 3 November
    answer_rectification(late, "已整改。", [], today=date(2025, 11, 3), actor=world.edu_liaison)
    in_time = open_from_notice(world, days=30)  # due 8 December
    answer_rectification(in_time, "已整改。", [], today=date(2025, 12, 8), actor=world.edu_liaison)
    db.session.commit()
    compute_year(2025, date(2026, 12, 2), actor=world.office)
    lines = [line for line in deductions(db, world.edu) if line["item"] == "overdue_rectification"]
    assert len(lines) == 1 and late.code in lines[0]["reason"] and lines[0]["points"] == 1
    assert not [line for line in deductions(db, world.sport) if line["item"] == "overdue_rectification"]
