"""Each district unit contributes its own part where a task names 各区、县(市)政府; the lead includes or returns it."""

import io

from sqlalchemy import select

from supervision.calendar.store import work_calendar
from supervision.districts.units import COLLECTIVE
from supervision.evidence.models import Evidence
from supervision.reminders.items import open_items
from supervision.reports.models import Contribution
from tests.workflow import PDF


def contribution_of(db, world, name):
    db.session.rollback()
    return db.session.scalar(
        select(Contribution)
        .where(Contribution.milestone_id == world.milestone.id)
        .join(Contribution.department)
        .where(Contribution.department.has(name=name))
    )


def items_of(world, role="cooperating"):
    due = world.milestone.due_date
    return {
        i.department.name
        for i in open_items(due, work_calendar())
        if i.milestone.id == world.milestone.id and i.role == role
    }


def test_each_district_is_an_open_item_until_it_submits(world, db):
    open_before = items_of(world)
    assert COLLECTIVE not in open_before  # the collective has no accounts: its districts are reminded
    assert {"上城区", "西湖区", "建德市", "市红十字会"} <= open_before
    assert (
        world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区已完成", "action": "submit"}).status_code
        == 303
    )
    open_after = items_of(world)
    assert open_after == open_before - {"上城区"}


def test_a_district_contributes_with_evidence_and_another_district_sees_none_of_it(world, db):
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区草稿"})
    upload = {"file": (io.BytesIO(PDF), "上城区材料.pdf")}
    assert (
        world.post("sc_liaison", f"{world.page}/evidence", upload, content_type="multipart/form-data").status_code
        == 303
    )
    db.session.rollback()
    evidence = db.session.scalar(select(Evidence))
    assert evidence.department.name == "上城区"
    assert evidence.contribution_id == contribution_of(db, world, "上城区").id
    own = world.clients["sc_liaison"].get(world.page).get_data(as_text=True)
    assert "上城区草稿" in own and "上城区材料.pdf" in own
    other = world.clients["xh_liaison"].get(world.page).get_data(as_text=True)
    assert "上城区草稿" not in other and "上城区材料.pdf" not in other
    assert "本单位配合情况" in other  # 西湖区 writes its own part on the same page
    with world.clients["xh_liaison"].get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 403
    with world.clients["lead_liaison"].get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 200


def test_the_lead_sees_a_row_per_district_and_includes_or_returns_each(world, db):
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区已完成", "action": "submit"})
    world.post("xh_liaison", f"{world.page}/contribution", {"text": "西湖区材料不全", "action": "submit"})
    table = f"{world.page}/districts"
    html = world.clients["lead_liaison"].get(table).get_data(as_text=True)
    assert html.count("data-district=") == 13
    assert "已提交 2 / 13" in html and "上城区已完成" in html
    sc, xh = contribution_of(db, world, "上城区"), contribution_of(db, world, "西湖区")
    assert world.post("lead_liaison", f"/contributions/{sc.id}/include").status_code == 303
    refused = world.post("lead_liaison", f"/contributions/{xh.id}/return", {"reason": " "}, follow_redirects=True)
    assert "请填写退回理由" in refused.get_data(as_text=True)
    assert contribution_of(db, world, "西湖区").status == "submitted"
    world.post("lead_liaison", f"/contributions/{xh.id}/return", {"reason": "请补充佐证材料"})
    assert contribution_of(db, world, "上城区").included_in_report
    returned = contribution_of(db, world, "西湖区")
    assert returned.status == "returned" and not returned.included_in_report
    assert "西湖区" in items_of(world) and "上城区" not in items_of(world)  # reminded again until resubmitted
    html = world.clients["lead_liaison"].get(table).get_data(as_text=True)
    assert "已纳入报送" in html and "已退回" in html
    world.post("xh_liaison", f"{world.page}/contribution", {"text": "西湖区已补充", "action": "submit"})
    assert contribution_of(db, world, "西湖区").status == "submitted"


def test_only_the_lead_includes_or_returns_and_only_the_lead_and_the_city_see_the_table(world, db):
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区已完成", "action": "submit"})
    sc = contribution_of(db, world, "上城区")
    for user in ("sc_liaison", "xh_liaison", "coop_liaison", "office", "sc_head"):
        assert world.post(user, f"/contributions/{sc.id}/include").status_code == 403, user
        assert world.post(user, f"/contributions/{sc.id}/return", {"reason": "x"}).status_code == 403, user
    assert contribution_of(db, world, "上城区").status == "submitted"
    for user, allowed in {
        "office": True,
        "leader": True,
        "lead_liaison": True,
        "coop_liaison": False,
        "sc_liaison": False,
        "xh_head": False,
    }.items():
        assert (world.clients[user].get(f"{world.page}/districts").status_code == 200) == allowed, user
