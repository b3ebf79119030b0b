"""Outcome notices in-app: a decision reaches the department concerned at once, and nobody else."""

from __future__ import annotations

from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.publishing.services import PUBLISH_HOOK
from supervision.hooks import run_hooks
from supervision.outcomes.models import OutcomeNotice
from supervision.reviews.services import head_review, office_review
from tests.builders import make_evidence
from tests.helpers import login
from tests.outcomes.support import build_world, notifications_of, submitted


def test_a_return_reaches_the_liaisons_in_app_with_the_comment(client, db):
    world = build_world()
    report = submitted(world.q1, world.liaison)
    office_review(report, "returned", "请补充经费保障情况。", actor=world.office)
    db.session.commit()

    for liaison in (world.liaison, world.other_liaison):
        [notice] = notifications_of(liaison)
        assert notice.read_at is None
        [section] = notice.sections
        assert section["title"] == "报告被退回"
        assert "请补充经费保障情况。" in section["lines"][0]["text"]
        assert section["lines"][0]["path"] == f"/milestones/{world.q1.id}"

    login(client, "wang")
    with client.get("/reminders/") as page:
        html = page.get_data(as_text=True)
    assert "审核结果通知" in html and "报告被退回" in html
    assert "办公室退回，退回意见：请补充经费保障情况。" in html
    assert "推动地方健康立法" in html


def test_other_departments_and_the_cooperating_unit_get_nothing(db):
    world = build_world()
    report = submitted(world.q1, world.liaison)
    office_review(report, "approved", "", actor=world.office)
    db.session.commit()
    assert notifications_of(world.liaison)
    for user in (world.coop, world.stranger, world.office, world.head):
        assert notifications_of(user) == []
    assert {o.department_id for o in db.session.scalars(select(OutcomeNotice))} == {world.liaison.department_id}


def test_two_outcomes_of_a_day_make_one_notice_unread_again(db):
    world = build_world()
    first = submitted(world.q1, world.liaison)
    office_review(first, "approved", "材料齐全。", actor=world.office)
    db.session.commit()
    [notice] = notifications_of(world.liaison)
    notice.read_at = notice.created_at
    db.session.commit()

    second = submitted(world.q2, world.liaison)
    office_review(second, "returned", "进度数据有误。", actor=world.office)
    db.session.commit()
    [notice] = notifications_of(world.liaison)
    assert notice.read_at is None
    assert [s["title"] for s in notice.sections] == ["报告被退回", "报告审核通过"]  # returns first
    assert notice.subject == "今日审核结果：报告被退回 1 项，报告审核通过 1 项"
    assert "审核意见：材料齐全。" in notice.sections[1]["lines"][0]["text"]


def test_the_heads_decisions_reach_the_liaisons_and_the_submitter(db):
    world = build_world(requires_head_approval=True)
    report = submitted(world.q1, world.liaison)
    head_review(report, "returned", "请先核对数据。", actor=world.head)
    db.session.commit()
    [notice] = notifications_of(world.liaison)
    assert notice.sections[0]["title"] == "部门负责人退回报告"
    assert "部门负责人赵主任退回，退回意见：请先核对数据。" in notice.sections[0]["lines"][0]["text"]
    assert notifications_of(world.other_liaison)
    assert notifications_of(world.coop) == [] and notifications_of(world.stranger) == []

    report = submitted(world.q2, world.liaison)
    head_review(report, "approved", "", actor=world.head)
    db.session.commit()
    [notice] = notifications_of(world.liaison)
    lines = [line["text"] for s in notice.sections for line in s["lines"]]
    assert any("部门负责人赵主任审核通过，已报送办公室审核" in line for line in lines)


def test_a_verdict_reaches_the_unit_that_uploaded_the_file(db):
    world = build_world()
    make_evidence(
        world.q1, actor=world.coop, filename="配合材料.pdf", verdict="rejected", judge=world.office, reason="与节点无关"
    )
    db.session.commit()
    [notice] = notifications_of(world.coop)
    assert notice.sections[0]["title"] == "佐证材料不采信"
    assert "「配合材料.pdf」：办公室不采信，理由：与节点无关" in notice.sections[0]["lines"][0]["text"]
    assert notifications_of(world.liaison) == [] and notifications_of(world.stranger) == []

    make_evidence(world.q1, actor=world.liaison, filename="进展材料.pdf", verdict="accepted", judge=world.office)
    db.session.commit()
    [notice] = notifications_of(world.liaison)
    assert notice.sections[0]["title"] == "佐证材料已采信"


def test_publication_reaches_each_assessed_department_with_its_own_page(db):
    world = build_world()
    for user in (world.liaison, world.coop):
        db.session.add(Assessment(year=2025, department_id=user.department_id, kind="municipal", detail={}))
    db.session.flush()
    run_hooks(PUBLISH_HOOK, 2025, None)
    db.session.commit()
    for user in (world.liaison, world.other_liaison, world.head, world.coop):
        [notice] = notifications_of(user)
        [line] = notice.sections[0]["lines"]
        assert "2025年度健康杭州建设考核结果已发布" in line["text"]
        assert line["path"] == f"/assessment/2025/departments/{user.department_id}"
    assert notifications_of(world.stranger) == [] and notifications_of(world.office) == []


def test_a_refused_decision_leaves_no_notice(db):
    world = build_world()
    report = submitted(world.q1, world.liaison)
    try:
        office_review(report, "returned", "", actor=world.office)  # a return needs a comment
    except Exception:
        db.session.rollback()
    assert db.session.scalars(select(OutcomeNotice)).all() == []
    assert notifications_of(world.liaison) == []
