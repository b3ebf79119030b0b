"""终审 is final: no computation, manual input, scheme change or publication touches a final round."""

from __future__ import annotations

from supervision.assessment.models import AssessmentRound
from supervision.errors import DomainError


def refuse_if_final(round_: AssessmentRound | None) -> None:
    """Raise a Chinese refusal when the year's results are final (终审)."""
    if round_ is not None and round_.final:
        raise DomainError(f"{round_.year} 年度考核结果已终审，不能再计算、调整或发布。")
