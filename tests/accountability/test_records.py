"""约谈/问责 records: recorded with links and minutes, shown in the department's history, fed to the deductions;
issued 督办通知单 feed their deduction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.accountability.models import AccountabilityRecord
from supervision.accountability.services import add_minutes, record_case
from supervision.assessment.models import Assessment
from supervision.assessment.scoring.services import compute_year, scheme_for
from supervision.errors import DomainError, PermissionDenied
from supervision.evidence.services import storage
from tests.helpers import login
from tests.rectification.builders import make_world, pdf_file

TODAY = date(2026, 12, 2)


@pytest.fixture
def world(db):
    return make_world()


def interview(world, **changes):
    data = {
        "kind": "interview",
        "held_on": date(2025, 11, 20),
        "people": "市教育局分管副局长",
        "reason": "学校健康促进任务连续逾期",
        "outcome": "限期十个工作日整改",
        "task_ids": [world.milestone.task_id],
        "notice_ids": [world.notice.id],
    } | changes
    return record_case(world.edu, data, [pdf_file("约谈纪要.pdf")], today=TODAY, actor=world.office)


def lines(db, department, item):
    row = db.session.scalar(
        select(Assessment).where(Assessment.year == 2025, Assessment.department_id == department.id)
    )
    return [line for line in row.detail["deductions"]["lines"] if line["item"] == item]


def test_an_interview_is_recorded_with_its_links_and_minutes(world, db):
    record = interview(world)
    add_minutes(record, [pdf_file("整改承诺书.pdf")], actor=world.office)
    db.session.commit()
    assert record.kind_label == "约谈"
    assert [link.task_id for link in record.tasks] == [world.milestone.task_id]
    assert [link.notice_id for link in record.notices] == [world.notice.id]
    assert [f.filename for f in record.files] == ["约谈纪要.pdf", "整改承诺书.pdf"]
    assert all(storage().is_intact(f.sha256) for f in record.files)


def test_an_interview_feeds_its_deduction_where_the_scheme_computes_it(world, db):
    interview(world)
    record_case(
        world.edu,
        {"kind": "accountability", "held_on": date(2025, 12, 1), "people": "张某", "reason": "瞒报进展"},
        [],
        today=TODAY,
        actor=world.office,
    )
    scheme = scheme_for(2025, actor=world.office)
    config = dict(scheme.config)
    items = dict(config["deductions"]["items"])
    items["interview"] = dict(items["interview"], manual=False)  # the office lets the records count
    scheme.config = config | {"deductions": dict(config["deductions"], items=items)}
    db.session.commit()
    compute_year(2025, TODAY, actor=world.office)
    (line,) = lines(db, world.edu, "interview")
    assert line["points"] == 2 and "市教育局分管副局长" in line["reason"]
    (line,) = lines(db, world.edu, "accountability")
    assert line["label"] == "问责" and "张某" in line["reason"]
    assert not lines(db, world.sport, "interview")


def test_a_manual_interview_line_is_not_counted_twice(world, db):
    interview(world)
    scheme = scheme_for(2025, actor=world.office)
    items = dict(scheme.config["deductions"]["items"])
    items["interview"] = dict(items["interview"], manual=True)  # the office enters 约谈 lines itself
    scheme.config = scheme.config | {"deductions": dict(scheme.config["deductions"], items=items)}
    db.session.commit()
    compute_year(2025, TODAY, actor=world.office)
    assert not lines(db, world.edu, "interview")


def test_an_issued_notice_feeds_its_deduction(world, db):
    compute_year(2025, TODAY, actor=world.office)
    (line,) = lines(db, world.edu, "supervision_notice")
    assert line["points"] == 1 and world.notice.code in line["reason"]
    assert not lines(db, world.sport, "supervision_notice")


def test_bad_input_is_refused_in_chinese(world, db):
    for changes, message in [
        ({"kind": "talk"}, "请选择类型"),
        ({"held_on": None}, "请填写日期"),
        ({"held_on": date(2027, 1, 1)}, "不能晚于今天"),
        ({"people": "  "}, "请填写涉及人员和事由"),
        ({"notice_ids": [world.notice.id + 100]}, "不属于该单位"),
    ]:
        with pytest.raises(DomainError, match=message):
            interview(world, **changes)
        db.session.rollback()
    with pytest.raises(PermissionDenied):
        record_case(world.edu, {"kind": "interview"}, [], today=TODAY, actor=world.edu_liaison)
    assert db.session.scalar(select(func.count()).select_from(AccountabilityRecord)) == 0


def test_the_department_page_shows_its_history_to_its_own_people_only(app, world, db):
    record_id = interview(world).id
    db.session.commit()
    for username, sees in (("office1", True), ("edu1", True), ("sport1", False)):
        client = app.test_client()
        login(client, username)
        html = client.get(f"/departments/{world.edu.id}").get_data(as_text=True)
        assert ("市教育局分管副局长" in html) is sees, username
        assert client.get(f"/accountability/{record_id}").status_code == (200 if sees else 404)
    client = app.test_client()
    login(client, "sport1")
    assert "市教育局分管副局长" not in client.get("/accountability/").get_data(as_text=True)
