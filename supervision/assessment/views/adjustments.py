"""The office's bonus, deduction and grade-cap lines (加分、扣分与等次限制)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.forms import AdjustmentForm, ReasonForm
from supervision.assessment.models import Adjustment
from supervision.assessment.scoring.inputs import adjustment_lines
from supervision.assessment.scoring.manual import add_adjustment, remove_adjustment
from supervision.assessment.scoring.scope import assessed_departments, department_by_id
from supervision.assessment.scoring.services import current_config, round_for
from supervision.assessment.views import bp
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.permissions import require_role


def _item_choices(config: dict) -> list[tuple[str, str]]:
    sections = [
        ("bonus", "加分", config["bonus"]["items"]),
        ("deduction", "扣分", config["deductions"]["items"]),
        ("grade_cap", "等次限制", config["grades"]["caps"]),
    ]
    return [
        (f"{kind}:{key}", f"{label}·{item['label']}")
        for kind, label, items in sections
        for key, item in items.items()
        if item["manual"]
    ]


@bp.route("/<int:year>/adjustments", methods=["GET", "POST"])
@require_role("office")
def adjustments(year: int):
    config = current_config(year)
    form = AdjustmentForm()
    form.department_id.choices = [(d.id, d.name) for d in assessed_departments(config["kinds"])]
    form.item.choices = _item_choices(config)
    levels = {k: v for item in config["bonus"]["items"].values() for k, v in item.get("levels", {}).items()}
    form.level.choices = [("", "（不分级别）")] + list(levels.items())
    if form.validate_on_submit():
        kind, _, item = form.item.data.partition(":")

        def add():
            department = department_by_id(form.department_id.data)
            if department is None:
                raise DomainError("请选择单位。")
            return add_adjustment(
                year,
                department,
                kind,
                item,
                level=form.level.data or None,
                count=form.count.data,
                reason=form.reason.data,
                document=form.document.data,
                actor=current_user,
                change_reason=form.change_reason.data,
            )

        attempt(add, "已添加。")
        return redirect(url_for(".adjustments", year=year), code=303)
    lines = adjustment_lines(year)
    return render_template(
        "assessment/adjustments.html",
        year=year,
        form=form,
        lines=lines,
        config=config,
        round=round_for(year),
        reason_form=ReasonForm(),
        labels=dict(_item_choices(config)),
    )


@bp.route("/<int:year>/adjustments/<int:line_id>/delete", methods=["POST"])
@require_role("office")
def adjustment_delete(year: int, line_id: int):
    line = db.get_or_404(Adjustment, line_id)
    attempt(lambda: remove_adjustment(line, actor=current_user, change_reason=request.form.get("reason")), "已删除。")
    return redirect(url_for(".adjustments", year=year), code=303)
