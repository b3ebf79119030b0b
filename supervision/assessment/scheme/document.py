"""The scheme document (评分细则): its normal form, YAML exchange, the shipped default and its dates."""

from __future__ import annotations

from datetime import date

import yaml

from supervision.accounts.models import DepartmentKind
from supervision.assessment.scheme import checks
from supervision.assessment.scheme.constants import COMPONENTS, COMPUTED_CAPS, COMPUTED_DEDUCTIONS, DAY_PATTERN
from supervision.config import ROOT
from supervision.errors import DomainError

DEFAULT_PATH = ROOT / "seeds" / "assessment" / "default-scheme.yaml"
CALENDAR_DAYS = ("cut_off", "draft_compute", "publish_by")


def day_in(spec: str, year: int) -> date:
    """'MM-DD' in `year`; 'MM-DD+1' in the year after."""
    month, day, next_year = DAY_PATTERN.match(spec).groups()
    return date(year + (1 if next_year else 0), int(month), int(day))


def parse_scheme(raw) -> dict:
    """Validate a scheme document and return its normal form; refuse with every problem listed."""
    check = checks.Check()
    raw = check.mapping(raw, "scheme")
    if "scheme" in raw and len(raw) == 1:
        raw = check.mapping(raw["scheme"], "scheme")
    kinds = raw.get("kinds")
    valid_kinds = [k.value for k in DepartmentKind]
    if not isinstance(kinds, list) or not kinds or any(k not in valid_kinds for k in kinds):
        check.problems.append(f"kinds 应为部门类型列表（可用：{'、'.join(valid_kinds)}）")
        kinds = []
    calendar = check.mapping(raw.get("calendar"), "calendar")
    base = check.number(raw.get("base"), "base", 1)
    components = checks.components(check, raw.get("components"))
    weights = sum(c["weight"] for c in components.values())
    if components and abs(weights - base) > 1e-6:
        check.problems.append(f"各评分项权重之和（{weights:g}）应等于基础分 base（{base:g}）")
    if not components:
        check.problems.append("components 至少应有一个评分项")
    if raw.get("if_none", "redistribute") not in ("redistribute", "zero"):
        check.problems.append("if_none 应为 redistribute（按比例分配给其他评分项）或 zero（计 0 分）")
    bonus = check.mapping(raw.get("bonus") or {"cap_total": 0, "items": {}}, "bonus")
    deductions = check.mapping(raw.get("deductions") or {"cap_total": 0, "items": {}}, "deductions")
    ranking = check.mapping(raw.get("ranking") or {}, "ranking")
    rounding = check.mapping(raw.get("rounding") or {"component": 2, "total": 2}, "rounding")
    scheme = {
        "title": check.text(raw.get("title", "年度考核评分细则"), "title"),
        "base": base,
        "kinds": list(dict.fromkeys(kinds)),
        "calendar": {
            "milestones_due": [check.day(d, "calendar.milestones_due") for d in calendar.get("milestones_due") or []],
            **{key: check.day(calendar.get(key), f"calendar.{key}") for key in CALENDAR_DAYS},
            "objection_window_working_days": int(
                check.number(calendar.get("objection_window_working_days", 0), "calendar.objection_window")
            ),
        },
        "components": components,
        "if_none": raw.get("if_none", "redistribute"),
        "bonus": {
            "cap_total": check.number(bonus.get("cap_total"), "bonus.cap_total"),
            "items": checks.items(check, bonus.get("items") or {}, "bonus.items", ()),
        },
        "deductions": {
            "cap_total": check.number(deductions.get("cap_total"), "deductions.cap_total"),
            "items": checks.items(check, deductions.get("items") or {}, "deductions.items", COMPUTED_DEDUCTIONS),
        },
        "grades": checks.grades(check, raw.get("grades"), COMPUTED_CAPS),
        "ranking": {
            "ties": checks.ties(check, ranking.get("ties"), {*COMPONENTS, "bonus", "deductions", "subtotal"}),
        },
        "rounding": {
            key: int(check.number(rounding.get(key, 2), f"rounding.{key}", 0, 4)) for key in ("component", "total")
        },
    }
    too_high = [g for g, t in scheme["grades"]["thresholds"].items() if base and t > base]
    if too_high:  # no unit could reach the grade: every unit would be graded lower
        check.problems.append(f"等次分数线（{'、'.join(too_high)}）不应高于基础分 base（{base:g}）")
    if check.problems:
        raise DomainError("评分细则有误：" + "；".join(check.problems) + "。")
    return scheme


def load_yaml(text: str | bytes) -> dict:
    """Parse and validate a scheme exchanged as YAML."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise DomainError(f"YAML 格式有误{where}，请检查缩进和冒号。") from None
    return parse_scheme(raw)


def dump_yaml(scheme: dict, year: int | None = None) -> str:
    """The scheme as YAML, in the shape `load_yaml` reads back."""
    header = f"# {year} 年度 {scheme['title']}（健康杭州任务督办系统导出）\n" if year else ""
    body = yaml.safe_dump({"scheme": scheme}, allow_unicode=True, sort_keys=False, width=200)
    return header + body


def default_scheme() -> dict:
    """The scheme shipped in seeds/assessment/default-scheme.yaml."""
    return load_yaml(DEFAULT_PATH.read_text(encoding="utf-8"))
