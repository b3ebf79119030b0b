"""A plan's life in a real browser: the office moves HZ-2021-2025 to 收尾评估, downloads its final evaluation
(PDF and Word), closes it (its milestones show 已关闭 and a reminder run issues nothing for them), then carries
one of its tasks over into a later plan, whose task page shows the predecessor's history.
Screenshots at 1280 px (the plan page also at 390 px) in test-artifacts/plan_lifecycle_*.png."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

from sqlalchemy import select

from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reminders.models import OutboxMessage, SupervisionNotice
from supervision.tasks.models import Task
from tests.builders import make_milestone, make_plan, make_task
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD
from tests.reminders.support import build_world

CODE = "HZ-2021-2025"


def shoot(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (name, overflow)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"plan_lifecycle_{name}.png"), full_page=True)


def change_plan_state(page, status: str, reason: str) -> None:
    form = page.locator("details", has_text="规划状态")
    form.locator("summary").click()
    form.get_by_label("改为").select_option(status)
    form.get_by_label("原因（必填）").fill(reason)
    form.get_by_role("button", name="修改状态").click()


def plan_counts(db, plan_id: int) -> dict[str, int]:
    """督办通知单 and outbox messages of the plan's milestones (a message links each milestone it is about)."""
    db.session.rollback()
    ids = set(db.session.scalars(select(Milestone.id).join(Task).where(Task.plan_id == plan_id)))
    notices = db.session.scalars(select(SupervisionNotice.milestone_id)).all()
    bodies = db.session.scalars(select(OutboxMessage.body_text)).all()
    linked = [{int(m) for m in re.findall(r"/milestones/(\d+)", body)} for body in bodies]
    db.session.rollback()  # end the read: the browser's requests and the CLI write next
    return {"notices": sum(1 for m in notices if m in ids), "messages": sum(1 for links in linked if links & ids)}


def test_office_evaluates_closes_and_carries_over_a_plan(app, runner, db, live_server, page, tmp_path):
    build_world(runner)  # the seed, the 2025 milestones, liaisons with e-mail addresses, office1
    plan = db.session.scalar(select(Plan).where(Plan.code == CODE))
    plan_id, title = plan.id, plan.title
    task = db.session.scalar(select(Task).where(Task.plan_id == plan_id, Task.kind == "key_project", Task.number == 5))
    task_id, task_name = task.id, task.name
    page.on("dialog", lambda dialog: dialog.accept())  # the state forms ask for a confirmation

    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/plans/{CODE}")
    change_plan_state(page, "evaluating", "规划期已满，进入收尾评估")
    page.get_by_text("规划状态已改为“收尾评估”。").wait_for()
    assert page.locator("[data-plan-status]").inner_text() == "收尾评估"
    shoot(page, "evaluating_1280")

    page.get_by_role("link", name="终期评估报告").click()
    page.get_by_role("heading", name=f"{title}终期评估报告").wait_for()
    files = {}
    for fmt, link in (("pdf", "下载 PDF"), ("docx", "下载 Word（可编辑）")):
        href = page.get_by_role("link", name=link).get_attribute("href")
        response = page.request.get(live_server + href)
        assert response.status == 200, (fmt, response.status)
        files[fmt] = response.body()
    pdf = tmp_path / "evaluation.pdf"
    pdf.write_bytes(files["pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", title) in flat and "终期评估" in flat
    import docx  # heavy library, imported where used

    document = docx.Document(io.BytesIO(files["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert any("表2 任务完成情况" in p for p in paragraphs), paragraphs
    assert document.tables and any(task_name in cell.text for t in document.tables for r in t.rows for cell in r.cells)

    before = plan_counts(db, plan_id)
    page.goto(f"{live_server}/plans/{CODE}")
    change_plan_state(page, "closed", "终期评估完成，规划结束")
    page.get_by_text("规划状态已改为“已结束”。").wait_for()
    assert page.get_by_text("规划已结束：不再催办").is_visible()
    shoot(page, "closed_1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shoot(page, "closed_390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server}/tasks/{task_id}?year=2025")
    # the 2025 milestone table (not 历年推进情况, which keeps each year's year-end light as it was)
    rows = page.locator("table:not([data-record] table) tbody tr")
    rows.first.wait_for()
    lights = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert len(lights) >= 4 and all(row.startswith("已关闭") for row in lights), lights
    assert "规划已结束" in page.locator("[data-task-status]").inner_text()
    shoot(page, "task_closed_1280")

    # a later plan still running, with a milestone overdue on the run's day: the run's control sample
    successor_plan = make_plan("HZ-2026-2030", title="健康杭州2026—2030年规划", start_year=2026, end_year=2030)
    successor = make_task(successor_plan, name=f"{task_name}（续）")
    make_milestone(successor, year=2026, key="Q3", title="2026年第3季度进展报告", due_date=date(2026, 10, 14))
    db.session.commit()
    successor_id, successor_plan_id = successor.id, successor_plan.id
    result = runner.invoke(args=["reminders", "run", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert plan_counts(db, plan_id) == before, (before, plan_counts(db, plan_id))
    # the same run did supervise the running plan's overdue milestone: the silence above is the closed state's doing
    control = plan_counts(db, successor_plan_id)
    assert control["notices"] > 0 and control["messages"] > 0, (control, result.output)

    page.goto(f"{live_server}/tasks/{task_id}")
    form = page.locator("details", has_text="任务状态")
    form.locator("summary").click()
    form.get_by_label("操作").select_option("carried_over")
    form.get_by_label("接续任务（转入新规划时必选）").select_option(f"task:{successor_id}")
    form.get_by_label("原因（中止、转入、恢复时必填）").fill("尚未完成，纳入新规划继续推进")
    form.get_by_role("button", name="修改状态").click()
    page.get_by_text("任务状态已改为“转入新规划”。").wait_for()
    status = page.locator("[data-task-status]")
    assert "转入新规划" in status.inner_text() and f"{task_name}（续）" in status.inner_text()

    status.get_by_role("link", name=f"{task_name}（续）", exact=False).click()
    page.get_by_role("heading", name="前序任务的历史").wait_for()
    predecessor = page.locator("[data-predecessor]")
    assert title in predecessor.inner_text() and "尚未完成，纳入新规划继续推进" in predecessor.inner_text()
    assert predecessor.get_by_role("link").get_attribute("href") == f"/tasks/{task_id}"
    assert page.get_by_text("2025 年", exact=True).count() >= 1
    record = page.locator("[data-record]")
    assert "历年推进情况" in record.inner_text()
    assert title in record.locator("[data-predecessor-record]").inner_text()
    assert record.locator("tr[data-year='2025']").count() >= 1
    shoot(page, "successor_1280")
    db.session.rollback()
    assert db.session.get(Task, task_id).successor_id == successor_id
