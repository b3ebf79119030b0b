"""发起整改 from a returned report (the milestone page) and from a deduction line (the department's result):
the office's button opens the form pre-filled with that source and department; departments see no button."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from supervision.assessment.scoring.services import assessment_for, compute_year
from tests.builders import make_report
from tests.helpers import login
from tests.rectification.builders import make_world

TODAY = date(2026, 12, 2)
LINK = re.compile(r'href="(/rectification/new\?[^"]+)"[^>]*>发起整改<')


@pytest.fixture
def world(db):
    return make_world()


def client_of(app, username: str):
    client = app.test_client()
    login(client, username)
    return client


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in LINK.findall(page)]


def assert_prefilled(form: str, kind: str, source_id: int, label: str, department_id: int) -> None:
    assert f'name="source_kind" value="{kind}"' in form and f'name="source_id" value="{source_id}"' in form
    assert label in form
    assert re.search(rf'<option value="{department_id}" selected>', form)


def test_a_returned_report_opens_a_prefilled_rectification(app, world, db):
    report = make_report(
        world.milestone, status="returned", actor=world.edu_liaison, head=world.edu_head, reviewer=world.office
    )
    db.session.commit()
    page = f"/milestones/{world.milestone.id}"
    office = client_of(app, "office1")
    (link,) = links(office.get(page).get_data(as_text=True))
    assert "source_kind=report" in link and f"source_id={report.id}" in link
    form = office.get(link).get_data(as_text=True)
    assert_prefilled(form, "report", report.id, "退回的报告：", world.edu.id)
    assert "学校健康促进" in form
    assert not links(client_of(app, "edu1").get(page).get_data(as_text=True))


def test_an_approved_report_has_no_button(app, world, db):
    make_report(world.milestone, status="approved", actor=world.edu_liaison, head=world.edu_head, reviewer=world.office)
    db.session.commit()
    page = client_of(app, "office1").get(f"/milestones/{world.milestone.id}").get_data(as_text=True)
    assert not links(page)


def test_a_deduction_line_opens_a_prefilled_rectification(app, world, db):
    compute_year(2025, TODAY, actor=world.office)  # the issued notice makes a deduction line for 市教育局
    db.session.commit()
    assessment = assessment_for(2025, world.edu.id)
    assert assessment.detail["deductions"]["lines"]
    office = client_of(app, "office1")
    found = links(office.get(f"/assessment/2025/departments/{world.edu.id}").get_data(as_text=True))
    assert found and all(f"source_id={assessment.id}" in link for link in found)
    assert "source_kind=deduction" in found[0]
    form = office.get(found[0]).get_data(as_text=True)
    assert_prefilled(form, "deduction", assessment.id, "2025 年度考核扣分（市教育局）", world.edu.id)
