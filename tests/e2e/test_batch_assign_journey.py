"""Batch 交办 in a real browser: the office ticks three tasks, picks a lead from the keyboard, confirms."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.tasks.models import Task
from supervision.tasks.queries import unassigned_tasks
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_user, seed


def test_office_assigns_three_tasks_with_the_keyboard_picker(app, runner, db, live_server, page):
    seed(runner)
    health = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    make_user("office1", roles=("office",), department=health)
    chosen = unassigned_tasks()[:3]
    ids = [t.id for t in chosen]
    browser_login(page, live_server, "office1", PASSWORD)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server}/tasks/unassigned")
    for task in chosen:
        page.locator(f"#task-{task.id}").check()
    lead = page.get_by_role("combobox", name="牵头部门（可多选）")
    assert page.locator("select#lead").is_hidden()  # the native select is replaced, kept in sync
    lead.focus()
    lead.type("体育")
    page.get_by_role("option", name="市体育局").wait_for()
    page.screenshot(path=str(ARTIFACTS / "batch_assign_picker_open.png"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # toggles, never submits
    chip = page.get_by_role("button", name="移除 市体育局")
    chip.wait_for()
    assert page.url.endswith("/tasks/unassigned")
    cooperating = page.get_by_role("combobox", name="配合部门（可多选）")
    cooperating.focus()
    cooperating.type("教育")
    page.keyboard.press("ArrowDown")
    page.keyboard.press(" ")
    page.get_by_role("button", name="移除 市教育局").wait_for()
    cooperating.fill("")
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "batch_assign_390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "batch_assign_1280.png"), full_page=True)

    page.get_by_role("button", name="下一步：确认交办").click()
    page.get_by_text("确认批量交办（3 项）").wait_for()
    assert "市体育局" in page.locator("[data-confirm-lead]").inner_text()
    assert "市教育局" in page.locator("[data-confirm-cooperating]").inner_text()
    page.get_by_role("button", name="确认交办").click()
    page.get_by_text("已批量交办 3 项任务").wait_for()
    db.session.rollback()
    for task_id in ids:
        task = db.session.get(Task, task_id)
        assert [d.name for d in task.lead_departments] == ["市体育局"]
        assert [d.name for d in task.cooperating_departments] == ["市教育局"]
