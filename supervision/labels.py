"""Chinese display names of stored codes: the fields and values of audited objects, states, roles and kinds.

Shared (imports no domain), so that the audit log, a milestone's history and any page can show a change in
words. Where a domain keeps its own map for its pages, tests/test_chinese_everywhere.py checks that both agree.
"""

from __future__ import annotations

from typing import Any, NamedTuple

FIELD_LABELS = {
    "status": "状态",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下一步计划",
    "completion_percent": "完成进度（%）",
    "task_status": "任务总体状态",
    "targets": "量化目标",
    "included_contributions": "纳入的配合情况",
    "included_in_report": "纳入报送",
    "text": "内容",
    "content": "任务内容",
    "comment": "意见",
    "outcome": "结果",
    "stage": "审核环节",
    "verdict": "认定",
    "reason": "理由",
    "filename": "文件名",
    "size": "大小（字节）",
    "kind": "类型",
    "sha256": "内容哈希",
    "title": "名称",
    "due_date": "截止日期",
    "year": "年度",
    "key": "节点代码",
    "name": "名称",
    "username": "用户名",
    "display_name": "姓名",
    "department": "部门",
    "department_id": "部门",
    "departments": "部门",
    "roles": "角色",
    "role": "角色",
    "email": "邮箱",
    "phone": "手机",
    "active": "启用",
    "is_active": "启用",
    "lead": "牵头部门",
    "cooperating": "配合部门",
    "count": "数量",
    "created": "新增",
    "updated": "更新",
    "plans": "规划",
    "tasks": "任务",
    "milestones": "节点",
    "total": "总分",
    "rank": "名次",
    "grade": "等次",
    "attempts": "发送次数",
    "channel": "渠道",
    "address": "地址",
    "subject": "标题",
    "number": "编号",
    "date": "日期",
    "day": "日期",
    "working": "是否工作日",
    "note": "说明",
    "requires_head_approval": "需部门负责人审核",
    "before_days": "提前提醒天数",
    "on_due_day": "到期当日提醒",
    "overdue_every": "逾期后每隔几个工作日提醒",
    "escalate_after": "逾期几个工作日后升级督办",
    "daily_digest": "每日汇总",
    "weekly_digest": "每周汇总",
    "filters": "筛选条件",
    "format": "格式",
    "rows": "行数",
    "q": "关键词",
    "action": "操作",
    "user": "用户名",
    "result": "结果",
    "category": "类别",
    "date_from": "开始日期",
    "date_to": "结束日期",
    "business_only": "仅业务事件",
}

REPORT_STATUS = {
    "draft": "草稿",
    "submitted": "待部门负责人审核",
    "pending_review": "待办公室审核",
    "approved": "已通过",
    "returned": "已退回",
}
CONTRIBUTION_STATUS = {"draft": "草稿", "submitted": "已提交", "returned": "已退回"}
TASK_STATUS = {"open": "推进中", "completed": "已办结", "suspended": "中止", "carried_over": "转入新规划"}
PLAN_STATUS = {"running": "执行中", "evaluating": "收尾评估", "closed": "已结束"}
OUTBOX_STATUS = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"}
INDICATOR_VALUE_STATUS = {"draft": "草稿", "submitted": "待审核", "approved": "已通过", "returned": "已退回"}
ROLES = {
    "office": "领导小组办公室",
    "liaison": "部门联络员",
    "dept_head": "部门负责人",
    "leader": "领导",
    "sysadmin": "系统管理员",
    "secadmin": "安全管理员",
    "auditor": "审计员",
    "district_office": "区健康办",
}
TASK_ROLES = {"lead": "牵头", "cooperating": "配合"}
DEPARTMENT_KINDS = {
    "municipal": "市级部门",
    "district": "区、县(市)",
    "group": "统称单位",
    "enterprise": "企业",
    "other": "其他单位",
}
TASK_KINDS = {"key_project": "重点任务", "action": "行动"}
VERDICTS = {"accepted": "采信", "rejected": "不采信"}
REVIEW_OUTCOMES = {"approved": "通过", "returned": "退回"}
REVIEW_STAGES = {"dept_head": "部门负责人", "office": "办公室"}
AUDIT_RESULTS = {"success": "成功", "failure": "失败", "denied": "拒绝"}
AUDIT_CATEGORIES = {"business": "业务", "security": "安全"}

# the values of a field, by the audited object's type and then by the field alone
OBJECT_VALUES = {
    ("report", "status"): REPORT_STATUS,
    ("contribution", "status"): CONTRIBUTION_STATUS,
    ("task", "status"): TASK_STATUS,
    ("plan", "status"): PLAN_STATUS,
    ("outbox_message", "status"): OUTBOX_STATUS,
    ("indicator_value", "status"): INDICATOR_VALUE_STATUS,
    ("department", "kind"): DEPARTMENT_KINDS,
    ("task", "kind"): TASK_KINDS,
}
FIELD_VALUES = {
    "roles": ROLES,
    "role": TASK_ROLES | ROLES,
    "verdict": VERDICTS,
    "outcome": REVIEW_OUTCOMES,
    "stage": REVIEW_STAGES,
    "result": AUDIT_RESULTS,
    "category": AUDIT_CATEGORIES,
    "status": REPORT_STATUS | TASK_STATUS | PLAN_STATUS | OUTBOX_STATUS,
}


def field_label(name: str) -> str:
    """The Chinese name of a field; an unknown field is shown as 其他字段 rather than as its code."""
    return FIELD_LABELS.get(name, "其他字段")


def value_text(object_type: str | None, field: str, value: Any, extra: dict | None = None) -> str:
    """A stored value in words: codes by their display name, yes/no, lists joined with 、; `extra` adds the
    value maps of fields only a domain knows (the audit log's own action names)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value_text(object_type, field, item, extra) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{field_label(k)}：{value_text(object_type, k, v, extra)}" for k, v in value.items())
    labels = (extra or {}).get(field) or OBJECT_VALUES.get((object_type or "", field)) or FIELD_VALUES.get(field, {})
    return labels.get(str(value), str(value))


class Change(NamedTuple):
    field: str  # the stored name, for a tooltip
    label: str
    before: str
    after: str


def change_rows(
    object_type: str | None, before: dict | None, after: dict | None, extra: dict | None = None
) -> list[Change]:
    """One row per field an event recorded (field label, before, after), in the order it recorded them."""
    before, after = before or {}, after or {}
    names = list(before) + [name for name in after if name not in before]
    return [
        Change(
            name,
            field_label(name),
            value_text(object_type, name, before.get(name), extra),
            value_text(object_type, name, after.get(name), extra),
        )
        for name in names
    ]


class ExplainedError(NamedTuple):
    explanation: str  # in Chinese, for the office
    raw: str  # the error as the server or the system said it, for the details line ("" when the same)


SERVERS = {"email": "邮件服务器", "sms": "短信网关"}
# (what the raw error holds, lowercase) -> the explanation; {server} is the receiving server's name
DELIVERY_PROBLEMS = [
    (("errno 111", "connection refused"), "无法连接{server}（连接被拒绝：服务器未启动或端口不对）"),
    (("errno 110", "timed out", "timeout"), "连接{server}超时（网络不通或服务器无响应）"),
    (
        ("errno -2", "errno -3", "name or service not known", "getaddrinfo", "nodename nor servname"),
        "无法解析{server}的地址（域名不存在或 DNS 不可用）",
    ),
    (("errno 113", "no route to host"), "无法到达{server}（网络不通）"),
    (("errno 101", "network is unreachable"), "网络不可达，无法连接{server}"),
    (("errno 104", "connection reset"), "与{server}的连接被对方断开"),
    (("certificate", "ssl", "tls"), "与{server}建立加密连接失败（证书无效或不受信任）"),
    (("535", "authentication", "auth"), "{server}拒绝登录（用户名或密码错误）"),
    (("550", "553", "mailbox unavailable", "user unknown"), "收件地址不存在或被对方拒收"),
    (("552", "message size", "too large"), "邮件过大，被对方拒收"),
    (("421", "451", "try again later", "too many"), "{server}暂时拒绝接收（稍后会自动重试）"),
    (("http 4", "http 5", " 404", " 500", " 502", " 503"), "{server}返回错误应答"),
    (("意外错误",), "发送时出现系统内部错误，请联系系统管理员"),
]
CJK = range(0x4E00, 0xA000)


def explain_delivery_error(raw: str | None, channel: str = "email") -> ExplainedError | None:
    """A delivery error in Chinese words, with the raw error kept for the details line."""
    if not raw:
        return None
    text = raw.lower()
    server = SERVERS.get(channel, "对方服务器")
    for needles, explanation in DELIVERY_PROBLEMS:
        if any(needle in text for needle in needles):
            return ExplainedError(explanation.format(server=server), raw)
    if not any(ord(ch) < 128 and ch.isalpha() for ch in raw):  # already said in Chinese
        return ExplainedError(raw, "")
    chinese = "".join(ch for ch in raw if ord(ch) in CJK)
    return ExplainedError(f"发送失败{('：' + raw.split('：')[0]) if chinese else '（原因见详细信息）'}", raw)
