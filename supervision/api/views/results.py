"""Published assessment results and 督办通知单."""

from __future__ import annotations

from supervision.api import results
from supervision.api.auth import current_token
from supervision.api.schemas import AssessmentResultSchema, NoticeArgs, NoticePage
from supervision.api.views import bp


@bp.route("/assessments/<int:year>")
@bp.etag
@bp.response(200, AssessmentResultSchema)
@bp.alt_response(404, description="该年度考核结果不存在或尚未发布")
def get_assessment(year: int):
    """已发布（或终审）的年度考核结果：各单位类型、是否参评、总分、排名、等次"""
    return results.assessment_results(year)


@bp.route("/notices")
@bp.etag
@bp.arguments(NoticeArgs, location="query")
@bp.response(200, NoticePage)
def list_notices(args):
    """督办通知单列表：部门令牌为本部门的通知单，全市令牌为全部"""
    return results.notices(current_token(), args)
