"""Checks the YAML seed files in seeds/ against themselves and against the source documents.

Needs only PyYAML and the standard library. The document-comparison tests are skipped when the
source folder (../shared/seed-docs next to the checkout) is not present.
"""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
DOCS = Path(__file__).resolve().parents[3] / "shared" / "seed-docs"
PLAN_DOC = "000_1b9d71f3daaa982c.txt"  # 健康杭州“十四五”规划
ACTION_DOC = "001_ad1db2bfe9b25b5e.txt"  # 健康杭州三年行动计划（2023—2025年）

KINDS = {"municipal", "district", "group", "enterprise", "other"}


def load(rel):
    with open(SEEDS / rel, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def squash(text):
    """Document text with line breaks, spaces and the <sub> markup of the extraction removed."""
    return re.sub(r"\s+", "", re.sub(r"</?sub>", "", text))


@cache
def doc(name):
    path = DOCS / name
    if not path.is_file():
        pytest.skip(f"source document not available: {path}")
    return squash(path.read_text(encoding="utf-8"))


def section(name, start, end):
    text = doc(name)
    a = text.index(start)
    return text[a : text.index(end, a)]


def departments():
    return load("departments.yaml")["departments"]


def key_projects():
    return load("plans/hz-14th-five-year.yaml")


def actions():
    return load("plans/hz-action-2023-2025.yaml")


def indicators():
    return load("indicators.yaml")["indicators"]


def name_index():
    index = {}
    for dep in departments():
        for spelling in [dep["name"], *(dep.get("aliases") or [])]:
            index.setdefault(spelling, []).append(dep["name"])
    return index


# ---------------------------------------------------------------- structure


def test_departments_shape_and_unique_spellings():
    deps = departments()
    assert len(deps) == 60  # 55 in 附件2 + 5 named only in the 附表
    for dep in deps:
        assert dep["name"] and dep["kind"] in KINDS
        assert isinstance(dep.get("aliases", []), list)
    duplicated = {k: v for k, v in name_index().items() if len(v) > 1}
    assert not duplicated
    spellings = [s for d in deps for s in [d["name"], *d.get("aliases", [])]]
    assert len(spellings) == len(set(spellings))
    # no district is named as a unit in 000 or 001, so none is seeded
    assert not [d for d in deps if d["kind"] == "district"]
    assert [d["name"] for d in deps if d["kind"] == "group"] == ["各区、县(市)政府"]


def test_key_projects_numbered_1_to_20():
    plan = key_projects()
    assert plan["code"] == "HZ-2021-2025"
    assert plan["period"] == [2021, 2025]
    tasks = plan["tasks"]
    assert [t["number"] for t in tasks] == list(range(1, 21))
    for t in tasks:
        assert t["kind"] == "key_project"
        assert t["category"] and t["name"] and t["content"]
        assert t["period"][0] == 2021 and t["period"][1] in (2023, 2025)
        assert 1 <= len(t["lead"]) <= 2
        assert t["cooperating"]
        for target in t["targets"]:
            assert target in t["content"]
    assert len({t["category"] for t in tasks}) == 7


def test_actions_numbered_1_to_27_in_8_groups():
    plan = actions()
    assert plan["code"] == "HZ-ACTION-2023-2025"
    assert plan["period"] == [2023, 2025]
    assert plan["document"] == "杭政办函〔2023〕72号"
    tasks = plan["tasks"]
    assert [t["number"] for t in tasks] == list(range(1, 28))
    groups = list(dict.fromkeys(t["category"] for t in tasks))
    assert len(groups) == 8
    assert groups[0] == "普及健康生活方式" and groups[-1] == "推进大健康治理体系现代化"
    for t in tasks:
        assert t["kind"] == "action"
        assert t["period"] == [2023, 2025]
        assert t["lead"] == [] and t["cooperating"] == []
        assert t["name"].endswith("行动")
        for target in t["targets"]:
            assert target in t["content"]
    assert sum(len(t["targets"]) for t in tasks) == 14


def test_every_lead_and_cooperating_name_resolves_to_one_department():
    index = name_index()
    for plan in (key_projects(), actions()):
        for t in plan["tasks"]:
            for name in [*t["lead"], *t["cooperating"]]:
                assert len(index.get(name, [])) == 1, (plan["code"], t["number"], name)


def test_indicators_shape():
    rows = indicators()
    assert len(rows) == 52  # 50 numbered indicators; 4 and 5 have two 口径范围 rows each
    assert sorted({r["number"] for r in rows}) == list(range(1, 51))
    assert len({(r["number"], r["coverage"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["direction"] in ("higher", "lower")
        assert r["scope"] is None
        assert isinstance(r["value_2020"], str) and isinstance(r["target_2025"], str)


# ---------------------------------------------------------------- against the documents


def test_annex2_units_are_all_seeded_by_name():
    text = section(PLAN_DOC, "市级有关单位名单", "杭州市卫生健康委员会办公室2021年8月20日印发")
    units = text[len("市级有关单位名单") :].split("、")
    assert len(units) == 55
    names = [d["name"] for d in departments()]
    assert names[:55] == units


def test_department_spellings_occur_in_the_documents():
    texts = doc(PLAN_DOC) + doc(ACTION_DOC)
    for spelling in name_index():
        assert spelling in texts, spelling


def test_key_project_text_is_in_the_annex():
    annex = section(PLAN_DOC, "附表:健康杭州“十四五”规划重点任务表", "附件2")
    for t in key_projects()["tasks"]:
        p0, p1 = t["period"]
        lead = "、".join(t["lead"])
        # numbered content, period, lead and cooperating are contiguous cells of one table row; the
        # lead cell ends exactly where the first cooperating unit begins (no separator in between)
        row = f"{t['content']}{p0}-{p1}年{lead}{t['cooperating'][0]}"
        assert f"{t['number']}.{row}" in annex or f"{t['number']}、{row}" in annex, t["number"]
        assert t["category"] in annex and t["name"] in annex
        for name in t["cooperating"]:
            assert name in annex


def test_action_text_is_in_the_document():
    text = doc(ACTION_DOC)
    tasks = actions()["tasks"]
    for t in tasks:
        assert f"{t['number']}.{t['name']}。{t['content']}" in text, t["number"]
    groups = list(dict.fromkeys(t["category"] for t in tasks))
    for numeral, heading in zip("一二三四五六七八", groups, strict=True):
        # headings are written "（一）普及健康生活方式。"; the seed drops the final full stop
        assert f"（{numeral}）{heading}。" in text, heading


def test_indicator_rows_are_in_table_2():
    table = section(PLAN_DOC, "表2“十四五”时期健康杭州建设主要指标", "三、发展任务")
    for r in indicators():
        assert f"{r['number']}.{r['name']}" in table, r["number"]
        cells = f"{r['unit']}{r['coverage']}{r['value_2020']}{r['target_2025']}"
        assert cells in table, (r["number"], cells)
        assert r["category"] in table


def test_sample_values():
    kp = {t["number"]: t for t in key_projects()["tasks"]}
    assert kp[1]["lead"] == ["市卫生健康委", "市建委"]
    assert kp[1]["cooperating"][0] == "各区、县(市)政府"
    assert kp[2]["lead"] == ["市卫生健康委", "市规划和自然资源局"]
    assert kp[10]["lead"] == ["市公安局"] and kp[10]["period"] == [2021, 2023]
    assert kp[16]["lead"] == ["市教育局"] and kp[16]["period"] == [2021, 2025]
    assert kp[20]["lead"] == ["市发改委"]
    assert kp[12]["name"] == "形成医保经办“30分钟服务圈”"
    assert kp[3]["name"] == "提升健康支持性环境"
    assert kp[11]["cooperating"][-1] == "钱江海关"

    act = {t["number"]: t for t in actions()["tasks"]}
    assert act[8]["targets"] == ["农村自来水普及率99.93%以上", "城乡规模化供水工程人口覆盖率达96%"]
    assert act[27]["name"] == "大健康治理现代化行动"
    assert act[27]["category"] == "推进大健康治理体系现代化"

    ind = {(r["number"], r["coverage"]): r for r in indicators()}
    assert ind[(35, "市域")]["value_2020"] == "83.12" and ind[(35, "市域")]["target_2025"] == "83.88"
    assert ind[(23, "市域")]["target_2025"] == "≤3.5"
    assert ind[(5, "农村")]["value_2020"] == "91.58"
    assert ind[(38, "市域")]["unit"] == "1/10万"

    samples = [
        (PLAN_DOC, kp[11]["content"]),
        (PLAN_DOC, "每年食品安全风险监测样本量稳定在1件/千人"),
        (PLAN_DOC, "83.12"),
        (ACTION_DOC, act[8]["targets"][0]),
        (ACTION_DOC, act[21]["targets"][0]),
        (ACTION_DOC, "杭政办函〔2023〕72号"),
        (PLAN_DOC, "杭州市卫生健康委员会办公室2021年8月20日印发"),
    ]
    for name, value in samples:
        assert value in doc(name), value
