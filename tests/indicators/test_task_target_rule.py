"""The office writes the rule of a task target whose wording the parser cannot read: the target is then judged
against the latest approved value; the document's text is kept; a relative or unreadable wording is refused;
only the office may do it; every change is audited with before and after."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.errors import DomainError, PermissionDenied
from supervision.indicators.targets import (
    MSG_READABLE,
    MSG_RELATIVE,
    MSG_UNREADABLE,
    set_target_rule,
    target_rule,
    target_series,
)
from supervision.plans.services import load_plans
from supervision.reports.models import ReportTargetValue
from supervision.tasks.lifecycle import copy_task
from supervision.tasks.models import Task, TaskTarget
from tests.builders import make_milestone, make_plan, make_report, make_task
from tests.helpers import login, make_user, post_form

FLAGGED = "高质量建设医保经办“15分钟服务圈”"
READABLE = "适龄儿童免疫规划疫苗接种率保持在90%以上"


def _task(db):
    """A task with a flagged target whose latest approved report carries 93%."""
    task = make_task(kind="action", number=31)
    task.targets.append(TaskTarget(position=0, text=FLAGGED))
    task.targets.append(TaskTarget(position=1, text=READABLE))
    db.session.flush()
    flagged = task.targets[0]
    for title, due, status, value in (
        ("第一季度", date(2025, 4, 10), "approved", "86%"),
        ("第二季度", date(2025, 7, 10), "approved", "93%"),
        ("第三季度", date(2025, 10, 10), "pending_review", "70%"),
    ):
        report = make_report(make_milestone(task, title=title, due_date=due), status=status)
        report.target_values.append(ReportTargetValue(target_id=flagged.id, value=value))
    db.session.commit()
    return task, flagged


def _series(db, task):
    db.session.expire_all()
    return target_series(db.session.get(Task, task.id))[0]


def _events(db):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "task_target.rule")))


def _card(client, task, target) -> str:
    """The card of `target` on the task page: from its opening tag to the next card or the section's end."""
    with client.get(f"/tasks/{task.id}") as response:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
    return re.search(rf'data-target="{target.id}".*?(?=data-target="|</section>)', html, re.S)[0]


def test_a_flagged_target_is_judged_once_the_office_writes_its_rule(app, db):
    office = make_user()
    task, flagged = _task(db)
    assert target_rule(flagged) is None and _series(db, task).attainment == "待定"
    set_target_rule(flagged, " ≥90% ", actor=office)
    db.session.commit()
    series = _series(db, task)
    assert str(series.rule) == ">=90" and series.hand_set
    assert [p.attainment for p in series.points] == ["未达标", "已达标", "待定"]
    assert series.attainment == "已达标" and series.latest.value == "93%"
    target = db.session.get(TaskTarget, flagged.id)
    assert target.text == FLAGGED and target.rule_wording == "≥90%"  # the document's text is kept


def test_the_office_writes_the_rule_on_the_task_page(app, db):
    make_user()
    task, flagged = _task(db)
    client = app.test_client()
    login(client, "office1")
    card = _card(client, task, flagged)
    assert "该表述无法自动识别，不作评判" in card and "人工设定评判规则" in card and "如 ≥90%、≤5、x以上" in card
    response = post_form(client, f"/indicators/targets/{flagged.id}/rule", {"wording": "90%以上"}, f"/tasks/{task.id}")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/tasks/{task.id}#target-{flagged.id}"
    )
    card = _card(client, task, flagged)
    assert "（按 ≥90 评判，办公室人工设定）" in card and "该表述无法自动识别" not in card
    assert "已达标" in card and "93%（2025年 第二季度）" in card and 'value="90%以上"' in card


def test_a_readable_target_offers_no_form(app, db):
    make_user()
    task, _flagged = _task(db)
    readable = task.targets[1]
    client = app.test_client()
    login(client, "office1")
    assert "人工设定评判规则" not in _card(client, task, readable)
    with pytest.raises(DomainError, match=MSG_READABLE):
        set_target_rule(readable, "≥95", actor=None)


@pytest.mark.parametrize(
    ("wording", "message"),
    [("基本实现全覆盖", MSG_UNREADABLE), ("95", MSG_UNREADABLE), ("下降5%", MSG_RELATIVE), ("提高10%", MSG_RELATIVE)],
)
def test_an_unreadable_or_relative_wording_is_refused_and_nothing_stored(app, db, wording, message):
    office = make_user()
    task, flagged = _task(db)
    with pytest.raises(DomainError) as refused:
        set_target_rule(flagged, wording, actor=office)
    assert refused.value.message == message
    db.session.rollback()
    target = db.session.get(TaskTarget, flagged.id)
    assert target.rule is None and target.rule_wording is None and _events(db) == []


def test_an_unreadable_wording_on_the_page_is_flashed_in_chinese(app, db):
    make_user()
    task, flagged = _task(db)
    client = app.test_client()
    login(client, "office1")
    path = f"/indicators/targets/{flagged.id}/rule"
    response = post_form(client, path, {"wording": "尽快完成"}, f"/tasks/{task.id}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and MSG_UNREADABLE in html
    db.session.expire_all()
    assert db.session.get(TaskTarget, flagged.id).rule is None and _events(db) == []


def test_a_liaison_sees_no_form_and_is_refused(app, db):
    make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    task, flagged = _task(db)
    client = app.test_client()
    login(client, "liaison1")
    card = _card(client, task, flagged)
    assert "该表述无法自动识别，不作评判" in card and "人工设定评判规则" not in card
    response = post_form(client, f"/indicators/targets/{flagged.id}/rule", {"wording": "≥90%"}, f"/tasks/{task.id}")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(TaskTarget, flagged.id).rule is None and _events(db) == []
    with pytest.raises(PermissionDenied):
        set_target_rule(db.session.get(TaskTarget, flagged.id), "≥90%", actor=liaison)


def test_clearing_returns_to_flagged_and_every_change_is_audited(app, db):
    office = make_user()
    task, flagged = _task(db)
    set_target_rule(flagged, "≥90%", actor=office)
    db.session.commit()
    set_target_rule(flagged, "85以上", actor=office)
    db.session.commit()
    client = app.test_client()
    login(client, "office1")
    response = post_form(client, f"/indicators/targets/{flagged.id}/rule", {"wording": ""}, f"/tasks/{task.id}")
    assert response.status_code == 303
    series = _series(db, task)
    assert series.rule is None and not series.hand_set and series.attainment == "待定"
    target = db.session.get(TaskTarget, flagged.id)
    assert target.rule is None and target.rule_wording is None and target.text == FLAGGED
    card = _card(client, task, flagged)
    assert "该表述无法自动识别，不作评判" in card and "人工设定评判规则" in card  # the form stays offered
    first, second, cleared = _events(db)
    assert all(e.object_type == "task_target" and e.object_id == str(flagged.id) for e in (first, second, cleared))
    assert first.before == {"rule": None, "wording": None}
    assert first.after == {
        "rule": {"kind": "at_least", "low": "90", "high": None, "percent": None, "text": "≥90%"},
        "wording": "≥90%",
    }
    assert second.before == first.after and second.after["wording"] == "85以上"
    assert cleared.before == second.after and cleared.after == {"rule": None, "wording": None}
    assert cleared.username == "office1"


def test_clearing_when_nothing_was_written_is_refused(app, db):
    office = make_user()
    _task_, flagged = _task(db)
    with pytest.raises(DomainError, match="请填写评判规则"):
        set_target_rule(flagged, "  ", actor=office)


def test_a_relative_document_wording_can_be_given_an_absolute_rule(app, db):
    """`降低5%` reads, but a task target has no baseline: never judged as written, so the office may write ≤x."""
    office = make_user()
    task = make_task(kind="action", number=32)
    task.targets.append(TaskTarget(position=0, text="全市儿童青少年总体近视率降低5%"))
    db.session.commit()
    target = task.targets[0]
    assert target_series(task)[0].settable
    set_target_rule(target, "≤50%", actor=office)
    db.session.commit()
    assert str(target_rule(target)) == "<=50" and target.text == "全市儿童青少年总体近视率降低5%"


def test_a_reimport_keeps_the_rule_of_an_unchanged_wording_and_drops_it_for_a_new_one(app, db):
    def plan(target_text: str) -> list[dict]:
        row = {"kind": "action", "number": 1, "category": "健康促进", "name": "健康驿站", "content": "建成健康驿站",
               "period": [2026, 2030], "targets": [target_text], "lead": [], "cooperating": []}  # fmt: skip
        return [{"code": "P2030", "title": "测试规划", "period": [2026, 2030], "tasks": [row]}]

    office = make_user("office1", roles=("office",))
    load_plans(plan(FLAGGED))
    target = db.session.scalar(select(TaskTarget))
    set_target_rule(target, "≥90%", actor=office)
    db.session.commit()
    load_plans(plan(FLAGGED))  # the same wording: the office's rule stands
    db.session.commit()
    assert target_rule(db.session.get(TaskTarget, target.id)) is not None
    load_plans(plan(FLAGGED + "，覆盖率达到新的要求"))  # a new wording: flagged again, for the office to read
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(TaskTarget, target.id)
    assert again.rule is None and again.rule_wording is None and target_rule(again) is None


def test_a_task_carried_into_the_next_plan_keeps_the_offices_rule(app, db):
    office = make_user("office1", roles=("office",))
    task, flagged = _task(db)
    set_target_rule(flagged, "≥90%", actor=office)
    successor_plan = make_plan(code="P2026", start_year=2026, end_year=2030)
    copy = copy_task(task, successor_plan, "继续推进", actor=office, today=date(2026, 1, 5))
    db.session.commit()
    carried = copy.targets[0]
    assert carried.text == FLAGGED and carried.rule_wording == "≥90%"
    assert target_rule(carried) == target_rule(flagged)
