"""The quantitative targets of the action plan and the key projects: every wording read or flagged (none guessed),
the lead's reported values per period, the latest approved value judged, the series on the task page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from supervision.indicators.rules import parse_target
from supervision.indicators.targets import judge_target, target_series
from supervision.reports.models import ReportTargetValue
from supervision.tasks.models import Task, TaskTarget
from tests.builders import make_milestone, make_report, make_task
from tests.helpers import login, make_user, seed

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "plans"

# Each target wording of the two plans (file 001 and the key projects of file 000) and how it is read:
# a rule in compact form, or None when the wording is flagged (no number to judge, or a change per year).
WORDINGS = {
    "到2025年，儿童和成人肥胖增长率持续减小，居民油盐糖摄入量较2020—2022年平均水平都有所降低": None,
    "打造群众身边的“10分钟健身圈”": None,
    "地表水市控断面达到或优于Ⅲ类水比例达到100%": ">=100",
    "重点建设用地安全利用率95%以上": ">=95",
    "农村自来水普及率99.93%以上": ">=99.93",
    "城乡规模化供水工程人口覆盖率达96%": ">=96",
    "全市青少年儿童总体近视率逐年下降1%以上": None,
    "到2025年，二级以上综合医院、中医院设置老年医学科占比90%以上": ">=90",
    "三级中医医院设置康复科占比90%以上": ">=90",
    "推进高血压全周期健康管理，规范管理率稳定在65%以上": ">=65",
    "完成5年一轮的重点人群慢阻肺筛查项目，实现目标人群全覆盖": None,
    "推进糖尿病全周期健康管理，规范管理率稳定在65%以上": ">=65",
    "适龄儿童免疫规划疫苗接种率保持在90%以上": ">=90",
    "高质量建设医保经办“15分钟服务圈”": None,
    "力争2023年前纳入市人大正式立法项目": None,
    "每年食品安全风险监测样本量稳定在1件/千人": None,
    "到2025年,省级健康促进学校建设全覆盖": None,
    "全市儿童青少年总体近视率降低5%": "decrease 5%",
    "城区中小学生超重和肥胖率控制在10%以下": "<=10",
}


def _seeded_wordings() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.yaml")):
        for task in yaml.safe_load(path.read_text(encoding="utf-8"))["tasks"]:
            found += task.get("targets") or []
    return found


def test_every_target_wording_of_the_documents_is_listed_here():
    assert sorted(set(_seeded_wordings())) == sorted(WORDINGS)


@pytest.mark.parametrize("wording", list(WORDINGS))
def test_each_target_wording_is_parsed_or_flagged(wording):
    rule = parse_target(wording)
    assert (str(rule) if rule else None) == WORDINGS[wording]


def test_a_reported_value_is_judged_against_the_targets_rule():
    rule = parse_target("适龄儿童免疫规划疫苗接种率保持在90%以上")
    assert judge_target(rule, "96.5%") == "已达标"
    assert judge_target(rule, "89") == "未达标"
    assert judge_target(rule, "已完成接种任务") == "待定"  # not a number: not judged
    assert judge_target(rule, "") == "无数据"
    assert judge_target(None, "95") == "待定"  # a flagged wording is never judged
    assert judge_target(parse_target("全市儿童青少年总体近视率降低5%"), "50") == "待定"  # no baseline


def _task_with_reports(db):
    task = make_task(kind="action", number=21)
    task.targets.append(TaskTarget(position=0, text="适龄儿童免疫规划疫苗接种率保持在90%以上"))
    task.targets.append(TaskTarget(position=1, text="高质量建设医保经办“15分钟服务圈”"))
    db.session.flush()
    vaccine, circle = task.targets
    for title, due, status, value in (
        ("第一季度", date(2025, 4, 10), "approved", "88%"),
        ("第二季度", date(2025, 7, 10), "approved", "93.2%"),
        ("第三季度", date(2025, 10, 10), "pending_review", "85%"),
    ):
        report = make_report(make_milestone(task, title=title, due_date=due), status=status)
        report.target_values.append(ReportTargetValue(target_id=vaccine.id, value=value))
    db.session.commit()
    return task, vaccine, circle


def test_the_series_of_each_target_and_the_latest_approved_value_judged(app, db):
    make_user()
    task, vaccine, circle = _task_with_reports(db)
    first, second = target_series(db.session.get(Task, task.id))
    assert first.target.id == vaccine.id and str(first.rule) == ">=90"
    assert [(p.period, p.value, p.attainment) for p in first.points] == [
        ("第一季度", "88%", "未达标"),
        ("第二季度", "93.2%", "已达标"),
        ("第三季度", "85%", "待定"),  # not yet approved: not judged
    ]
    assert first.latest.period == "第二季度" and first.attainment == "已达标"
    assert second.rule is None and second.points == [] and second.attainment == "无数据"


def test_the_task_page_shows_the_target_series(app, db):
    make_user()
    task, vaccine, circle = _task_with_reports(db)
    client = app.test_client()
    login(client, "office1")
    with client.get(f"/tasks/{task.id}") as response:
        html = response.get_data(as_text=True)
    assert response.status_code == 200
    section = re.search(r"<section[^>]*data-target-series.*?</section>", html, re.S)[0]
    card = re.search(rf'data-target="{vaccine.id}".*?</table>', section, re.S)[0]
    assert "按 ≥90 评判" in card and "已达标" in card and "93.2%（2025年 第二季度）" in card
    table = card[card.index("<table") :]
    assert table.index("第一季度") < table.index("第二季度") < table.index("第三季度")
    assert "待办公室审核" in card
    flagged = section[section.index(f'data-target="{circle.id}"') :]
    assert "该表述无法自动识别，不作评判" in flagged and "尚无报告填报该目标的数值" in flagged
    assert "style=" not in section


def test_a_task_without_targets_has_no_target_section(app, db, runner):
    seed(runner)
    make_user()
    task = db.session.scalar(select(Task).where(~Task.targets.any()).limit(1))
    client = app.test_client()
    login(client, "office1")
    with client.get(f"/tasks/{task.id}") as response:
        assert response.status_code == 200 and "data-target-series" not in response.get_data(as_text=True)
