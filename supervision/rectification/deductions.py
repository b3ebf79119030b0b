"""The facts behind the scheme's deduction line `overdue_rectification`, given to the assessment by a hook."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.extensions import db
from supervision.rectification.models import Rectification
from supervision.rectification.queries import is_overdue, standing_answer

ITEM = "overdue_rectification"


def overdue_rectification_facts(year: int, as_of: date, facts: list[dict]) -> None:
    """One fact per item whose deadline falls in `year` and that was not answered by it (as of `as_of`)."""
    items = db.session.scalars(
        select(Rectification)
        .where(Rectification.deadline >= date(year, 1, 1), Rectification.deadline <= min(as_of, date(year, 12, 31)))
        .order_by(Rectification.id)
    )
    for item in items:
        if item.steps[0].day > as_of or not is_overdue(item, as_of):
            continue
        answered = standing_answer(item, as_of)
        how = f"{answered.isoformat()} 才报送整改情况" if answered else "逾期未报送整改情况"
        facts.append(
            {
                "item": ITEM,
                "department_id": item.department_id,
                "count": 1,
                "reason": f"{item.code}（整改期限 {item.deadline.isoformat()}）{how}",
                "ref": item.id,
            }
        )
