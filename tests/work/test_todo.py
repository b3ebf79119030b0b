"""待办 across years on the workbench, and the default year: the latest year with open work."""

from __future__ import annotations

import re
from datetime import timedelta

from supervision.clock import today
from tests.builders import make_department, make_milestone, make_report, make_task
from tests.helpers import login, make_user


def client_for(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def todo_rows(html: str) -> list[tuple[str, str]]:
    """(kind, milestone title) of each 待办 row, in order."""
    table = html.split('id="todo"')[1].split("</table>")[0]
    return re.findall(r'<tr data-todo="(\w+)".*?\d{4}年 ([^<]+)</a>', table, re.S)


def test_open_items_of_every_year_returned_first_then_by_due_date(app, db):
    now = today()
    health, justice = make_department("市卫生健康委"), make_department("市司法局")
    liaison = make_user("lead1", roles=("liaison",), department=health)
    make_user("coop1", roles=("liaison",), department=justice)
    office = make_user("office1", roles=("office",), department=health)
    lead_task = make_task(lead=(health,), name="牵头任务")
    coop_task = make_task(lead=(justice,), cooperating=(health,), name="配合任务")
    soon, late, far = now + timedelta(days=10), now - timedelta(days=20), now + timedelta(days=200)
    old = now.replace(year=now.year - 1, month=10, day=14)
    returned = make_milestone(lead_task, year=old.year, key="Q3", title="去年三季度", due_date=old)
    make_report(returned, status="returned", actor=liaison, reviewer=office, comment="请补充")
    make_milestone(lead_task, year=soon.year, key="S", title="即将到期", due_date=soon)
    draft = make_milestone(lead_task, year=late.year, key="L", title="逾期草稿", due_date=late)
    make_report(draft, actor=liaison)
    make_milestone(lead_task, year=far.year, key="F", title="远期节点", due_date=far)
    done = make_milestone(lead_task, year=late.year, key="D", title="已通过", due_date=late - timedelta(days=1))
    make_report(done, status="approved", actor=liaison, reviewer=office)
    make_milestone(coop_task, year=late.year, key="C", title="配合节点", due_date=late + timedelta(days=1))
    db.session.commit()

    html = client_for(app, "lead1").get("/work/").get_data(as_text=True)
    assert todo_rows(html) == [
        ("returned", "去年三季度"),
        ("draft", "逾期草稿"),
        ("contribution", "配合节点"),
        ("not_started", "即将到期"),
    ]
    assert "远期节点" not in html.split('id="todo"')[1].split("</table>")[0]
    assert f"我的任务 · {soon.year}年" in html  # the latest year with open work
    assert "切换年度" in html and f"‹ {soon.year - 1}年" in html


def test_the_default_year_is_the_latest_with_open_work(app, db):
    now = today()
    health = make_department("市卫生健康委")
    liaison = make_user("lead1", roles=("liaison",), department=health)
    office = make_user("office1", roles=("office",), department=health)
    task = make_task(lead=(health,), name="牵头任务", start_year=now.year - 2, end_year=now.year + 1)
    old = now.replace(year=now.year - 2, month=10, day=14)
    make_report(
        make_milestone(task, year=old.year, key="Q3", due_date=old), status="returned", actor=liaison, reviewer=office
    )
    db.session.commit()
    client = client_for(app, "lead1")
    html = client.get("/work/").get_data(as_text=True)
    assert f"我的任务 · {old.year}年" in html
    assert f"我的任务 · {now.year}年" in client.get(f"/work/?year={now.year}").get_data(as_text=True)
    assert f"我的任务 · {old.year}年" in client.get("/work/?year=abc").get_data(as_text=True)
    # nothing open anywhere: this year
    make_user("lead2", roles=("liaison",), department=make_department("市体育局"))
    html = client_for(app, "lead2").get("/work/").get_data(as_text=True)
    assert f"我的任务 · {now.year}年" in html and "各年度均没有待办事项" in html


def test_year_pages_have_a_year_switch(app, db):
    health = make_department("市卫生健康委")
    make_user("office1", roles=("office",), department=health)
    task = make_task(lead=(health,))
    client = client_for(app, "office1")
    html = client.get("/work/overview?year=2025&light=red").get_data(as_text=True)
    assert 'href="/work/overview?year=2024&amp;light=red"' in html and "2026年 ›" in html
    html = client.get(f"/tasks/{task.id}?year=2025").get_data(as_text=True)
    assert f'href="/tasks/{task.id}?year=2024"' in html


def test_a_long_backlog_is_paged_and_each_section_lists_its_earliest(app, db):
    """A year left unreported: 35 overdue items. The to-do list pages by 30 with the full count; the
    已逾期 section shows its earliest 20 with its count and a pointer to the full table, which holds all."""
    now = today()
    health = make_department("市卫生健康委")
    make_user("lead1", roles=("liaison",), department=health)
    task = make_task(lead=(health,), name="牵头任务", start_year=now.year - 1, end_year=now.year)
    year = now.year - 1
    for n in range(35):
        due = now.replace(year=year, month=1, day=1) + timedelta(days=n)
        make_milestone(task, year=year, key=f"M{n:02d}", title=f"节点{n:02d}", due_date=due)
    db.session.commit()
    client = client_for(app, "lead1")

    first = client.get(f"/work/?year={year}").get_data(as_text=True)
    assert [title for _, title in todo_rows(first)] == [f"节点{n:02d}" for n in range(30)]
    assert '<span class="badge text-bg-warning ms-1">35</span>' in first and "tpage=2" in first
    second = client.get(f"/work/?year={year}&tpage=2").get_data(as_text=True)
    assert [title for _, title in todo_rows(second)] == [f"节点{n:02d}" for n in range(30, 35)]
    assert f"我的任务 · {year}年" in second  # the pager keeps the year

    overdue = first.split("已逾期（35）")[1].split("</table>")[0]
    assert overdue.count('href="/milestones/') == 20 and "节点19" in overdue and "节点20" not in overdue
    assert 'data-section-more="red"' in first and "最早到期的 20 个" in first
    full = first.split(">牵头任务的全部节点</h2>")[1]
    assert "节点29" in full and 'page=2' in full  # the full table: 30 a page, all 35 reachable
