"""复核: filing an objection inside the window, the office's 维持 or 调整, and 终审 once the window closed."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.appeals.models import Appeal, AppealFile
from supervision.assessment.models import AssessmentRound
from supervision.assessment.publishing.services import finalize_year, objection_deadline
from supervision.assessment.scoring.manual import add_adjustment
from supervision.assessment.scoring.services import assessment_for, round_for
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError, NotFound, PermissionDenied
from supervision.evidence.attached import file_fields, store_files
from supervision.extensions import db
from supervision.hooks import run_hooks
from supervision.validation import InvalidInput, check_text

DECIDED_HOOK = "appeals.decided"  # hooks called with (appeal) after 维持 or 调整, in its transaction
MAX_FILES = 5
SECTIONS = {"bonus": "加分", "deductions": "扣分"}


def may_read(user, appeal: Appeal) -> bool:
    """The office and leaders read every appeal; a department only its own."""
    if user.has_role("office", "leader"):
        return True
    return user.has_role("liaison", "dept_head") and user.department_id == appeal.department_id


def get_appeal_for(user, appeal_id: int) -> Appeal:
    appeal = db.session.get(Appeal, appeal_id)
    if appeal is None or not may_read(user, appeal):
        raise NotFound("复核申请不存在。")
    return appeal


def appeals_for(user, year: int) -> list[Appeal]:
    query = select(Appeal).where(Appeal.year == year).order_by(Appeal.id)
    if not user.has_role("office", "leader"):
        query = query.where(Appeal.department_id == user.department_id)
    return list(db.session.scalars(query))


def targets_of(year: int, department_id: int) -> list[tuple[str, str]]:
    """What a department may object to: each component of its result and each bonus or deduction line."""
    assessment = assessment_for(year, department_id)
    if assessment is None or not assessment.rated:
        return []
    detail = assessment.detail
    found = [(f"component:{c['key']}", f"{c['label']}（得分 {c['score']}）") for c in detail["components"]]
    for section, word in SECTIONS.items():
        for i, line in enumerate((detail.get(section) or {}).get("lines", [])):
            found.append((f"{section}:{i}", f"{word}：{line['label']} {line['points']} 分（{line['reason']}）"[:300]))
    return found


def window_open(round_: AssessmentRound | None, today: date) -> bool:
    deadline = objection_deadline(round_) if round_ is not None else None
    return deadline is not None and not round_.final and today <= deadline


def file_appeal(
    year: int, department: Department, target: str, text: str, files: list[tuple[BinaryIO, str]], *, today: date, actor
) -> Appeal:
    """A department's liaison or head objects to its published result, with text and evidence files."""
    if not (actor.has_role("liaison", "dept_head") and actor.department_id == department.id):
        raise PermissionDenied("只有本单位的联络员或负责人可以申请复核。")
    round_ = round_for(year)
    if round_ is None or not round_.published:
        raise DomainError("考核结果尚未发布，不能申请复核。")
    deadline = objection_deadline(round_)
    if round_.final or not window_open(round_, today):
        raise DomainError(f"复核申请期限已于 {deadline.isoformat()} 截止，考核结果已终审，不能再申请复核。")
    labels = dict(targets_of(year, department.id))
    if target not in labels:
        raise InvalidInput("请选择要申请复核的评分项目。")
    text = check_text(text, Appeal.text, label="复核理由", multiline=True).strip()
    if not text:
        raise InvalidInput("请填写申请复核的理由。")
    stored = store_files(files, MAX_FILES)
    appeal = Appeal(
        year=year, department_id=department.id, target=target, target_label=labels[target], text=text,
        filed_by_id=actor.id,
    )  # fmt: skip
    for one in stored:
        appeal.files.append(AppealFile(**file_fields(one, actor)))
    db.session.add(appeal)
    db.session.flush()
    record_event(
        "appeal.file",
        object_type="appeal",
        object_id=appeal.id,
        user=actor,
        after={"department": department.name, "target": appeal.target_label, "files": [f.filename for f in stored]},
    )
    return appeal


def decide_appeal(appeal: Appeal, outcome: str, reply: str, adjustment: dict | None = None, *, actor) -> Appeal:
    """The office answers 维持 (nothing changes) or 调整 (a bonus or deduction line, then the year is rescored)."""
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以答复复核申请。")
    if outcome not in ("upheld", "adjusted"):
        raise InvalidInput("请选择复核结论（维持或调整）。")
    if appeal.state != "open":
        raise DomainError("该复核申请已答复。")
    round_ = round_for(appeal.year)
    if round_ is None or round_.final:
        raise DomainError("考核结果已终审，不能再调整。")
    reply = check_text(reply, Appeal.reply, label="复核理由", multiline=True).strip()
    if not reply:
        raise InvalidInput("答复复核申请必须填写理由。")
    before = assessment_for(appeal.year, appeal.department_id)
    appeal.total_before, appeal.rank_before = before.total, before.rank
    if outcome == "adjusted":
        if not adjustment:
            raise InvalidInput("调整时请选择加分或扣分事项。")
        line = add_adjustment(
            appeal.year,
            appeal.department,
            adjustment["kind"],
            adjustment["item"],
            level=adjustment.get("level") or None,
            count=adjustment.get("count") or 1,
            reason=f"{appeal.code}调整：{reply}",
            document=appeal.code,
            actor=actor,
            change_reason=f"{appeal.code}（{appeal.target_label}）调整：{reply}"[:500],
        )
        appeal.adjustment_id = line.id
    after = assessment_for(appeal.year, appeal.department_id)
    appeal.total_after, appeal.rank_after = after.total, after.rank
    appeal.state, appeal.reply = outcome, reply
    appeal.decided_by_id, appeal.decided_at = actor.id, utcnow()
    db.session.flush()
    record_event(
        f"appeal.{outcome}",
        object_type="appeal",
        object_id=appeal.id,
        user=actor,
        before={"total": appeal.total_before, "rank": appeal.rank_before},
        after={"total": appeal.total_after, "rank": appeal.rank_after, "target": appeal.target_label},
        detail=reply,
    )
    run_hooks(DECIDED_HOOK, appeal)
    return appeal


def settle_year(year: int, today: date) -> bool:
    """终审 when the window and any 公示 are over and every appeal is answered; True when it happened now."""
    round_ = round_for(year)
    if round_ is None or not round_.published or round_.final or window_open(round_, today):
        return False
    if round_.publicity_to is not None and today <= round_.publicity_to:
        return False
    if db.session.scalar(select(Appeal.id).where(Appeal.year == year, Appeal.state == "open").limit(1)):
        return False
    finalize_year(round_, today)
    return True


def settle_all(today: date) -> int:
    years = db.session.scalars(select(AssessmentRound.year).where(AssessmentRound.status == "published")).all()
    return sum(settle_year(year, today) for year in years)


def file_for_download(user, file_id: int) -> AppealFile:
    """A file of an appeal `user` may read, with the download audited."""
    file = db.session.get(AppealFile, file_id)
    if file is None or not may_read(user, file.appeal):
        raise NotFound("文件不存在。")
    record_event("appeal.download", object_type="appeal", object_id=file.appeal_id, user=user)
    return file


def review_lines(assessment) -> list[dict]:
    """The decided appeals of a department's result, as the scorecard shows them (复核 result)."""
    rows = db.session.scalars(
        select(Appeal)
        .where(Appeal.year == assessment.year, Appeal.department_id == assessment.department_id)
        .where(Appeal.state != "open")
        .order_by(Appeal.id)
    )
    return [
        {
            "code": a.code,
            "target": a.target_label,
            "outcome": a.state_label,
            "reply": a.reply,
            "total_before": a.total_before,
            "total_after": a.total_after,
            "rank_before": a.rank_before,
            "rank_after": a.rank_after,
        }
        for a in rows
    ]
