"""Districts ranked apart from municipal departments: the headings of the two ranked tables.

The ranking itself is per kind (scoring/ranking.py, the scheme's `kinds`); these are the headings the results
page and the summary PDF give each kind's table, as the assessment documents write them.
"""

from __future__ import annotations

from supervision.assessment.scheme.constants import KIND_LABELS

RANKING_HEADINGS = {"municipal": "市直部门", "district": "区、县（市）"}


def ranking_heading(kind: str) -> str:
    """The heading of a kind's ranked table (市直部门, 区、县（市）), else the kind's label."""
    return RANKING_HEADINGS.get(kind) or KIND_LABELS.get(kind, kind)
