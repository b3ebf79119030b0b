"""Marshmallow schemas of the API: query arguments and the resources it returns."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, fields, validate

from supervision.indicators.models import VALUE_STATUS_LABELS
from supervision.indicators.register import ATTAINMENTS
from supervision.milestones.lights import LIGHTS
from supervision.reports.models import TASK_STATUSES

# The request checks (supervision/validation.py) refuse control characters other than tab and line breaks.
READABLE = validate.Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]*$", error="含有不允许的控制字符。")


class UtcDateTime(fields.DateTime):
    """A stored moment with its zone: SQLite hands back UTC times without one."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ListArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000), metadata={"description": "页码"})
    per_page = fields.Integer(
        load_default=50, validate=validate.Range(min=1, max=200), metadata={"description": "每页条数"}
    )
    updated_since = fields.AwareDateTime(
        default_timezone=None, metadata={"description": "只返回此时刻之后更新的数据（ISO 8601，带时区）"}
    )


class TaskArgs(ListArgs):
    plan = fields.String(validate=[validate.Length(max=40), READABLE], metadata={"description": "规划代码"})
    department = fields.String(
        validate=[validate.Length(max=100), READABLE], metadata={"description": "部门名称或简称"}
    )
    year = fields.Integer(validate=validate.Range(min=2000, max=2100), metadata={"description": "年度"})


class IndicatorArgs(ListArgs):
    plan = fields.String(validate=[validate.Length(max=40), READABLE], metadata={"description": "规划代码"})
    department = fields.String(
        validate=[validate.Length(max=100), READABLE], metadata={"description": "责任部门名称或简称"}
    )


class NoticeArgs(ListArgs):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100), metadata={"description": "通知单年度"})


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class PlanSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title = fields.String(required=True)
    start_year = fields.Integer(required=True)
    end_year = fields.Integer(required=True)
    status = fields.String(required=True)
    updated_at = UtcDateTime(required=True, allow_none=True)


class TaskDepartmentSchema(Schema):
    id = fields.Integer(required=True, attribute="department_id")
    name = fields.String(required=True, attribute="department.name")
    role = fields.String(required=True, validate=validate.OneOf(["lead", "cooperating"]))


class TargetSchema(Schema):
    text = fields.String(required=True)


class TaskSchema(Schema):
    id = fields.Integer(required=True)
    plan_code = fields.String(required=True, attribute="plan.code")
    kind = fields.String(required=True)
    number = fields.Integer(required=True)
    category = fields.String(required=True)
    name = fields.String(required=True)
    content = fields.String(required=True)
    start_year = fields.Integer(required=True)
    end_year = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    departments = fields.List(fields.Nested(TaskDepartmentSchema), required=True)
    targets = fields.Pluck(TargetSchema, "text", many=True, required=True)
    updated_at = UtcDateTime(required=True, allow_none=True)


class MilestoneSchema(Schema):
    id = fields.Integer(required=True)
    task_id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    key = fields.String(required=True, allow_none=True)
    title = fields.String(required=True)
    due_date = fields.Date(required=True)
    light = fields.String(required=True, validate=validate.OneOf(LIGHTS))
    report_status = fields.String(required=True, allow_none=True, metadata={"description": "报告状态；无报告为 null"})
    updated_at = UtcDateTime(required=True, allow_none=True)


class ReportSchema(Schema):
    id = fields.Integer(required=True)
    milestone_id = fields.Integer(required=True)
    task_id = fields.Integer(required=True, attribute="milestone.task_id")
    status = fields.String(required=True)
    progress = fields.String(required=True)
    problems = fields.String(required=True)
    next_steps = fields.String(required=True)
    completion_percent = fields.Integer(required=True)
    task_status = fields.String(required=True)
    submitted_at = UtcDateTime(required=True, allow_none=True)
    approved_at = UtcDateTime(required=True, allow_none=True)
    version = fields.Integer(required=True, metadata={"description": "修改时须原样提交，用于并发检查"})
    updated_at = UtcDateTime(required=True, allow_none=True)


class ReportInput(Schema):
    version = fields.Integer(
        required=True,
        allow_none=True,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "读取到的报告版本；尚无报告时为 null"},
    )
    progress = fields.String(required=True, validate=[validate.Length(max=20000), READABLE])
    problems = fields.String(load_default="", validate=[validate.Length(max=20000), READABLE])
    next_steps = fields.String(load_default="", validate=[validate.Length(max=20000), READABLE])
    completion_percent = fields.Integer(required=True, validate=validate.Range(min=0, max=100))
    task_status = fields.String(required=True, validate=validate.OneOf(TASK_STATUSES))
    submit = fields.Boolean(load_default=False, metadata={"description": "为 true 时保存后立即报送"})


class EvidenceSchema(Schema):
    id = fields.Integer(required=True)
    milestone_id = fields.Integer(required=True)
    department = fields.String(required=True, attribute="department.name")
    filename = fields.String(required=True)
    sha256 = fields.String(required=True)
    size = fields.Integer(required=True)
    kind = fields.String(required=True)
    uploaded_at = UtcDateTime(required=True)
    verdict = fields.String(required=True, allow_none=True)


class IndicatorValueSchema(Schema):
    year = fields.Integer(required=True)
    value = fields.String(required=True, metadata={"description": "数值（按指标单位，保留 <、≥ 等限定符）"})
    status = fields.String(required=True, validate=validate.OneOf(list(VALUE_STATUS_LABELS)))
    attainment = fields.String(required=True, validate=validate.OneOf(ATTAINMENTS))
    updated_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "修改时须原样提交"})


class IndicatorSchema(Schema):
    id = fields.Integer(required=True)
    plan_code = fields.String(required=True)
    number = fields.Integer(required=True)
    category = fields.String(required=True)
    name = fields.String(required=True)
    unit = fields.String(required=True, allow_none=True)
    coverage = fields.String(required=True, allow_none=True)
    baseline_year = fields.Integer(required=True)
    baseline = fields.String(required=True, allow_none=True)
    target_year = fields.Integer(required=True)
    target = fields.String(required=True, allow_none=True)
    owner = fields.String(required=True, allow_none=True, metadata={"description": "责任部门；未分工为 null"})
    values = fields.List(fields.Nested(IndicatorValueSchema), required=True, metadata={"description": "年度数值"})
    updated_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "所列数值中最近的更新时间"})


class IndicatorValueInput(Schema):
    updated_at = fields.AwareDateTime(
        required=True,
        allow_none=True,
        default_timezone=None,
        metadata={"description": "读取到的该年数值的 updated_at；尚无数值时为 null"},
    )
    value = fields.String(required=True, validate=[validate.Length(max=100), READABLE])
    source = fields.String(load_default="", validate=[validate.Length(max=200), READABLE])
    basis_note = fields.String(load_default="", validate=[validate.Length(max=500), READABLE])
    submit = fields.Boolean(load_default=False, metadata={"description": "为 true 时保存后立即提交办公室审核"})


class AssessmentDepartmentSchema(Schema):
    name = fields.String(required=True)
    kind = fields.String(required=True)
    participating = fields.Boolean(required=True)
    total = fields.Float(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)
    grade = fields.String(required=True, allow_none=True)


class AssessmentResultSchema(Schema):
    year = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["published", "final"]))
    published_at = UtcDateTime(required=True, allow_none=True)
    updated_at = UtcDateTime(required=True, allow_none=True)
    departments = fields.List(fields.Nested(AssessmentDepartmentSchema), required=True)


class NoticeSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "文号，如 健康办督〔2026〕3号"})
    year = fields.Integer(required=True)
    number = fields.Integer(required=True)
    milestone_id = fields.Integer(required=True)
    task_id = fields.Integer(required=True, attribute="milestone.task_id")
    department = fields.String(required=True, attribute="department.name")
    role = fields.String(required=True, validate=validate.OneOf(["lead", "cooperating"]))
    due_date = fields.Date(required=True)
    overdue_days = fields.Integer(required=True)
    issued_on = fields.Date(required=True)
    updated_at = UtcDateTime(required=True, attribute="created_at")


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Nested(PageSchema, required=True),
        },
        name=name,
    )


PlanPage = page_of(PlanSchema, "PlanPage")
TaskPage = page_of(TaskSchema, "TaskPage")
MilestonePage = page_of(MilestoneSchema, "MilestonePage")
ReportPage = page_of(ReportSchema, "ReportPage")
EvidencePage = page_of(EvidenceSchema, "EvidencePage")
IndicatorPage = page_of(IndicatorSchema, "IndicatorPage")
NoticePage = page_of(NoticeSchema, "NoticePage")


class ErrorSchema(Schema):
    code = fields.String(required=True, metadata={"description": "错误代码，如 unauthorized、not_found、conflict"})
    message = fields.String(required=True, metadata={"description": "中文错误说明"})
    error = fields.String(required=True, metadata={"description": "同 message（与网页端 JSON 错误兼容）"})
    details = fields.Dict(metadata={"description": "参数校验错误的明细"})
