"""The scheme as a form for the office: every setting under a Chinese label, applied to a copy of the scheme.

`scheme_fields(config)` lists the settings the page shows (name, label, value); `apply_form(config, values)`
returns the edited document for `parse_scheme` (the scheme's own checks) or refuses in Chinese. The
messages of those checks name settings by their key path (components.lead_tasks.weight); `readable`
replaces each path by the label the form shows.
"""

from __future__ import annotations

import copy
import re

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from supervision.assessment.scheme.constants import DAY_PATTERN
from supervision.errors import DomainError
from supervision.validation import InvalidInput

# The kinds a scheme assesses, as the office names them.
KIND_CHOICES = (("municipal", "市直部门"), ("district", "区县(市)"))
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,6}(?:\.[0-9]{0,4})?|\.[0-9]{1,4})")
_DAY = re.compile(r"(?:[0-9]{2})-(?:[0-9]{2})")
YEAR_CHOICES = (("", "当年"), ("+1", "次年"))


class SchemeSettingsForm(FlaskForm):
    """The CSRF token and the reason; the settings are read from the request by `apply_form`."""

    reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])


def _field(name: str, label: str, value, path: str | None = None, kind: str = "number") -> dict:
    return {"name": name, "label": label, "value": value, "path": path or name, "kind": kind}


def _number_text(value) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value or "")


def scheme_fields(config: dict) -> dict[str, list[dict]]:
    """The form's sections: 基本设置, 评分项权重, 等次分数线, 扣分, 加分 (each a list of fields)."""
    calendar = config["calendar"]
    cut_off = DAY_PATTERN.match(calendar["cut_off"])
    basics = [
        _field("base", "基础分", _number_text(config["base"])),
        _field("calendar.cut_off", "数据截止日", cut_off.group(1) + "-" + cut_off.group(2), kind="day"),
        _field("calendar.cut_off.year", "数据截止日所在年", cut_off.group(3) or "", kind="year"),
        _field(
            "calendar.objection_window_working_days",
            "异议期（工作日）",
            str(calendar["objection_window_working_days"]),
            path="calendar.objection_window",
        ),
    ]
    weights = [
        _field(f"components.{key}.weight", f"{c['label']} 权重", _number_text(c["weight"]))
        for key, c in config["components"].items()
    ]
    thresholds = [
        _field(f"grades.thresholds.{grade}", f"{grade} 分数线（不低于）", _number_text(value))
        for grade, value in config["grades"]["thresholds"].items()
    ]
    sections = {"基本设置": basics, "评分项权重": weights, "等次分数线": thresholds}
    for title, part in (("扣分", "deductions"), ("加分", "bonus")):
        rows = [_field(f"{part}.cap_total", f"{title}合计上限", _number_text(config[part]["cap_total"]))]
        for key, item in config[part]["items"].items():
            at = f"{part}.items.{key}"
            if isinstance(item["points"], dict):
                for level, points in item["points"].items():
                    label = f"{item['label']}（{item['levels'].get(level, level)}）每次分值"
                    rows.append(_field(f"{at}.points.{level}", label, _number_text(points)))
            else:
                rows.append(_field(f"{at}.points", f"{item['label']} 每次分值", _number_text(item["points"])))
            rows.append(_field(f"{at}.cap", f"{item['label']} 上限", _number_text(item["cap"])))
        sections[title] = rows
    return sections


def labels(config: dict) -> dict[str, str]:
    """Key path -> the label the form shows it under."""
    result = {"kinds": "参评单位类型", "calendar.cut_off": "数据截止日"}
    for fields in scheme_fields(config).values():
        for field in fields:
            result.setdefault(field["path"], field["label"])
    return result


def readable(message: str, config: dict) -> str:
    """A refusal of the scheme's checks with the key paths replaced by the form's labels."""
    message = message.replace("基础分 base", "base")
    for path, label in sorted(labels(config).items(), key=lambda pair: -len(pair[0])):
        message = message.replace(path, f"“{label}”")
    return message


def _number(text: str | None, label: str) -> float:
    text = (text or "").strip()
    if not _NUMBER.fullmatch(text):
        raise InvalidInput(f"“{label}”应为数值（最多 4 位小数），请检查后重试。")
    value = float(text)
    return int(value) if value == int(value) else value


def _set(document: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        document = document[part]
    document[last] = value


def apply_form(config: dict, values, kinds: list[str]) -> dict:
    """A copy of `config` with the form's values; refused in Chinese when a value cannot be read."""
    document = copy.deepcopy(config)
    problems = []
    for fields in scheme_fields(config).values():
        for field in fields:
            if field["kind"] != "number":
                continue
            try:
                value = _number(values.get(field["name"]), field["label"])
            except InvalidInput as error:
                problems.append(error.message.removesuffix("，请检查后重试。"))
                continue
            if field["name"] == "calendar.objection_window_working_days":
                if value != int(value) or not 0 <= value <= 60:
                    problems.append("“异议期（工作日）”应为 0 到 60 之间的整数")
                    continue
                value = int(value)
            _set(document, field["name"], value)
    day = (values.get("calendar.cut_off") or "").strip()
    year = values.get("calendar.cut_off.year") or ""
    if not _DAY.fullmatch(day) or year not in dict(YEAR_CHOICES):
        problems.append("“数据截止日”应为“MM-DD”形式的日期（如 01-10）")
    else:
        document["calendar"]["cut_off"] = day + year
    chosen = [kind for kind, _ in KIND_CHOICES if kind in kinds]
    extra = [kind for kind in kinds if kind not in dict(KIND_CHOICES)]
    if extra:
        problems.append("参评单位类型无效，请刷新页面后重试")
    elif not chosen:
        problems.append("请至少选择一类参评单位")
    document["kinds"] = chosen + [k for k in config["kinds"] if k not in dict(KIND_CHOICES)]
    if problems:
        raise InvalidInput("评分细则有误：" + "；".join(problems) + "。")
    return document


def translate(error: DomainError, config: dict) -> DomainError:
    """`error` with its message in the form's words (a refusal of the scheme's checks names key paths)."""
    error.message = readable(error.message, config)
    return error
