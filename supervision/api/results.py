"""Published assessment results and 督办通知单 through the API."""

from __future__ import annotations

from sqlalchemy import select

from supervision.api.models import ApiToken
from supervision.api.queries import page
from supervision.assessment.output.export import results_data
from supervision.assessment.scoring.services import round_for
from supervision.errors import NotFound
from supervision.reminders.models import SupervisionNotice


def assessment_results(year: int) -> dict:
    """The year's results as `flask assessment export` gives them, once the round is published (or final)."""
    round_ = round_for(year)
    if round_ is None or not round_.published:
        raise NotFound(f"{year}年度考核结果尚未发布。")  # a draft round is not even said to exist
    data = results_data(round_)
    data.update(published_at=round_.published_at, updated_at=round_.updated_at)
    return data


def notices(token: ApiToken, args: dict) -> dict:
    """The notices of the token's departments (every notice for a token without departments)."""
    statement = select(SupervisionNotice)
    if token.department_ids:
        statement = statement.where(SupervisionNotice.department_id.in_(token.department_ids))
    if args.get("year"):
        statement = statement.where(SupervisionNotice.year == args["year"])
    if args.get("updated_since") is not None:
        statement = statement.where(SupervisionNotice.created_at > args["updated_since"])
    return page(statement.order_by(SupervisionNotice.year, SupervisionNotice.number, SupervisionNotice.id), args)
