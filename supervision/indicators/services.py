"""The office's settings of an indicator (owners, rule, tolerance, path, due dates, province figures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db
from supervision.indicators.models import Indicator, IndicatorYear
from supervision.indicators.rules import direction_of, parse_target


def require_office(actor) -> None:
    if actor is not None and not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以进行此操作。")


def _event(action: str, indicator: Indicator, actor, before: dict | None, after: dict | None) -> None:
    record_event(action, object_type="indicator", object_id=indicator.id, before=before, after=after, user=actor)
    db.session.flush()


def assign_owner(indicator: Indicator, owner_id: int | None, contributor_ids: list[int], *, actor) -> None:
    """The office names the responsible department of an indicator and optional contributing ones (audited)."""
    require_office(actor)
    if not owner_id:
        raise DomainError("请选择责任部门。")
    if owner_id in contributor_ids:
        raise DomainError("同一部门不能既是责任部门又是配合部门。")
    ids = {owner_id, *contributor_ids}
    departments = {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(ids)))}
    if set(departments) != ids:
        raise DomainError("所选部门不存在或已被删除，请刷新页面后重试。")
    before = _owners(indicator)
    indicator.owner = departments[owner_id]
    indicator.contributors = [departments[i] for i in sorted(set(contributor_ids))]
    _event("indicator.assign", indicator, actor, before, _owners(indicator))


def _owners(indicator: Indicator) -> dict:
    return {
        "owner": indicator.owner.name if indicator.owner else None,
        "contributors": [d.name for d in indicator.contributors],
    }


def set_rule(indicator: Indicator, wording: str, *, actor) -> None:
    """The office writes the rule of a flagged wording by hand (for example `≤5`); the document's text is kept."""
    require_office(actor)
    wording = (wording or "").strip()
    rule = parse_target(wording, indicator.baseline, direction=indicator.better) if wording else None
    if rule is None:
        raise DomainError("无法识别该目标规则，请写成 ≥x、≤x、x以上、x～y、下降x% 等形式（纯数字须已设定指标方向）。")
    before = {"rule": indicator.rule, "direction": indicator.direction}
    indicator.rule = rule.to_dict()
    indicator.direction = direction_of(wording, indicator.baseline, rule)
    _event("indicator.rule", indicator, actor, before, {"rule": indicator.rule, "direction": indicator.direction})


def set_judging(indicator: Indicator, tolerance: str, use_path: bool, *, actor) -> None:
    """The office's tolerance (a percentage of the target, for 接近) and whether a straight path is judged."""
    require_office(actor)
    try:
        percent = Decimal((tolerance or "0").strip().rstrip("%") or "0")
    except InvalidOperation:
        raise DomainError("容差应为 0 到 50 之间的百分数。") from None
    if not 0 <= percent <= 50:
        raise DomainError("容差应为 0 到 50 之间的百分数。")
    before = {"tolerance": indicator.tolerance, "use_path": indicator.use_path}
    indicator.tolerance, indicator.use_path = format((percent / 100).normalize(), "f"), bool(use_path)
    _event("indicator.judging", indicator, actor, before, {"tolerance": indicator.tolerance, "use_path": use_path})


def indicator_year(indicator: Indicator, year: int) -> IndicatorYear:
    row = db.session.scalar(
        select(IndicatorYear).where(IndicatorYear.indicator_id == indicator.id, IndicatorYear.year == year)
    )
    if row is None:
        row = IndicatorYear(indicator_id=indicator.id, year=year)
        db.session.add(row)
    return row


def set_year(indicator: Indicator, year: int, due_date: date | None, province_target: str | None, *, actor) -> None:
    """The due date of the year's value and, for 省下达 wordings, the province's figure for the year."""
    require_office(actor)
    if not indicator.baseline_year < year <= indicator.target_year:
        raise DomainError(f"年份应在 {indicator.baseline_year + 1} 到 {indicator.target_year} 之间。")
    province_target = (province_target or "").strip() or None
    if province_target and parse_target(province_target, direction=indicator.better) is None:
        raise DomainError(f"无法识别省下达目标“{province_target}”，请写成 ≥x、≤x 或数字。")
    row = indicator_year(indicator, year)
    before = {"due_date": row.due_date, "province_target": row.province_target} if row.id else None
    row.due_date, row.province_target = due_date, province_target
    after = {"year": year, "due_date": due_date, "province_target": province_target}
    _event("indicator.year", indicator, actor, before, after)
