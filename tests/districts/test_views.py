"""The office's list of district units: add a unit (a 管委会), rename or take one off; bad input changes nothing."""

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.districts.units import district_units


def names():
    return [d.name for d in district_units(include_inactive=True)]


def test_the_office_adds_a_unit_and_it_joins_the_tasks_naming_the_districts(world, db):
    page = world.clients["office"].get("/districts/").get_data(as_text=True)
    assert "上城区" in page and "建德市" in page
    response = world.post("office", "/districts/", {"name": " 西湖风景名胜区管委会 "}, follow_redirects=True)
    assert "已添加“西湖风景名胜区管委会”" in response.get_data(as_text=True)
    db.session.rollback()
    assert names()[-1] == "西湖风景名胜区管委会"
    table = world.clients["lead_liaison"].get(f"{world.page}/districts").get_data(as_text=True)
    assert 'data-district="西湖风景名胜区管委会"' in table and "0 / 14" in table


def test_bad_names_are_refused_in_chinese_and_change_nothing(world, db):
    before = db.session.scalar(select(func.count()).select_from(Department))
    for name, message in (
        ("", "请填写单位名称"),
        ("上城区", "已有名为“上城区”的单位"),
        ("市卫生健康委", "已有名为"),
        ("区" * 101, "不能超过 100 个字"),
    ):
        response = world.post("office", "/districts/", {"name": name}, follow_redirects=True)
        assert message in response.get_data(as_text=True), name
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Department)) == before


def test_the_office_renames_and_takes_a_unit_off(world, db):
    jiande = db.session.scalar(select(Department).where(Department.name == "建德市"))
    world.post("office", f"/districts/{jiande.id}/edit", {"name": "建德市", "short_name": "建德"})
    db.session.rollback()
    assert db.session.get(Department, jiande.id).active is False  # the box was not ticked
    table = world.clients["lead_liaison"].get(f"{world.page}/districts").get_data(as_text=True)
    assert 'data-district="建德市"' not in table
    world.post("office", f"/districts/{jiande.id}/edit", {"name": "建德市", "short_name": "建德", "active": "y"})
    db.session.rollback()
    assert db.session.get(Department, jiande.id).active is True
    assert db.session.get(Department, jiande.id).short_name == "建德"


def test_only_the_office_manages_the_list(world, db):
    for user in ("leader", "lead_liaison", "sc_liaison", "sc_head"):
        assert world.clients[user].get("/districts/").status_code == 403, user
        assert world.post(user, "/districts/", {"name": "越权区"}).status_code == 403, user
    db.session.rollback()
    assert "越权区" not in names()
