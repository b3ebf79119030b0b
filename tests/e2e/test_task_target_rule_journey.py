"""The office opens a task page whose quantitative target the parser cannot read, writes its rule by hand, and
sees the target judged from the latest approved report value. At 1280 px (screenshot in test-artifacts/)."""

from __future__ import annotations

from datetime import date

from supervision.reports.models import ReportTargetValue
from supervision.tasks.models import TaskTarget
from tests.builders import make_milestone, make_report, make_task
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_user

FLAGGED = "高质量建设医保经办“15分钟服务圈”"


def test_the_office_writes_the_rule_of_a_flagged_target(app, db, live_server, page):
    make_user()
    task = make_task(kind="action", number=41)
    task.targets.append(TaskTarget(position=0, text=FLAGGED))
    db.session.flush()
    [target] = task.targets
    for title, due, status, value in (
        ("第一季度", date(2025, 4, 10), "approved", "82%"),
        ("第二季度", date(2025, 7, 10), "approved", "91.5%"),
    ):
        report = make_report(make_milestone(task, title=title, due_date=due), status=status)
        report.target_values.append(ReportTargetValue(target_id=target.id, value=value))
    db.session.commit()

    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/tasks/{task.id}")
    card = page.locator(f"[data-target='{target.id}']")
    assert card.get_by_text("该表述无法自动识别，不作评判").is_visible()
    assert card.locator("[data-attainment]").inner_text() == "待定"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "task-target-flagged-1280.png"), full_page=True)

    card.get_by_label("人工设定评判规则").fill("下降5%")  # no baseline for a task target: refused
    card.get_by_role("button", name="保存").click()
    assert page.get_by_text("任务目标没有基期值").is_visible()
    assert page.locator(f"[data-target='{target.id}']").get_by_text("该表述无法自动识别，不作评判").is_visible()

    card = page.locator(f"[data-target='{target.id}']")
    card.get_by_label("人工设定评判规则").fill("90%以上")
    card.get_by_role("button", name="保存").click()
    assert page.get_by_text("评判规则已保存。").is_visible()
    card = page.locator(f"[data-target='{target.id}']")
    text = card.inner_text()
    assert "（按 ≥90 评判，办公室人工设定）" in text and "该表述无法自动识别" not in text
    assert card.locator("[data-attainment]").inner_text() == "已达标" and "91.5%（2025年 第二季度）" in text
    assert card.get_by_label("人工设定评判规则").input_value() == "90%以上"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.screenshot(path=str(ARTIFACTS / "task-target-rule-1280.png"), full_page=True)
