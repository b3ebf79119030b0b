"""Entered indicator values: `parse_value` and the `Value` it returns.

A value is a number with an optional qualifier: `<0.011`, `≤5`, `>99`, `≥1`, `≈3` / `约3`. The percent sign and
the usual units are stripped, full-width characters are folded and spaces are dropped (a space between two digits
is kept, so `95 96` is not read as 9596).

Error convention: `parse_value` returns None for any text that is not a number. `as_value`, used by the
functions that take a value, raises `InvalidValue` (a `ValueError` with a Chinese message) instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Bounds",
    "compare",
    "judge",
    "on_path",
    "InvalidValue",
    "Value",
    "as_value",
    "disjoint",
    "inside",
    "normalize",
    "parse_value",
    "to_decimal",
]

NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
UNIT = r"%|‰|‱|1/10万|/10万|人/亿元|m2|平方米|万人|万套|万元|亿元|个|人|张|套|所|家|岁|元|名|床|天"
QUALIFIERS = ("", "<", "≤", ">", "≥", "≈")

_FOLD = {"≦": "≤", "≧": "≥", "−": "-", "〜": "~", "∽": "~"}
_VALUE = re.compile(rf"(?P<q><|≤|>|≥|≈|约)?(?P<sign>-)?(?P<n>{NUMBER})(?:{UNIT})?")


Bounds = tuple[Decimal | None, bool, Decimal | None, bool]  # low, low_closed, high, high_closed; None = infinite


def inside(v: Bounds, s: Bounds) -> bool:
    """Whether interval `v` lies wholly inside `s`."""
    lo_ok = s[0] is None or v[0] is not None and (v[0] > s[0] or v[0] == s[0] and (s[1] or not v[1]))
    hi_ok = s[2] is None or v[2] is not None and (v[2] < s[2] or v[2] == s[2] and (s[3] or not v[3]))
    return lo_ok and hi_ok


def disjoint(v: Bounds, s: Bounds) -> bool:
    """Whether intervals `v` and `s` have no point in common."""

    def below(x: Decimal | None, xc: bool, y: Decimal | None, yc: bool) -> bool:  # upper end x before lower end y
        return x is not None and y is not None and (x < y or x == y and not (xc and yc))

    return below(v[2], v[3], s[0], s[1]) or below(s[2], s[3], v[0], v[1])


def judge(v: Bounds, s: Bounds, tolerance: Decimal) -> str:
    """已达标 when `v` lies inside `s`, 接近 when inside `s` widened by `tolerance` (a fraction of each bound),
    未达标 when `v` and `s` are disjoint, otherwise 待定 (a qualified value that may or may not meet `s`)."""
    if inside(v, s):
        return "已达标"
    low = None if s[0] is None else s[0] - abs(s[0]) * tolerance
    high = None if s[2] is None else s[2] + abs(s[2]) * tolerance
    if tolerance > 0 and inside(v, (low, True, high, True)):
        return "接近"
    return "未达标" if disjoint(v, s) else "待定"


def on_path(s: Bounds, base: Decimal, fraction: Decimal) -> Bounds:
    """Bounds `s` moved onto the straight line from `base` (fraction 0) to `s` (fraction 1), never stricter than `s`."""
    low = None if s[0] is None else min(s[0], base + (s[0] - base) * fraction)
    high = None if s[2] is None else max(s[2], base + (s[2] - base) * fraction)
    return low, s[1], high, s[3]


def compare(a: Value, b: Value) -> int | None:
    """1 when `b` is surely above `a`, -1 when surely below, None when their intervals overlap."""
    ai, bi = a.interval(), b.interval()
    if not disjoint(ai, bi):
        return None
    return 1 if ai[2] is not None and bi[0] is not None and ai[2] <= bi[0] else -1


class InvalidValue(ValueError):
    """Raised by `as_value` for text that is not a number; the message is in Chinese."""


def normalize(text: str) -> str:
    """Fold full-width characters (NFKC), unify comparison signs and drop spaces not between two digits."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_FOLD.get(c, c) for c in text)
    text = text.replace(">=", "≥").replace("<=", "≤")
    return re.sub(r"(?<![0-9])\s+|\s+(?![0-9])", "", text.strip())


def to_decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


@dataclass(frozen=True)
class Value:
    """An entered value: `number` with `qualifier` in QUALIFIERS ("" when exact); `text` as entered."""

    number: Decimal
    qualifier: str = ""
    text: str = ""

    def __post_init__(self) -> None:
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}")
        if not isinstance(self.number, Decimal):
            raise TypeError("number must be a Decimal")

    @property
    def exact(self) -> Decimal | None:
        """The number when the value is a point (exact or `≈`), None for a bound like `<0.011`."""
        return self.number if self.qualifier in ("", "≈") else None

    def interval(self) -> Bounds:
        """(low, low_closed, high, high_closed); None is infinite. `≈3` counts as the point 3."""
        n, q = self.number, self.qualifier
        if q == "<":
            return None, False, n, False
        if q == "≤":
            return None, False, n, True
        if q == ">":
            return n, False, None, False
        if q == "≥":
            return n, True, None, False
        return n, True, n, True

    def __str__(self) -> str:
        return f"{self.qualifier}{self.number}"


def parse_value(text: str | None) -> Value | None:
    """Read an entered value; None when `text` is empty or not a number (`-`, `72.51、71.80`, `66.96(2019年)`)."""
    if text is None:
        return None
    match = _VALUE.fullmatch(normalize(str(text)))
    if match is None:
        return None
    qualifier = {"约": "≈", None: ""}.get(match["q"], match["q"])
    number = to_decimal(match["n"])
    return Value(-number if match["sign"] else number, qualifier, str(text))


def as_value(value: Value | Decimal | int | str | None) -> Value | None:
    """Coerce a value argument; None stays None, text that is not a number raises `InvalidValue`."""
    if value is None or isinstance(value, Value):
        return value
    if isinstance(value, bool | float):
        raise TypeError("use Decimal, int or str for values, not float or bool")
    if isinstance(value, Decimal | int):
        return Value(Decimal(value), "", str(value))
    parsed = parse_value(value)
    if parsed is None:
        raise InvalidValue(f"“{value}”不是有效的数值，请填写数字，可带 <、>、≤、≥、约 等限定词")
    return parsed
