"""The review inbox (审核工作台): what waits for the office and the department heads, batches all or nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from supervision.reports.models import Report
from supervision.reviews.models import Review
from tests.builders import make_department, make_milestone, make_plan, make_report, make_task
from tests.helpers import csrf_token, login, make_user


def _when(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)  # noon in Shanghai


def world(db):
    """Two plans, two lead departments, waiting reports in 2025 and 2026 submitted on different days."""
    health = make_department("市卫生健康委")
    sport = make_department("市体育局")
    liaison = make_user("lead1", roles=("liaison",), department=health)
    sport_liaison = make_user("lead2", roles=("liaison",), department=sport)
    office = make_user("office1", roles=("office",), department=health)
    old_plan = make_plan(title="健康杭州2021-2025", start_year=2021, end_year=2025)
    new_plan = make_plan(title="健康杭州2026-2030", start_year=2026, end_year=2030)
    task_a = make_task(old_plan, name="全民健身", lead=(health,))
    task_b = make_task(new_plan, name="控烟行动", lead=(sport,))
    specs = [  # (task, liaison, year, due, submitted)
        (task_a, liaison, 2025, date(2025, 10, 14), date(2025, 10, 30)),  # late
        (task_b, sport_liaison, 2026, date(2026, 4, 10), date(2026, 4, 8)),
        (task_a, liaison, 2026, date(2026, 7, 10), date(2026, 7, 1)),
        (task_b, sport_liaison, 2025, date(2025, 12, 15), date(2025, 12, 1)),
    ]
    reports = []
    for i, (task, actor, year, due, submitted) in enumerate(specs):
        m = make_milestone(task, year=year, key=f"K{i}", title=f"{year}年节点{i}", due_date=due)
        reports.append(make_report(m, status="pending_review", actor=actor, submitted_at=_when(submitted)))
    make_report(make_milestone(task_a, year=2025, key="D", title="草稿节点"), status="draft")
    db.session.commit()
    return {"office": office, "reports": reports, "plans": (old_plan, new_plan), "depts": (health, sport)}


def client_for(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def listed(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-report="(\d+)"', html)]


def test_the_inbox_lists_every_waiting_report_oldest_first_with_filters_and_a_count(app, db):
    w = world(db)
    r = [x.id for x in w["reports"]]
    office = client_for(app, "office1")
    html = office.get("/reviews/").get_data(as_text=True)
    assert listed(html) == [r[0], r[3], r[1], r[2]]  # by submission, across years and plans
    assert 'data-nav-count="4"' in html and "审核工作台" in html
    assert "逾期 16 天报送" in html
    old_plan, new_plan = w["plans"]
    health, sport = w["depts"]
    assert listed(office.get(f"/reviews/?plan={new_plan.id}").get_data(as_text=True)) == [r[3], r[1]]
    assert listed(office.get(f"/reviews/?department={health.id}").get_data(as_text=True)) == [r[0], r[2]]
    assert listed(office.get(f"/reviews/?plan={old_plan.id}&year=2026").get_data(as_text=True)) == [r[2]]
    assert listed(office.get("/reviews/?year=2025").get_data(as_text=True)) == [r[0], r[3]]
    assert listed(office.get("/reviews/?lateness=late").get_data(as_text=True)) == [r[0]]
    assert listed(office.get("/reviews/?lateness=on_time&year=2026").get_data(as_text=True)) == [r[1], r[2]]
    assert listed(office.get("/reviews/?year=abc&plan=x").get_data(as_text=True)) == [r[0], r[3], r[1], r[2]]


def post_batch(client, data):
    token = csrf_token(client, "/reviews/")
    return client.post("/reviews/batch", data={"csrf_token": token, "stage": "office", **data})


def statuses(db, reports):
    db.session.rollback()
    return [db.session.get(Report, x.id).status for x in reports]


def test_approve_several_with_one_comment_and_return_each_with_its_own(app, db):
    w = world(db)
    reports = w["reports"]
    office = client_for(app, "office1")
    three = [str(x.id) for x in reports[:3]]
    response = post_batch(office, {"selected": three, "outcome": "approved", "comment": "材料齐全"})
    assert response.status_code == 303
    assert statuses(db, reports) == ["approved", "approved", "approved", "pending_review"]
    comments = db.session.scalars(select(Review.comment).where(Review.report_id.in_([x.id for x in reports[:3]])))
    assert list(comments) == ["材料齐全"] * 3
    # returning without a comment changes nothing and says which report lacks one
    last = reports[3]
    post_batch(office, {"selected": [str(last.id)], "outcome": "returned"})
    html = office.get("/reviews/").get_data(as_text=True)
    assert "退回时必须逐条填写退回意见" in html and listed(html) == [last.id]
    assert 'data-nav-count="1"' in html
    post_batch(office, {"selected": [str(last.id)], "outcome": "returned", f"returns_{last.id}": "请补充数据"})
    assert statuses(db, reports)[3] == "returned"
    assert db.session.scalar(select(Review.comment).where(Review.report_id == last.id)) == "请补充数据"
    html = office.get("/reviews/").get_data(as_text=True)
    assert "没有等待审核的报告" in html and "data-nav-count" not in html


def test_a_batch_is_all_or_nothing(app, db):
    w = world(db)
    reports = w["reports"]
    office = client_for(app, "office1")
    a, b = reports[0], reports[1]
    # one of two returns lacks a comment: neither is returned
    post_batch(office, {"selected": [str(a.id), str(b.id)], "outcome": "returned", f"returns_{a.id}": "补充"})
    assert statuses(db, reports)[:2] == ["pending_review", "pending_review"]
    # one report was decided elsewhere in between: the whole batch is refused
    reports[1].status = "approved"
    db.session.commit()
    post_batch(office, {"selected": [str(a.id), str(b.id)], "outcome": "approved"})
    assert statuses(db, reports)[:2] == ["pending_review", "approved"]
    assert db.session.scalar(select(Review.id).where(Review.report_id == a.id)) is None
    html = office.get("/reviews/").get_data(as_text=True)
    assert "未作任何审核" in html
    # nothing ticked
    post_batch(office, {"outcome": "approved"})
    assert "请先勾选要审核的报告" in office.get("/reviews/").get_data(as_text=True)


def test_department_heads_review_their_own_departments_reports(app, db):
    health = make_department("市卫生健康委", requires_head_approval=True)
    other = make_department("市体育局", requires_head_approval=True)
    liaison = make_user("lead1", roles=("liaison",), department=health)
    other_liaison = make_user("lead2", roles=("liaison",), department=other)
    make_user("head1", roles=("dept_head",), department=health)
    own = make_report(make_milestone(make_task(lead=(health,))), status="submitted", actor=liaison)
    foreign = make_report(make_milestone(make_task(lead=(other,))), status="submitted", actor=other_liaison)
    db.session.commit()
    head = client_for(app, "head1")
    html = head.get("/reviews/").get_data(as_text=True)
    assert listed(html) == [own.id] and "部门负责人审核" in html and 'data-nav-count="1"' in html
    token = csrf_token(head, "/reviews/")
    head.post(
        "/reviews/batch",
        data={"csrf_token": token, "stage": "dept_head", "selected": [own.id, foreign.id], "outcome": "approved"},
    )
    assert statuses(db, [own, foreign]) == ["submitted", "submitted"]  # the other department's: all refused
    head.post(
        "/reviews/batch", data={"csrf_token": token, "stage": "dept_head", "selected": [own.id], "outcome": "approved"}
    )
    assert statuses(db, [own, foreign]) == ["pending_review", "submitted"]
    assert head.get(f"/reviews/reports/{foreign.id}").status_code == 404


def test_a_report_opens_beside_the_previous_period(app, db):
    health = make_department("市卫生健康委")
    liaison = make_user("lead1", roles=("liaison",), department=health)
    make_user("office1", roles=("office",), department=health)
    task = make_task(lead=(health,))
    q2 = make_milestone(task, key="Q2", title="第二季度", due_date=date(2025, 7, 14))
    q3 = make_milestone(task, key="Q3", title="第三季度", due_date=date(2025, 10, 14))
    make_report(q2, status="approved", actor=liaison, reviewer=make_user("o2"), progress="二季度完成调研。")
    current = make_report(q3, status="pending_review", actor=liaison, progress="三季度完成招标。")
    db.session.commit()
    html = client_for(app, "office1").get(f"/reviews/reports/{current.id}").get_data(as_text=True)
    assert html.index("三季度完成招标。") < html.index("二季度完成调研。")
    assert "上一期报告" in html and "第二季度" in html and 'value="approved"' in html


def test_the_office_lands_on_what_needs_it_today(app, db):
    w = world(db)
    make_task(w["plans"][0], name="无人牵头的任务", lead=())
    db.session.commit()
    office = client_for(app, "office1")
    response = office.get("/")
    assert response.headers["Location"].endswith("/home/office")
    html = office.get("/home/office").get_data(as_text=True)
    assert re.search(r'data-home="reviews">.*?<span class="fs-3">4</span>', html, re.S)
    assert re.search(r'data-home="unled">.*?<span class="fs-3">1</span>', html, re.S)
    assert "无人牵头的任务" in html and "发送失败的消息" in html
