"""Indicator pages: dashboard by category with lights, the indicator page with its chart, entry, review, owners."""

import re

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.extensions import db as _db
from supervision.indicators.entries import enter_value, review_value, submit_value
from supervision.indicators.models import Indicator, IndicatorValue
from supervision.indicators.services import assign_owner
from tests.helpers import login, make_user, post_form, seed
from tests.perf.test_query_budgets import counting


def _indicator(db, number: int) -> Indicator:
    return db.session.scalars(select(Indicator).where(Indicator.number == number)).first()


def _approved(db, ind, office, values: dict[int, str]) -> None:
    for year, text in values.items():
        row = enter_value(ind, year, text, actor=office)
        submit_value(row, actor=office)
        review_value(row, "approve", "", actor=office)
    db.session.commit()


def test_dashboard_shows_categories_and_lights_read_only_for_leaders(app, db, runner):
    seed(runner)
    office = make_user()
    make_user("leader1", roles=("leader",))
    water = _indicator(db, 3)  # ≥96
    _approved(db, water, office, {2021: "97", 2022: "94"})
    client = app.test_client()
    login(client, "leader1")
    with client.get("/indicators/") as response:
        html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "健康环境" in html and "空气质量优良天数比率" in html
    row = re.search(rf'<tr data-indicator="{water.id}">.*?</tr>', html, re.S)[0]
    assert "light-red" in row and "未达标" in row and "2022年" in row and "退步" in row
    assert "规则待设定" in html  # the flagged wordings
    with client.get(f"/indicators/{water.id}") as response:
        page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<svg" in page and "目标 96%" in page and "<polyline" in page
    assert "保存草稿" not in page and "保存分工" not in page and "通过</button>" not in page
    assert "style=" not in page.split("<main", 1)[-1] and "<script>" not in page
    response = post_form(client, f"/indicators/{water.id}/values", {"year": "2023", "value": "99"})
    assert response.status_code == 403


def test_owner_enters_and_submits_the_office_reviews_and_assigns(app, db, runner):
    seed(runner)
    make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    ind = _indicator(db, 23)
    client = app.test_client()
    login(client, "office1")
    page = f"/indicators/{ind.id}"
    post_form(client, f"{page}/owner", {"owner": liaison.department_id, "contributors": [sport.id]}, page)
    db.session.expire_all()
    assert ind.owner_id == liaison.department_id and [d.name for d in ind.contributors] == ["市体育局"]

    owner = app.test_client()
    login(owner, "liaison1")
    response = post_form(owner, f"{page}/values", {"year": "2021", "value": "三点八", "quarter": "0"}, page)
    assert response.status_code == 303
    assert "不是有效的数值" in owner.get(page).get_data(as_text=True)
    post_form(owner, f"{page}/values", {"year": "2021", "value": "3.8", "quarter": "0", "source": "市人社局"}, page)
    value = db.session.scalar(select(IndicatorValue))
    assert (value.text, value.status, value.source) == ("3.8", "draft", "市人社局")
    post_form(owner, f"/indicators/values/{value.id}/submit", {}, page)

    post_form(client, f"/indicators/values/{value.id}/review", {"decision": "return", "comment": ""}, page)
    assert "退回时必须填写意见" in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert value.status == "submitted"
    post_form(client, f"/indicators/values/{value.id}/review", {"decision": "approve", "comment": ""}, page)
    db.session.expire_all()
    assert value.status == "approved"
    html = client.get(page).get_data(as_text=True)
    assert "指标数值通过" in html and "指标分工" in html and "未达标" in html


def test_indicator_pages_keep_their_query_budget(app, db, runner):
    seed(runner)
    office = make_user()
    departments = list(db.session.scalars(select(Department).limit(3)))
    assign_owner(_indicator(db, 3), departments[0].id, [departments[1].id], actor=office)  # one of each relation
    _approved(db, _indicator(db, 3), office, {2021: "97"})
    client = app.test_client()
    login(client, "office1")
    ind_id = _indicator(db, 3).id
    paths = {"dashboard": "/indicators/", "indicator": f"/indicators/{ind_id}"}

    def measure():
        counts = {}
        for name, path in paths.items():
            client.get(path).close()
            with counting(app) as statements, client.get(path) as response:
                assert response.status_code == 200
            counts[name] = len(statements)
        return counts

    small = measure()
    for ind in db.session.scalars(select(Indicator)):
        assign_owner(ind, departments[0].id, [d.id for d in departments[1:]], actor=office)
        for year in range(2021, 2026):
            if not (ind.id == ind_id and year == 2021):
                submit_value(enter_value(ind, year, "50", source="统计公报", actor=office), actor=office)
    _db.session.commit()
    assert measure() == small
