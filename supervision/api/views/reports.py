"""Reports: read what the token may see; a write token submits its lead department's report."""

from __future__ import annotations

from supervision.api import queries, writes
from supervision.api.auth import current_token, require_write
from supervision.api.schemas import ReportInput, ReportPage, ReportSchema, TaskArgs
from supervision.api.views import bp
from supervision.extensions import db


@bp.route("/reports")
@bp.etag
@bp.arguments(TaskArgs, location="query")
@bp.response(200, ReportPage)
def list_reports(args):
    """报告列表：已报送的报告，以及令牌所代表部门牵头任务的草稿"""
    return queries.reports(current_token(), args)


@bp.route("/reports/<int:report_id>")
@bp.etag
@bp.response(200, ReportSchema)
@bp.alt_response(404, description="报告不存在或无权查看")
def get_report(report_id: int):
    """单份报告"""
    return queries.report_or_404(current_token(), report_id)


@bp.route("/milestones/<int:milestone_id>/report", methods=["PUT"])
@bp.arguments(ReportInput)
@bp.response(200, ReportSchema)
@bp.alt_response(403, description="只读令牌，或令牌不代表该任务的牵头部门")
@bp.alt_response(409, description="版本不符：报告已被他人修改")
def put_report(data, milestone_id: int):
    """保存（并可报送）节点报告，规则与网页填报相同，须提交读取到的版本号"""
    report = writes.save_milestone_report(require_write(), queries.milestone_or_404(milestone_id), data)
    db.session.commit()
    return report
