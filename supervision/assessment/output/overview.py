"""The office's overview of a year's results: departments grouped by kind, and the warnings shown once."""

from __future__ import annotations

from supervision.assessment.models import Assessment, AssessmentRound
from supervision.assessment.output.districts import ranking_heading

# A department's warning about its lead tasks without a quality rating: the overview lists those tasks for the
# whole year instead (unrated_tasks), so it leaves these per-department warnings out.
QUALITY_WARNING_MARK = "质量等次"


def kind_groups(assessments: list[Assessment], round_: AssessmentRound | None) -> list[tuple[str, list[Assessment]]]:
    """(kind label, the kind's rated departments by rank) for each kind of the computed scheme."""
    kinds = round_.inputs["scheme"]["kinds"] if round_ else []
    return [
        (
            ranking_heading(kind),  # 市直部门 and 区、县（市） ranked apart
            sorted((a for a in assessments if a.kind == kind and a.rated), key=lambda a: (a.rank, a.department.name)),
        )
        for kind in kinds
    ]


def unrated_tasks(assessments: list[Assessment]) -> list[str]:
    """The lead tasks still without a quality rating, once each."""
    return sorted({t for a in assessments for t in a.detail.get("unrated_tasks", [])})


def overview_warnings(assessments: list[Assessment]) -> list[str]:
    """Every department's warnings once each, except the quality-rating ones (see QUALITY_WARNING_MARK)."""
    return sorted({w for a in assessments for w in a.detail.get("warnings", []) if QUALITY_WARNING_MARK not in w})


def component_labels(round_: AssessmentRound | None) -> list[str]:
    return [c["label"] for c in round_.inputs["scheme"]["components"].values()] if round_ else []
