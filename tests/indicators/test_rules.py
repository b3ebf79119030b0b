"""Tests of supervision.indicators (target rules and entered values). Pure Python: no app, no database.

Every distinct target wording in the seeds (表2 of seeds/indicators.yaml and the task targets of plan
HZ-ACTION-2023-2025) must be listed below, either in EXPECTED (what it parses to) or in FLAGGED (deliberately
not parsed; the office writes the rule by hand). A new wording that is in neither list fails the test.
"""

import json
from decimal import Decimal as D
from functools import cache
from pathlib import Path

import pytest
import yaml

from supervision.indicators.rules import KINDS, InvalidTarget, Rule, attainment, direction_of, parse_target, trend
from supervision.indicators.values import InvalidValue, Value, as_value, parse_value

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def db():
    """Overrides the suite's autouse database fixture: these tests need neither the app nor a database."""
    yield None


@cache
def seed_wordings() -> tuple[tuple[str, str | None, str | None], ...]:
    """Distinct (target text, direction, baseline) of 表2 and of the action plan's task targets."""
    with open(SEEDS / "indicators.yaml", encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["indicators"]
    with open(SEEDS / "plans" / "hz-action-2023-2025.yaml", encoding="utf-8") as fh:
        plan = yaml.safe_load(fh)
    assert len(rows) == 52 and plan["code"] == "HZ-ACTION-2023-2025"
    found: dict[tuple[str, str | None], str | None] = {}
    for row in rows:
        found.setdefault((row["target_2025"], row["direction"]), row["value_2020"])
    for task in plan["tasks"]:
        for target in task["targets"] or []:
            found.setdefault((target, None), None)
    return tuple((text, direction, baseline) for (text, direction), baseline in found.items())


# str(rule) for each readable seed wording (表2 bare numbers are read with the row's direction).
EXPECTED = {
    "省下达指标": "province",
    "达到省定目标": "province",
    "不高于全省平均水平": "province",
    "≥96": ">=96",
    "≤3.5": "<=3.5",
    "<0.01": "<0.01",
    "不低于30": ">=30",
    "保持在99以上": ">=99",
    "90以上": ">=90",
    "95以上": ">=95",
    "72以上": ">=72",
    "3.5以上": ">=3.5",
    "26以下": "<=26",
    "5以下": "<=5",
    "4以下": "<=4",
    "7以下": "<=7",
    "8.5以下": "<=8.5",
    "10以下": "<=10",
    "190以下": "<=190",
    "98": ">=98",
    "85": ">=85",
    "100": ">=100",
    "14": ">=14",
    "38": ">=38",
    "70": ">=70",
    "6": ">=6",
    "90": ">=90",
    "2.6": ">=2.6",
    "2.8": ">=2.8",
    "350": ">=350",
    "83.88": ">=83.88",
    "94.5": ">=94.5",
    "16.2": "<=16.2",  # 15岁以上成人吸烟率, direction lower
    "45": ">=45",
    "5": ">=5",
    "1597": ">=1597",
    "7": ">=7",
    "地表水市控断面达到或优于Ⅲ类水比例达到100%": ">=100",
    "重点建设用地安全利用率95%以上": ">=95",
    "农村自来水普及率99.93%以上": ">=99.93",
    "城乡规模化供水工程人口覆盖率达96%": ">=96",
    "到2025年，二级以上综合医院、中医院设置老年医学科占比90%以上": ">=90",
    "三级中医医院设置康复科占比90%以上": ">=90",
    "推进高血压全周期健康管理，规范管理率稳定在65%以上": ">=65",
    "推进糖尿病全周期健康管理，规范管理率稳定在65%以上": ">=65",
    "适龄儿童免疫规划疫苗接种率保持在90%以上": ">=90",
}

# Wordings deliberately not parsed, with the reason.
FLAGGED = {
    "-": "表2 gives no target (市民公共文明指数提升)",
    "持续控制在历史低水平": "no figure: the historical low is not stated",
    "5.7(2021-2025年)": "a 2021-2025 cumulative total (baseline 27 is the 2016-2020 total), not a yearly level",
    "到2025年，儿童和成人肥胖增长率持续减小，居民油盐糖摄入量较2020—2022年平均水平都有所降低": (
        "qualitative (持续减小, 有所降低), no figure"
    ),
    "打造群众身边的“10分钟健身圈”": "10 is part of a name, not a target",
    "高质量建设医保经办“15分钟服务圈”": "15 is part of a name, not a target",
    "完成5年一轮的重点人群慢阻肺筛查项目，实现目标人群全覆盖": "5 is the screening cycle; 全覆盖 names no measure",
    "全市青少年儿童总体近视率逐年下降1%以上": "逐年: against the previous year, and 1% may mean a percentage point",
}


@pytest.mark.parametrize(("text", "direction", "baseline"), seed_wordings(), ids=lambda x: str(x))
def test_seed_wording(text, direction, baseline):
    rule = parse_target(text, baseline, direction=direction)
    if text in FLAGGED:
        assert rule is None, f"{text!r} is listed as flagged but parses to {rule}"
        return
    assert text in EXPECTED, f"new seed wording {text!r}: add it to EXPECTED or FLAGGED (parses to {rule})"
    assert rule is not None and str(rule) == EXPECTED[text]
    assert rule.text == text
    assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule


def test_lists_have_no_stale_wordings():
    texts = {text for text, _, _ in seed_wordings()}
    assert set(EXPECTED) <= texts and set(FLAGGED) <= texts
    assert not set(EXPECTED) & set(FLAGGED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥95", ">=95"),
        ("≥ 95 %", ">=95"),
        (">=95", ">=95"),
        ("＞９９", ">99"),
        (">99", ">99"),
        ("≤0.8‰", "<=0.8"),
        ("<0.8", "<0.8"),
        ("≦5", "<=5"),
        ("80%以上", ">=80"),
        ("0.8‰以下", "<=0.8"),
        ("5以内", "<=5"),
        ("控制在5%以内", "<=5"),
        ("保持在90%以上", ">=90"),
        ("稳定在90%以上", ">=90"),
        ("稳定在5%以下", "<=5"),
        ("稳定在3%左右", "maintain 3"),
        ("稳定在3", "maintain 3"),
        ("3左右", "maintain 3"),
        ("3-5", "range 3-5"),
        ("3～5%", "range 3-5"),
        ("3%～5%", "range 3-5"),
        ("3至5", "range 3-5"),
        ("3 — 5", "range 3-5"),
        ("稳定在3-5之间", "range 3-5"),
        ("下降10%", "decrease 10%"),
        ("降低10%以上", "decrease 10%"),
        ("提高１０％", "increase 10%"),
        ("不超过5", "<=5"),
        ("高于5", ">5"),
        ("低于5", "<5"),
        ("达到90%", ">=90"),
        ("完成省下达任务", "province"),
        ("完成省下达指标。", "province"),
        ("省定目标", "province"),
        ("到2025年底，达到省定目标", "province"),
        ("1,597亿元以上", ">=1597"),
    ],
)
def test_wordings(text, expected):
    rule = parse_target(text)
    assert rule is not None and str(rule) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-",
        "95 96",  # two numbers
        "5-3",  # reversed range
        "≥3-5",
        "≥95以上",
        "下降1个百分点",  # percentage points, not a relative change
        "下降10",  # a relative change needs the % sign
        "较上年下降5%",  # against the previous year
        "不得低于90%",  # negation before an unlisted operator
        "控制在5%",
        "90之间",
        "显著提高",
        "覆盖率96%",  # a bare number after other words
        "x以上",
    ],
)
def test_unreadable_wordings_are_flagged(text):
    assert parse_target(text, "80", direction="higher") is None


def test_bare_number_needs_direction():
    assert parse_target("98") is None
    assert parse_target("0.8‰") is None
    assert str(parse_target("98", direction="higher")) == ">=98"
    assert str(parse_target("0.8‰", direction="lower")) == "<=0.8"


def test_present_level_uses_baseline():
    assert str(parse_target("保持现有水平", "91.3")) == "maintain 91.3"
    assert str(parse_target("不低于现有水平", "91.3")) == ">=91.3"
    assert parse_target("保持现有水平") is None
    assert parse_target("保持现有水平", "<0.011") is None


def test_str_describe_and_json():
    cases = [
        (Rule("at_least", low=D("95")), ">=95", "≥95%"),
        (Rule("more_than", low=D("95")), ">95", ">95%"),
        (Rule("at_most", high=D("0.8")), "<=0.8", "≤0.8%"),
        (Rule("less_than", high=D("0.01")), "<0.01", "<0.01%"),
        (Rule("range", low=D("3"), high=D("5")), "range 3-5", "3～5%"),
        (Rule("maintain", low=D("3"), high=D("3")), "maintain 3", "稳定在3%"),
        (Rule("relative_decrease", percent=D("10")), "decrease 10%", "不高于基线下降10%后的值"),
        (Rule("relative_increase", percent=D("10")), "increase 10%", "不低于基线提高10%后的值"),
        (Rule("province"), "province", "按省逐年下达或公布的数值（未录入前待定）"),
    ]
    assert {rule.kind for rule, _, _ in cases} == set(KINDS)
    for rule, short, described in cases:
        assert str(rule) == short and rule.describe("%") == described
        assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert Rule("at_most", high=D("7")).describe("1/10万") == "≤7/10万"
    assert Rule("at_least", low=D("95")).to_dict() == {
        "kind": "at_least",
        "low": "95",
        "high": None,
        "percent": None,
        "text": "",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "equal", "low": D("1")},
        {"kind": "at_least"},
        {"kind": "at_least", "low": D("1"), "high": D("2")},
        {"kind": "range", "low": D("5"), "high": D("3")},
        {"kind": "maintain", "low": D("3"), "high": D("4")},
        {"kind": "relative_decrease", "low": D("3")},
        {"kind": "province", "percent": D("3")},
    ],
)
def test_invalid_rules(kwargs):
    with pytest.raises(ValueError):
        Rule(**kwargs)


def test_rule_bounds_must_be_decimal():
    with pytest.raises(TypeError):
        Rule("at_least", low=95)


@pytest.mark.parametrize(
    ("target", "baseline", "direction", "expected"),
    [
        ("≥96", "98.1", None, "higher"),
        ("26以下", "-", None, "lower"),
        ("98", "100", "higher", "higher"),
        ("100", "100", "higher", "maintain"),  # target equals the baseline
        ("不低于30", "30", None, "maintain"),
        ("保持在99以上", "99.58", None, "maintain"),
        ("稳定在65%以上", None, None, "maintain"),
        ("稳定在3%左右", "5", None, "maintain"),
        ("下降10%", "20", None, "lower"),
        ("提高10%", "20", None, "higher"),
        ("3-5", "2", None, "higher"),
        ("3-5", "6", None, "lower"),
        ("3-5", "4", None, "maintain"),
        ("3-5", None, None, "unknown"),
        ("省下达指标", "91.3", "higher", "unknown"),
        ("持续控制在历史低水平", "50.37", "lower", "unknown"),
    ],
)
def test_direction_of(target, baseline, direction, expected):
    rule = parse_target(target, baseline, direction=direction)
    assert direction_of(target, baseline, rule) == expected


@pytest.mark.parametrize(
    ("text", "number", "qualifier"),
    [
        ("95", "95", ""),
        (" 95.5 % ", "95.5", ""),
        ("９５．５％", "95.5", ""),
        ("0.8‰", "0.8", ""),
        ("<0.011", "0.011", "<"),
        ("＜0.011", "0.011", "<"),
        ("<=5", "5", "≤"),
        ("≥1", "1", "≥"),
        (">99", "99", ">"),
        ("≈3", "3", "≈"),
        ("约3", "3", "≈"),
        ("1,597亿元", "1597", ""),
        ("12.63m2", "12.63", ""),
        ("7/10万", "7", ""),
        ("-2.5", "-2.5", ""),
    ],
)
def test_parse_value(text, number, qualifier):
    value = parse_value(text)
    assert value == Value(D(number), qualifier, text)


@pytest.mark.parametrize("text", [None, "", "-", "abc", "72.51、71.80", "66.96(2019年)", "95 96", "1,5", "约"])
def test_parse_value_rejects_text(text):
    assert parse_value(text) is None


def test_as_value_raises_chinese_error():
    with pytest.raises(InvalidValue, match="不是有效的数值"):
        as_value("暂无")
    with pytest.raises(TypeError):
        as_value(95.5)
    assert as_value(D("3")) == Value(D("3"), "", "3") and as_value(None) is None


def test_attainment_basic():
    at_least = parse_target("≥95")
    assert attainment(at_least, "95") == "已达标"
    assert attainment(at_least, D("96.2")) == "已达标"
    assert attainment(at_least, 94) == "未达标"
    assert attainment(at_least, None) == "无数据"
    assert attainment(None, "95") == "待定"  # flagged wording: no rule yet
    assert attainment(parse_target(">95"), "95") == "未达标"
    assert attainment(parse_target("<0.01"), "0.01") == "未达标"
    assert attainment(parse_target("3-5"), "5") == "已达标"
    assert attainment(parse_target("3-5"), "5.1") == "未达标"
    assert attainment(parse_target("稳定在3"), "3") == "已达标"
    with pytest.raises(InvalidValue):
        attainment(at_least, "n/a")


def test_tolerance():
    at_least, at_most = parse_target("≥95"), parse_target("≤0.8")
    assert attainment(at_least, "90.25", tolerance=D("0.05")) == "接近"  # 95 - 5% = 90.25
    assert attainment(at_least, "90.24", tolerance=D("0.05")) == "未达标"
    assert attainment(at_least, "95", tolerance=D("0.05")) == "已达标"
    assert attainment(at_most, "0.84", tolerance="0.05") == "接近"
    assert attainment(at_most, "0.85", tolerance="0.05") == "未达标"
    assert attainment(parse_target("稳定在3%左右"), "3.1", tolerance=D("0.05")) == "接近"
    assert attainment(at_least, "90.25") == "未达标"
    with pytest.raises(ValueError):
        attainment(at_least, "90", tolerance=D("-0.1"))


def test_qualified_values():
    assert attainment(parse_target("≤0.02"), "<0.011") == "已达标"
    assert attainment(parse_target("<0.011"), "<0.011") == "已达标"
    assert attainment(parse_target("≤0.011"), "≤0.011") == "已达标"
    assert attainment(parse_target("<0.011"), "≤0.011") == "待定"  # could be exactly 0.011
    assert attainment(parse_target("<0.01"), "<0.011") == "待定"  # could be either side of 0.01
    assert attainment(parse_target("<0.01"), "<0.011", tolerance=D("0.1")) == "接近"  # at worst within 10%
    assert attainment(parse_target(">0.02"), "<0.011") == "未达标"
    assert attainment(parse_target("≥99"), ">99") == "已达标"
    assert attainment(parse_target("≥99"), ">98") == "待定"
    assert attainment(parse_target("≤5"), ">5") == "未达标"
    assert attainment(parse_target("≥3"), "≈3") == "已达标"  # an approximate value counts as its number


def test_relative_targets():
    decrease, increase = parse_target("下降10%"), parse_target("提高10%")
    assert attainment(decrease, "18", baseline="20") == "已达标"
    assert attainment(decrease, "18.1", baseline="20") == "未达标"
    assert attainment(decrease, "18.5", baseline="20", tolerance=D("0.05")) == "接近"  # 18 + 5% = 18.9
    assert attainment(decrease, "18") == "待定"  # no baseline
    assert attainment(decrease, "18", baseline="-") == "待定"
    assert attainment(decrease, "18", baseline="<20") == "待定"  # qualified baseline: no certain bound
    assert attainment(increase, "22", baseline=D("20")) == "已达标"
    assert attainment(increase, "21.9", baseline=D("20")) == "未达标"
    assert attainment(decrease, "18", path=(2020, "20", 2025, 2025)) == "已达标"  # baseline taken from path


def test_province_targets():
    rule = parse_target("省下达指标")
    assert attainment(rule, "92") == "待定"
    assert attainment(rule, None) == "无数据"
    assert attainment(rule, "92", province_target="≥90") == "已达标"
    assert attainment(rule, "89", province_target="90以上") == "未达标"
    assert attainment(rule, "89", province_target="90", direction="higher") == "未达标"
    assert attainment(rule, "89", province_target=D("90"), direction="lower") == "已达标"
    assert attainment(rule, "89", province_target=parse_target("≥88")) == "已达标"
    assert attainment(rule, "18.5", province_target="下降10%", baseline="20") == "未达标"
    with pytest.raises(InvalidTarget):
        attainment(rule, "89", province_target="90")  # a bare number needs the direction
    with pytest.raises(InvalidTarget):
        attainment(rule, "89", province_target="待省里下达")
    average = parse_target("不高于全省平均水平")
    assert attainment(average, "50", province_target="52.3") == "已达标"  # the wording gives the direction
    assert attainment(average, "53", province_target="52.3", direction="lower") == "未达标"
    with pytest.raises(InvalidTarget):
        attainment(average, "53", province_target="52.3", direction="higher")


def test_path():
    rule = parse_target("≥96")
    path = (2020, "90", 2025, 2023)  # the line 90 → 96 gives 93.6 in 2023
    assert attainment(rule, "93.6", path=path) == "已达标"
    assert attainment(rule, "93.5", path=path) == "未达标"
    assert attainment(rule, "93.5", path=path, tolerance=D("0.01")) == "接近"
    assert attainment(rule, "93.6", path=(2020, "90", 2025, 2025)) == "未达标"  # the target year: the target
    assert attainment(rule, "90", path=(2020, "90", 2025, 2020)) == "已达标"
    lower = parse_target("≤5")
    assert attainment(lower, "5.6", path=(2020, "8", 2025, 2024)) == "已达标"  # line 8 → 5 gives 5.6 in 2024
    assert attainment(lower, "5.7", path=(2020, "8", 2025, 2024)) == "未达标"
    # a baseline that already meets the target: the line is never stricter than the target itself
    assert attainment(parse_target("≥70"), "75", path=(2020, "89.64", 2025, 2021)) == "已达标"
    # no readable baseline: only a value meeting the final target is certain
    assert attainment(rule, "96", path=(2020, "-", 2025, 2023)) == "已达标"
    assert attainment(rule, "95", path=(2020, "-", 2025, 2023)) == "待定"
    assert attainment(parse_target("3-5"), "6", path=(2020, "8", 2025, 2023)) == "已达标"  # high 8 → 5 gives 6.2
    assert attainment(parse_target("省下达指标"), "93", province_target="≥96", path=path) == "未达标"
    with pytest.raises(ValueError):
        attainment(rule, "95", path=(2025, "90", 2020, 2023))


@pytest.mark.parametrize(
    ("previous", "current", "direction", "expected"),
    [
        ("90", "92", "higher", "进步"),
        ("90", "88", "higher", "退步"),
        ("90", "90.0", "higher", "持平"),
        ("5", "4", "lower", "进步"),
        ("5", "6", "lower", "退步"),
        ("0.02", "<0.011", "lower", "进步"),
        ("<0.011", "0.02", "lower", "退步"),
        ("<0.011", "<0.01", "lower", None),  # the two intervals overlap
        ("<0.01", "<0.01", "lower", "持平"),
        ("3", "≈3", "higher", "持平"),
        ("3", "3", "maintain", "持平"),
        ("3", "4", "maintain", None),
        ("90", "92", "unknown", None),
        ("90", "92", None, None),
        (None, "92", "higher", None),
        ("90", None, "higher", None),
    ],
)
def test_trend(previous, current, direction, expected):
    assert trend(previous, current, direction) == expected
