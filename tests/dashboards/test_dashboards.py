"""Dashboards: the charts show the year's figures; leaders land on the cockpit and only read."""

from datetime import UTC, datetime, time

from sqlalchemy import select

from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.builders import make_report, make_user
from tests.helpers import login, seed


def test_dashboard_figures_and_charts(app, runner, db):
    seed(runner)
    runner.invoke(args=["milestones", "generate", "--year", "2025"])
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    q1 = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q1"))
    q2 = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q2"))
    on_time = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
    make_report(q1, status="approved", progress="按期", submitted_at=on_time)
    make_report(q2, status="approved", progress="逾期", submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    for number, utc_time in ((6, time(15, 30)), (7, time(16, 30))):  # 23:30 on the due date / 00:30 the day after
        other = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))
        q3 = db.session.scalar(select(Milestone).where(Milestone.task_id == other.id, Milestone.key == "Q3"))
        moment = datetime.combine(q3.due_date, utc_time, tzinfo=UTC)
        make_report(q3, status="approved", progress="三季度", submitted_at=moment)
    db.session.commit()
    from supervision.dashboards.queries import figures

    f = figures(2025, datetime(2025, 12, 31).date())
    assert f.totals["done"] == 4
    quarters = dict((q, (a, b)) for q, a, b in f.on_time)
    assert quarters["第1季度"] == (1, 37) and quarters["第2季度"] == (0, 37)
    assert quarters["第3季度"] == (1, 37)  # by the Shanghai date of the submission
    completion = {c: (d, t) for c, d, t in f.completion}
    assert completion["健康治理项目"][0] == 4  # tasks 5 to 7 are of this category
    make_user("leader1", roles=("leader",))
    client = app.test_client()
    login(client, "leader1")
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].startswith("/dashboard")
    html = client.get("/dashboard/?year=2025").get_data(as_text=True)
    assert "领导驾驶舱" in html and "<svg" in html and "各牵头部门状态灯" in html
    assert "生成年度节点" not in html
    assert html.count('method="post"') == 1  # only the logout button: the cockpit changes nothing


def test_dashboard_empty_year_says_what_to_do(app, runner, db):
    seed(runner)
    make_user("office1", roles=("office",))
    client = app.test_client()
    login(client, "office1")
    html = client.get("/dashboard/?year=2030").get_data(as_text=True)
    assert "尚无节点数据" in html and "生成年度节点" in html


def test_cached_figures_follow_every_change(app, runner, db):
    seed(runner)
    runner.invoke(args=["milestones", "generate", "--year", "2025"])
    make_user("office1", roles=("office",))
    client = app.test_client()
    login(client, "office1")
    first = client.get("/dashboard/?year=2025").get_data(as_text=True)
    assert client.get("/dashboard/?year=2025").get_data(as_text=True) == first  # served again, unchanged
    milestone = db.session.scalar(select(Milestone).order_by(Milestone.id))
    make_report(milestone, status="approved", progress="完成")
    db.session.commit()
    html = client.get("/dashboard/?year=2025").get_data(as_text=True)
    assert html != first
    from supervision.dashboards.queries import figures

    assert figures(2025, datetime(2025, 12, 31).date()).totals["done"] == 1
