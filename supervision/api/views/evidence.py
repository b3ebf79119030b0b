"""Evidence files: metadata under the web's read rule, and the file itself, streamed from the store."""

from __future__ import annotations

from supervision.api import files, queries
from supervision.api.auth import current_token
from supervision.api.schemas import EvidencePage, EvidenceSchema, TaskArgs
from supervision.api.views import bp
from supervision.db import write_lock
from supervision.evidence.attached import send_stored
from supervision.extensions import db


@bp.route("/evidence")
@bp.etag
@bp.arguments(TaskArgs, location="query")
@bp.response(200, EvidencePage)
def list_evidence(args):
    """佐证材料列表：全市令牌可见全部；部门令牌可见其牵头任务的材料和本部门上传的材料"""
    return queries.evidence(current_token(), args)


@bp.route("/evidence/<int:evidence_id>")
@bp.etag
@bp.response(200, EvidenceSchema)
@bp.alt_response(404, description="材料不存在或无权查看")
def get_evidence(evidence_id: int):
    """单份佐证材料的元数据"""
    return queries.evidence_or_404(current_token(), evidence_id)


@bp.route("/evidence/<int:evidence_id>/download")
@bp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="*/*",
    description="文件内容（按文件类型给出 Content-Type）",
)
@bp.alt_response(404, description="材料不存在、无权查看或文件缺失")
def download_evidence(evidence_id: int):
    """下载佐证材料文件（与网页下载同样记入审计日志）"""
    evidence = queries.evidence_or_404(current_token(), evidence_id)

    def open_source(mimetype: str):
        with write_lock(db.session):  # a GET that writes the audit log
            return files.open_evidence(current_token(), evidence, mimetype)

    return send_stored(open_source, filename=evidence.filename, kind=evidence.kind, size=evidence.size)
