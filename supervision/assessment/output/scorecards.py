"""The plain data a scorecard or the summary is rendered from (no model objects, so workers can render it)."""

from __future__ import annotations

import re

from sqlalchemy import select

from supervision.assessment.models import Assessment, AssessmentRound
from supervision.assessment.output.districts import ranking_heading
from supervision.assessment.scheme.constants import KIND_LABELS, ROLE_LABELS
from supervision.assessment.scoring.timeline import local_day
from supervision.extensions import db
from supervision.hooks import hooks_for

SCORECARD_LINES = "assessment.scorecard_lines"  # hooks (assessment) -> list of 复核 lines the scorecard shows


def _cn(day: str | None) -> str:
    if not day:
        return ""
    year, month, dom = day.split("-")
    return f"{int(year)}年{int(month)}月{int(dom)}日"


def _round_fields(round_: AssessmentRound) -> dict:
    scheme = round_.inputs["scheme"]
    return {
        "year": round_.year,
        "title": scheme["title"],
        "status": round_.status,
        "status_label": round_.status_label,
        "as_of": _cn(round_.as_of.isoformat()),
        "computed_on": _cn(local_day(round_.computed_at)),
        "published_on": _cn(local_day(round_.published_at)),
        "revision": round_.revision,
        "inputs_sha256": round_.inputs_sha256,
        "base": scheme["base"],
        "thresholds": scheme["grades"]["thresholds"],
    }


def _lines(section: dict | None) -> dict:
    if not section:
        return {"lines": [], "total": 0, "raw": 0, "cap": 0}
    return {
        "lines": [
            {"label": line["label"], "points": line["points"], "reason": line["reason"]} for line in section["lines"]
        ],
        "total": section["total"],
        "raw": section["raw"],
        "cap": section["cap"],
    }


def rank_text(rank: int | None, tied: bool | None) -> str:
    """第3名, 并列第3名 (same rank as another unit), or 不参评 (no rank)."""
    if rank is None:
        return "不参评"
    return f"{'并列' if tied else ''}第{rank}名"


def _indicator_items(detail: dict) -> list[dict]:
    """The indicator component's lines computed from the register (with an office override and its reason)."""
    component = next((c for c in detail["components"] if c["key"] == "indicators"), None)
    items = (component or {}).get("items") or []
    return [
        {
            "indicator": i["indicator"],
            "target": i["target"],
            "actual": i["actual"],
            "attainment": i["attainment"],
            "computed": i["computed"],
            "override": i["override"],
            "value": i["value"],
        }
        for i in items
        if "attainment" in i  # results frozen before computed attainment have none
    ]


def scorecard_context(assessment: Assessment, round_: AssessmentRound) -> dict:
    """Everything one department's scorecard shows."""
    detail = assessment.detail
    return {
        **_round_fields(round_),
        "department": assessment.department.name,
        "kind_label": KIND_LABELS.get(assessment.kind, assessment.kind),
        "rated": assessment.rated,
        "total": assessment.total,
        "subtotal": detail.get("subtotal"),
        "rank": assessment.rank,
        "rank_text": rank_text(assessment.rank, detail.get("tied")),
        "rank_of": assessment.rank_of,
        "grade": assessment.grade,
        "grade_by_score": detail.get("grade_by_score"),
        "grade_notes": detail.get("grade_notes", []),
        "caps": [{"label": c["label"], "reason": c["reason"]} for c in detail.get("caps", [])],
        "components": [
            {
                "label": c["label"],
                "weight": c["weight"],
                "effective_weight": c["effective_weight"],
                "score": c["score"],
                "applicable": c["applicable"],
                "basis": c["basis"],
                "measure": c["measure"],
            }
            for c in detail["components"]
        ],
        "indicators": _indicator_items(detail),
        "bonus": _lines(detail.get("bonus")),
        "deductions": _lines(detail.get("deductions")),
        "tasks": [dict(t, role_label=ROLE_LABELS[t["role"]]) for t in detail["tasks"]],
        "reviews": [line for hook in hooks_for(SCORECARD_LINES) for line in hook(assessment)],
    }


def assessments_of(year: int) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment).where(Assessment.year == year).order_by(Assessment.kind, Assessment.rank, Assessment.id)
        )
    )


def summary_context(round_: AssessmentRound, assessments: list[Assessment]) -> dict:
    """The ranking of every assessed department, grouped by kind."""
    scheme = round_.inputs["scheme"]
    groups = []
    for kind in scheme["kinds"]:
        rated = [a for a in assessments if a.kind == kind and a.rated]
        rows = [
            {
                "rank": a.rank,
                "rank_text": rank_text(a.rank, a.detail.get("tied")),
                "name": a.department.name,
                "scores": [c["score"] for c in a.detail["components"]],
                "bonus": a.detail["bonus"]["total"],
                "deductions": a.detail["deductions"]["total"],
                "total": a.total,
                "grade": a.grade,
            }
            for a in sorted(rated, key=lambda a: (a.rank, a.department.name))
        ]
        counts = {g: sum(1 for r in rows if r["grade"] == g) for g in ("优秀", "良好", "合格", "不合格")}
        groups.append({"kind_label": ranking_heading(kind), "rows": rows, "counts": counts})  # ranked apart
    return {
        **_round_fields(round_),
        "component_labels": [c["label"] for c in scheme["components"].values()],
        "groups": groups,
        "unrated": [a.department.name for a in assessments if not a.rated],
        "unrated_groups": [
            {"kind_label": KIND_LABELS.get(kind, kind), "names": names}
            for kind in scheme["kinds"]
            if (names := [a.department.name for a in assessments if a.kind == kind and not a.rated])
        ],
    }


def card_filename(department_name: str) -> str:
    """The department's name as a file name (no path separators or control characters)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", department_name).strip(". ") + ".pdf"
