"""Target rules: read a target wording (`parse_target`), judge a value against it (`attainment`), and compare two
values (`trend`). Pure Python; values are read by `supervision.indicators.values`.

`parse_target` never guesses: a wording it cannot read with certainty gives None, and the office writes that rule
by hand. `x以上`/`x以下` include x (the usual reading in Chinese official texts). A bare number (`98`, `80%`) only
says which figure to reach, so it needs the indicator's direction (`direction="higher"` gives ≥, `"lower"` gives ≤);
without one it gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from supervision.indicators.values import (
    NUMBER,
    UNIT,
    Bounds,
    as_value,
    compare,
    judge,
    normalize,
    on_path,
    parse_value,
    to_decimal,
)

__all__ = ["KINDS", "InvalidTarget", "Rule", "attainment", "direction_of", "parse_target", "trend"]

# kind: (compact form for str(), Chinese description); {low}, {high}, {percent}, {unit} are filled in
_FORMS = {
    "at_least": (">={low}", "≥{low}{unit}"),
    "more_than": (">{low}", ">{low}{unit}"),
    "at_most": ("<={high}", "≤{high}{unit}"),
    "less_than": ("<{high}", "<{high}{unit}"),
    "range": ("range {low}-{high}", "{low}～{high}{unit}"),
    "maintain": ("maintain {low}", "稳定在{low}{unit}"),
    "relative_decrease": ("decrease {percent}%", "不高于基线下降{percent}%后的值"),
    "relative_increase": ("increase {percent}%", "不低于基线提高{percent}%后的值"),
    "province": ("province", "按省逐年下达或公布的数值（未录入前待定）"),
}
KINDS = tuple(_FORMS)
_SYMBOL = {
    **dict.fromkeys(("≥", "不低于", "不少于"), "at_least"),
    **dict.fromkeys((">", "高于", "超过", "大于"), "more_than"),
    **dict.fromkeys(("≤", "不高于", "不超过", "不大于", "不多于"), "at_most"),
    **dict.fromkeys(("<", "低于", "小于"), "less_than"),
}
_HOLD = ("保持在", "稳定在", "维持在", "控制在", "保持", "稳定", "维持")
_REACH = ("达到", "达")
_RELATIVE = {
    **dict.fromkeys(("下降", "降低", "减少"), "relative_decrease"),
    **dict.fromkeys(("提高", "提升", "增长", "增加"), "relative_increase"),
}
_SUFFIX = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "maintain"}
_OPS = "|".join(re.escape(op) for op in sorted([*_SYMBOL, *_HOLD, *_REACH, *_RELATIVE], key=len, reverse=True))
_TARGET = re.compile(
    rf"(?P<subject>.*?)(?P<op>{_OPS})?(?P<a>{NUMBER})(?P<ua>{UNIT})?"
    rf"(?:(?:-|~|—|–|至)(?P<b>{NUMBER})(?P<ub>{UNIT})?)?(?P<suffix>以上|以下|以内|左右|之间)?"
)
_DEADLINE = re.compile(r"(?:到|至|截至|截止)?[0-9]{4}年(?:底|末)?,?")
_PROVINCE = re.compile(
    r"(?P<subject>.*?)(?:完成|达到|符合|不低于|不高于|低于|高于)?全?省(?:下达|定|级|考核)?的?"
    r"(?:指标|任务|目标值?|平均水平|要求)(?:要求)?"
)
_PRESENT = re.compile(r"(?P<op>保持|稳定|维持|不低于|不高于)在?(?:现有|现状|基线|当前|目前)水平")
# A subject (the indicator named before the target) must not change the meaning of what follows it.
_BAD_SUBJECT = re.compile(r"[0-9不未非无勿禁否]|较|比上|同比|环比|上年|去年|逐年|每年|年均|累计|平均|历史")
_BAD_SUBJECT_END = tuple("到至为于过出增减升降提高低少多大小超达“‘(《[")
_WORDED = {
    **dict.fromkeys(("不高于", "不超过", "低于"), "lower"),
    **dict.fromkeys(("不低于", "高于", "超过"), "higher"),
}
_MAINTAIN_WORDS = re.compile(r"保持|稳定|维持")


class InvalidTarget(ValueError):
    """A province figure given to `attainment` that cannot be read as a target; the message is in Chinese."""


@dataclass(frozen=True)
class Rule:
    """A target rule. `low`/`high` are the bounds (both equal for `maintain`), `percent` the relative change."""

    kind: str
    low: Decimal | None = None
    high: Decimal | None = None
    percent: Decimal | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown rule kind {self.kind!r}")
        have = tuple(x is not None for x in self._numbers().values())
        k = self.kind
        need = (k in ("at_least", "more_than", "range", "maintain"), k in ("at_most", "less_than", "range", "maintain"))
        if have != (*need, k.startswith("relative")):
            raise ValueError(f"rule {self.kind} needs low/high/percent = {need}")
        if any(x is not None and not isinstance(x, Decimal) for x in self._numbers().values()):
            raise TypeError("rule bounds must be Decimal")
        if self.kind == "range" and self.low > self.high or self.kind == "maintain" and self.low != self.high:
            raise ValueError(f"bad bounds for {self.kind}")

    def _numbers(self) -> dict[str, Decimal | None]:
        return {"low": self.low, "high": self.high, "percent": self.percent}

    def _parts(self, unit: str = "") -> dict[str, str]:
        unit = unit[1:] if unit.startswith("1/") else unit  # 7 with unit 1/10万 reads 7/10万
        return {k: "" if v is None else format(v, "f") for k, v in self._numbers().items()} | {"unit": unit}

    def __str__(self) -> str:
        return _FORMS[self.kind][0].format(**self._parts())

    def describe(self, unit: str = "") -> str:
        """Short Chinese description, e.g. `≥95%` with unit="%", `不低于基线提高10%后的值`."""
        return _FORMS[self.kind][1].format(**self._parts(unit))

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready dict; numbers are strings so that no precision is lost."""
        numbers = {k: None if v is None else str(v) for k, v in self._numbers().items()}
        return {"kind": self.kind, **numbers, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        num = {k: None if data.get(k) is None else Decimal(str(data[k])) for k in ("low", "high", "percent")}
        return cls(kind=data["kind"], text=data.get("text", ""), **num)


def _bound_rule(kind: str, number: Decimal, text: str) -> Rule:
    if kind in ("at_least", "more_than"):
        return Rule(kind, low=number, text=text)
    if kind in ("at_most", "less_than"):
        return Rule(kind, high=number, text=text)
    return Rule("maintain", low=number, high=number, text=text)


def _subject_ok(subject: str) -> bool:
    return not subject or not (_BAD_SUBJECT.search(subject) or subject.endswith(_BAD_SUBJECT_END))


def parse_target(text: str, baseline: str | None = None, *, direction: str | None = None) -> Rule | None:
    """Read a target wording; None when it cannot be read with certainty.

    `baseline` is used only by wordings like `保持现有水平`. `direction` ("higher"/"lower") is needed for a bare
    number. Province wordings (`省下达指标`, `达到省定目标`, `不高于全省平均水平`) give kind `province`.
    """
    t = normalize(text or "").rstrip("。;,")
    t = _DEADLINE.sub("", t, count=1) if _DEADLINE.match(t) else t
    if (m := _PROVINCE.fullmatch(t)) and _subject_ok(m["subject"]):
        return Rule("province", text=text)
    if m := _PRESENT.fullmatch(t):
        base = parse_value(baseline)
        if base is None or base.exact is None:
            return None
        kind = {"不低于": "at_least", "不高于": "at_most"}.get(m["op"], "maintain")
        return _bound_rule(kind, base.exact, text)
    m = _TARGET.fullmatch(t)
    if m is None or not _subject_ok(m["subject"]):
        return None
    op, suffix, a = m["op"], m["suffix"], to_decimal(m["a"])
    if m["b"] is not None:
        b = to_decimal(m["b"])
        if op not in (None, *_HOLD) or suffix not in (None, "之间") or m["ua"] not in (None, m["ub"]) or a >= b:
            return None
        return Rule("range", low=a, high=b, text=text)
    if m["subject"] and op is None and suffix is None:
        return None  # a bare number after other words: too loose to read
    if op in _SYMBOL:
        kind = _SYMBOL[op] if suffix is None else None
    elif op in _RELATIVE:
        if m["ua"] != "%" or suffix not in (None, "以上"):
            return None
        return Rule(_RELATIVE[op], percent=a, text=text)
    elif op in _REACH:
        kind = "at_least" if suffix in (None, "以上") else None
    elif op in _HOLD:
        kind = "maintain" if suffix is None and op != "控制在" else _SUFFIX.get(suffix or "")
    elif suffix is not None:
        kind = _SUFFIX.get(suffix)
    else:
        kind = {"higher": "at_least", "lower": "at_most"}.get(direction or "")
    return None if kind is None else _bound_rule(kind, a, text)


def direction_of(target_text: str | None, baseline_text: str | None, rule: Rule | None) -> str:
    """ "higher", "lower", "maintain" or "unknown" (no rule, province rule, or a range the baseline cannot place)."""
    if rule is None or rule.kind == "province":
        return "unknown"
    base = parse_value(baseline_text)
    b = base.exact if base is not None else None
    if rule.kind == "maintain" or _MAINTAIN_WORDS.search(normalize(target_text or "")):
        return "maintain"
    if rule.kind == "range":
        if b is None:
            return "unknown"
        return "higher" if b < rule.low else "lower" if b > rule.high else "maintain"
    if b is not None and b in (rule.low, rule.high):
        return "maintain"
    return "higher" if rule.kind in ("at_least", "more_than", "relative_increase") else "lower"


def _bounds(rule: Rule) -> Bounds:
    return (rule.low, rule.kind != "more_than", rule.high, rule.kind != "less_than")


def _resolve(rule: Rule, base: Decimal | None, province_target, direction: str | None) -> Rule | None:
    """The absolute rule to judge against, or None while it is 待定."""
    if rule.kind in ("relative_decrease", "relative_increase"):
        if base is None:
            return None
        sign = -1 if rule.kind == "relative_decrease" else 1
        bound = base * (1 + sign * rule.percent / 100)
        return _bound_rule("at_most" if sign < 0 else "at_least", bound, rule.text)
    if rule.kind != "province":
        return rule
    if province_target is None:
        return None
    match = re.search("|".join(_WORDED), normalize(rule.text))
    worded = _WORDED[match[0]] if match else None
    if direction and worded and direction != worded:
        raise InvalidTarget(f"指标方向与目标表述“{rule.text}”不一致")
    direction = direction or worded
    if isinstance(province_target, Decimal | int) and not isinstance(province_target, bool):
        province_target = str(province_target)
    figure = (
        province_target if isinstance(province_target, Rule) else parse_target(province_target, direction=direction)
    )
    if figure is None or figure.kind == "province":
        raise InvalidTarget(f"无法识别省下达目标“{province_target}”（纯数字须注明指标方向）")
    return _resolve(figure, base, None, direction)


def _lenient(baseline):
    """A baseline as a Value; text that is not a number (`-`, `66.96(2019年)`) counts as no baseline."""
    return parse_value(baseline) if isinstance(baseline, str) else as_value(baseline)


def attainment(
    rule: Rule | None,
    value,
    *,
    baseline=None,
    province_target=None,
    tolerance=Decimal("0"),
    path=None,
    direction: str | None = None,
) -> str:
    """ "已达标", "未达标", "接近", "待定" or "无数据" for `value` (a Value, Decimal, int or text) against `rule`.

    * `baseline`: needed by relative rules (defaults to the baseline value in `path`); unreadable text is no baseline.
    * `province_target`: the province's figure for the year (Rule, target text or number) for a province rule.
      A bare number needs `direction` (or a wording like 不高于全省平均水平); unreadable input raises InvalidTarget.
    * `tolerance`: relative fraction of the target bound (0.05 = 5%); a value inside it but short of it is 接近.
    * `path=(baseline_year, baseline_value, target_year, year)`: for years before the target year, judge against
      the straight line from the baseline to the target (never stricter than the target itself).
    * A qualified value is an interval: `<0.011` meets `≤0.02`, fails `>0.02`, and is 待定 against `<0.01`.
    """
    v = as_value(value)
    if v is None:
        return "无数据"
    if rule is None:
        return "待定"
    tolerance = Decimal(str(tolerance))
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    path_base = _lenient(path[1]) if path is not None else None
    base_value = _lenient(baseline) if baseline is not None else path_base
    absolute = _resolve(rule, base_value.exact if base_value else None, province_target, direction)
    if absolute is None:
        return "待定"
    bounds = _bounds(absolute)
    if path is not None:
        base_year, _, target_year, year = path
        if target_year <= base_year or year < base_year:
            raise ValueError("path needs baseline_year <= year and baseline_year < target_year")
        if year < target_year:
            if path_base is None or path_base.exact is None:  # no line: only a value meeting the target is sure
                status = judge(v.interval(), bounds, tolerance)
                return status if status == "已达标" else "待定"
            bounds = on_path(bounds, path_base.exact, Decimal(year - base_year) / Decimal(target_year - base_year))
    return judge(v.interval(), bounds, tolerance)


def trend(previous, current, direction: str | None) -> str | None:
    """ "进步", "退步" or "持平" from `previous` to `current`; None when the direction is unknown, a value is
    missing, or qualified values overlap (`<0.011` then `<0.01`). Equal values, or the same qualified value, are 持平.
    For direction "maintain" any change gives None (the rule, not the trend, tells whether the level is held)."""
    p, c = as_value(previous), as_value(current)
    if p is None or c is None or direction not in ("higher", "lower", "maintain"):
        return None
    if (p.number, p.qualifier) == (c.number, c.qualifier) or p.exact is not None and p.exact == c.exact:
        return "持平"
    if direction == "maintain":
        return None
    order = compare(p, c)
    return None if order is None else "进步" if (order > 0) == (direction == "higher") else "退步"
