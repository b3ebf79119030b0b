"""The scheme: the shipped default, validation, and the YAML round trip (command line and pages)."""

import io

import pytest
import yaml
from sqlalchemy import select

from supervision.assessment.models import AssessmentScheme
from supervision.assessment.scheme.document import default_scheme, dump_yaml, load_yaml, parse_scheme
from supervision.errors import DomainError
from tests.helpers import login, make_user, post_form


def test_the_default_scheme_follows_the_proposal():
    scheme = default_scheme()
    weights = {k: c["weight"] for k, c in scheme["components"].items()}
    assert weights == {
        "lead_tasks": 40,
        "cooperation": 10,
        "on_time_reporting": 15,
        "quality": 15,
        "evidence": 10,
        "indicators": 10,
    }
    assert scheme["kinds"] == ["municipal", "district"]
    assert scheme["bonus"]["cap_total"] == 5 and scheme["deductions"]["cap_total"] == 15
    assert scheme["grades"]["thresholds"] == {"优秀": 90, "良好": 80, "合格": 60}
    assert scheme["grades"]["quota"] == {"优秀": 0.15, "良好": 0.2}
    assert scheme["calendar"]["cut_off"] == "01-10+1" and scheme["calendar"]["draft_compute"] == "01-15+1"


def test_invalid_schemes_are_refused_with_every_problem_listed():
    raw = yaml.safe_load(dump_yaml(default_scheme()))
    raw["scheme"]["components"]["lead_tasks"]["weight"] = 50
    raw["scheme"]["grades"]["thresholds"]["良好"] = 95
    raw["scheme"]["deductions"]["items"]["new_item"] = {"label": "新事项", "points": 1, "cap": 1}
    with pytest.raises(DomainError) as refused:
        parse_scheme(raw)
    message = refused.value.message
    assert "权重之和（110）应等于基础分 base（100）" in message
    assert "优秀 > 良好 > 合格" in message
    assert "deductions.items.new_item：系统无法自动计算此项" in message
    with pytest.raises(DomainError, match="YAML 格式有误"):
        load_yaml("scheme: [unclosed")


def test_export_and_import_round_trip_on_the_command_line(runner, db, tmp_path):
    out = tmp_path / "scheme.yaml"
    result = runner.invoke(args=["assessment", "scheme", "export", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "牵头任务完成情况" in text
    changed = text.replace("cap_total: 5.0", "cap_total: 3.0")
    (tmp_path / "changed.yaml").write_text(changed, encoding="utf-8")
    result = runner.invoke(args=["assessment", "scheme", "import", "--year", "2025", str(tmp_path / "changed.yaml")])
    assert result.exit_code == 0, result.output
    stored = db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == 2025))
    assert stored.config["bonus"]["cap_total"] == 3.0
    again = runner.invoke(args=["assessment", "scheme", "export", "--year", "2025"])
    assert load_yaml(again.output) == stored.config  # what is exported reads back the same
    assert load_yaml(again.output) == load_yaml(changed)


def test_office_edits_exports_and_imports_the_scheme_in_the_browser(app, db):
    make_user("office1", ("office",))
    office = app.test_client()
    login(office, "office1")
    page = office.get("/assessment/2025/scheme").get_data(as_text=True)
    assert "评分细则" in page and "示范样板" in page
    with office.get("/assessment/2025/scheme.yaml") as download:
        assert download.status_code == 200
        exported = download.get_data(as_text=True)
    bad = exported.replace("weight: 40.0", "weight: 45.0")
    response = post_form(
        office, "/assessment/2025/scheme", {"text": bad}, "/assessment/2025/scheme", follow_redirects=True
    )
    assert "权重之和" in response.get_data(as_text=True)
    raw = yaml.safe_load(exported)
    raw["scheme"]["components"]["lead_tasks"]["weight"] = 35
    raw["scheme"]["components"]["cooperation"]["weight"] = 15
    better = yaml.safe_dump(raw, allow_unicode=True)
    data = {"file": (io.BytesIO(better.encode()), "细则.yaml")}
    response = post_form(
        office,
        "/assessment/2025/scheme/import",
        data,
        "/assessment/2025/scheme",
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "已导入" in response.get_data(as_text=True)
    db.session.rollback()
    config = db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == 2025)).config
    assert config["components"]["lead_tasks"]["weight"] == 35 and config["components"]["cooperation"]["weight"] == 15
