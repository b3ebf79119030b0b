"""The office edits the scheme through a form with Chinese labels; the scheme's own checks refuse in Chinese."""

import html
import re

from sqlalchemy import func, select

from supervision.assessment.models import AssessmentScheme
from supervision.audit.models import AuditEvent
from tests.helpers import login, make_user, post_form

PAGE = "/assessment/2025/scheme"


def _form_values(page: str) -> dict:
    """The settings form as the browser would send it (inputs, the selected option, the checked kinds)."""
    form = page.split('action="/assessment/2025/scheme/settings"', 1)[1].split("</form>", 1)[0]
    values = dict(
        re.findall(r'<input class="form-control form-control-sm" name="([^"]+)" id="[^"]+" value="([^"]*)"', form)
    )
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        values[name] = re.search(r'<option value="([^"]*)" selected', options).group(1)
    values["kinds"] = re.findall(r'name="kinds" value="([^"]+)"[^>]*checked', form)
    return values


def _stored(db):
    db.session.rollback()
    scheme = db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == 2025))
    return scheme.config if scheme else None  # None: the year still follows the default scheme


def _audits(db) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == "assessment.scheme_save"))


def test_the_form_shows_every_setting_in_chinese(app, db):
    make_user("office1", ("office",))
    office = app.test_client()
    login(office, "office1")
    page = office.get(PAGE).get_data(as_text=True)
    for label in (
        "牵头任务完成情况 权重",
        "优秀 分数线",
        "扣分合计上限",
        "报告被退回 每次分值",
        "数据截止日",
        "异议期（工作日）",
    ):
        assert label in page
    assert "市直部门" in page and "区县(市)" in page
    values = _form_values(page)
    assert values["kinds"] == ["municipal", "district"] and values["calendar.cut_off"] == "01-10"


def test_a_weight_change_through_the_form_is_saved_and_audited(app, db):
    make_user("office1", ("office",))
    office = app.test_client()
    login(office, "office1")
    values = _form_values(office.get(PAGE).get_data(as_text=True))
    before = _audits(db)
    values.update({"components.lead_tasks.weight": "35", "components.cooperation.weight": "15"})
    values.update({"calendar.objection_window_working_days": "5", "deductions.items.returned_report.points": "0.3"})
    response = post_form(office, PAGE + "/settings", values, PAGE, follow_redirects=True)
    assert "已保存 2025 年度评分细则" in response.get_data(as_text=True)
    config = _stored(db)
    assert config["components"]["lead_tasks"]["weight"] == 35 and config["components"]["cooperation"]["weight"] == 15
    assert config["calendar"]["objection_window_working_days"] == 5
    assert config["deductions"]["items"]["returned_report"]["points"] == 0.3
    assert config["calendar"]["cut_off"] == "01-10+1" and config["kinds"] == ["municipal", "district"]
    assert _audits(db) == before + 1


def test_a_bad_value_gets_a_chinese_message_and_changes_nothing(app, db):
    make_user("office1", ("office",))
    office = app.test_client()
    login(office, "office1")
    values = _form_values(office.get(PAGE).get_data(as_text=True))
    before, audits = _stored(db), _audits(db)
    cases = [
        ({"components.lead_tasks.weight": "四十"}, "“牵头任务完成情况 权重”应为数值"),
        ({"components.lead_tasks.weight": "45"}, "各评分项权重之和（105）应等于“基础分”（100）"),
        ({"grades.thresholds.良好": "95"}, "优秀 > 良好 > 合格"),
        ({"calendar.cut_off": "02-30"}, "“数据截止日” 应为“MM-DD”或“MM-DD+1”形式的日期"),
        ({"calendar.objection_window_working_days": "2.5"}, "“异议期（工作日）”应为 0 到 60 之间的整数"),
        ({"kinds": []}, "请至少选择一类参评单位"),
    ]
    for change, message in cases:
        response = post_form(office, PAGE + "/settings", {**values, **change}, PAGE)
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 200 and message in page, change
        assert "components." not in page.split("alert-danger", 1)[1].split("</div>", 1)[0]
        name, typed = next(iter(change.items()))
        if isinstance(typed, str):  # the page comes back with the value as typed
            assert f'value="{typed}"' in page or f'<option value="{typed}" selected' in page
        assert _stored(db) == before and _audits(db) == audits


def test_only_the_office_saves_the_form(app, db):
    make_user("leader1", ("leader",))
    leader = app.test_client()
    login(leader, "leader1")
    before = _stored(db)
    response = post_form(leader, PAGE + "/settings", {"components.lead_tasks.weight": "35"}, PAGE)
    assert response.status_code == 403 and _stored(db) == before
