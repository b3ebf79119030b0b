"""The year's results as data for `flask assessment export`: JSON, or an .xlsx with Chinese headers."""

from __future__ import annotations

import json

from supervision.assessment.models import Assessment, AssessmentRound
from supervision.assessment.output.scorecards import assessments_of, rank_text
from supervision.assessment.scheme.constants import KIND_LABELS
from supervision.spreadsheets import xlsx_bytes

XLSX_HEADERS = ["单位", "单位类型", "是否参评", "总分", "排名", "参评单位数", "等次"]


def _ordered(round_: AssessmentRound, assessments: list[Assessment]) -> list[Assessment]:
    """Kind by kind as the scheme lists them; ranked units by rank, then the 不参评 units by name."""
    kinds = list(round_.inputs["scheme"]["kinds"])
    return sorted(
        assessments,
        key=lambda a: (
            kinds.index(a.kind) if a.kind in kinds else len(kinds),
            not a.rated,
            a.rank if a.rated and a.rank is not None else 0,
            a.department.name,
        ),
    )


def results_data(round_: AssessmentRound) -> dict:
    """{"year", "status", "departments": [...]}; a 不参评 unit has participating false and no total, rank or grade."""
    rows = []
    for a in _ordered(round_, assessments_of(round_.year)):
        rows.append(
            {
                "name": a.department.name,
                "kind": a.kind,
                "participating": bool(a.rated),
                "total": a.total if a.rated else None,
                "rank": a.rank if a.rated else None,
                "grade": a.grade if a.rated else None,
                "_tied": bool(a.detail.get("tied")) if a.rated else False,
                "_rank_of": a.rank_of if a.rated else None,
            }
        )
    return {"year": round_.year, "status": round_.status, "departments": rows}


def results_json(round_: AssessmentRound) -> bytes:
    data = results_data(round_)
    for row in data["departments"]:
        del row["_tied"], row["_rank_of"]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def results_xlsx(round_: AssessmentRound) -> bytes:
    data = results_data(round_)
    rows = [
        [
            r["name"],
            KIND_LABELS.get(r["kind"], r["kind"]),
            "参评" if r["participating"] else "不参评",
            r["total"],
            rank_text(r["rank"], r["_tied"]),
            r["_rank_of"],
            r["grade"] or "—",
        ]
        for r in data["departments"]
    ]
    return xlsx_bytes(XLSX_HEADERS, rows, title=f"{round_.year}年度考核结果")
