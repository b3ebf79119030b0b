"""The office sets a department's channels (replace or remove a secret, never read it back) and sends a
test message through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from supervision.accounts.models import Department, User
from supervision.audit.services import record_event
from supervision.channels.lookup import sealing_context
from supervision.channels.models import KIND_LABELS, DepartmentChannel
from supervision.channels.rules import check_secret, check_sms_options, check_url, url_hint
from supervision.channels.secrets import seal
from supervision.clock import now, today
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.observability.context import current_request_id
from supervision.reminders.letters import SUBJECT_PREFIX
from supervision.reminders.models import OutboxMessage
from supervision.validation import check_choice

SECRET_KINDS = ("dingtalk", "webhook", "sms")  # 企业微信 robots carry their key in the address
TEST_KIND = "channel_test"


@dataclass
class ChannelInput:
    """What the office typed; an empty url or secret keeps the saved one."""

    url: str = ""
    secret: str = ""
    clear_secret: bool = False
    enabled: bool = True
    options: dict[str, str] = field(default_factory=dict)


def get_department_or_404(department_id: int) -> Department:
    return db.get_or_404(Department, department_id)


def check_kind(kind: str) -> str:
    return check_choice(kind, KIND_LABELS, "渠道类型")


def department_channels(department: Department) -> dict[str, DepartmentChannel]:
    rows = db.session.scalars(select(DepartmentChannel).where(DepartmentChannel.department_id == department.id))
    return {row.kind: row for row in rows}


def channel_overview() -> list[tuple[Department, dict[str, DepartmentChannel]]]:
    """Every active department with the channels set for it."""
    by_department: dict[int, dict[str, DepartmentChannel]] = {}
    for row in db.session.scalars(select(DepartmentChannel)):
        by_department.setdefault(row.department_id, {})[row.kind] = row
    departments = db.session.scalars(select(Department).order_by(Department.id))
    return [(d, by_department.get(d.id, {})) for d in departments if d.active]


def _public(channel: DepartmentChannel) -> dict:
    """What the audit log keeps of a channel: never the address's token or the secret."""
    return {"url": channel.url_hint, "secret": "已设置" if channel.has_secret else "未设置", "enabled": channel.enabled}


def save_channel(department: Department, kind: str, data: ChannelInput, *, actor: User) -> DepartmentChannel:
    """Create or change the department's channel of `kind`; refused as a whole when any value is invalid."""
    kind = check_kind(kind)
    channel = department_channels(department).get(kind)
    url = check_url(data.url) if (data.url or "").strip() or channel is None else None
    secret = check_secret(data.secret) if kind in SECRET_KINDS and (data.secret or "").strip() else None
    options = check_sms_options(data.options) if kind == "sms" else {}
    before = _public(channel) | {"options": channel.options} if channel else None
    if channel is None:
        channel = DepartmentChannel(department_id=department.id, kind=kind)
        db.session.add(channel)
    if url is not None:
        channel.url_sealed = seal(url, sealing_context(department.id, kind, "url"))
        channel.url_hint = url_hint(url)
    if secret is not None:
        channel.secret_sealed = seal(secret, sealing_context(department.id, kind, "secret"))
    elif data.clear_secret or kind not in SECRET_KINDS:
        channel.secret_sealed = None
    channel.options, channel.enabled = options, bool(data.enabled)
    channel.updated_at, channel.updated_by_id = utcnow(), actor.id
    db.session.flush()
    record_event(
        "channel.save",
        object_type="department_channel",
        object_id=channel.id,
        before=before,
        after=_public(channel) | {"department": department.name, "kind": kind, "options": options},
        user=actor,
    )
    return channel


def remove_channel(department: Department, kind: str, *, actor: User) -> None:
    channel = department_channels(department).get(check_kind(kind))
    if channel is None:
        raise DomainError("该渠道尚未设置。")
    record_event(
        "channel.remove",
        object_type="department_channel",
        object_id=channel.id,
        before=_public(channel) | {"department": department.name, "kind": kind},
        user=actor,
    )
    db.session.delete(channel)
    db.session.flush()


def send_test(department: Department, kind: str, *, actor: User) -> OutboxMessage:
    """Queue a test message over the department's channel; the sender delivers it within a minute. One a
    day per channel and office user: a new test queues that message again."""
    channel = department_channels(department).get(check_kind(kind))
    if channel is None:
        raise DomainError("该渠道尚未设置，请先保存后再测试。")
    if not channel.enabled:
        raise DomainError("该渠道已停用，请先启用后再测试。")
    if kind == "sms" and not actor.phone:
        raise DomainError("您的账号没有登记手机号，无法接收测试短信。")
    day = today()
    message = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.channel == kind,
            OutboxMessage.user_id == actor.id,
            OutboxMessage.kind == TEST_KIND,
            OutboxMessage.day == day,
        )
    )
    if message is not None and message.status == "sending":
        raise DomainError("上一条测试消息正在发送，请稍后刷新页面再试。")
    if message is None:
        message = OutboxMessage(channel=kind, user_id=actor.id, kind=TEST_KIND, day=day)
        db.session.add(message)
    message.department_id, message.address = department.id, actor.phone if kind == "sms" else None
    message.subject = f"{SUBJECT_PREFIX}消息渠道测试"
    message.body_text = (
        f"这是一条测试消息：{department.name}的{channel.label}已接入健康杭州任务督办系统。\n"
        f"测试人：{actor.display_name}，{now():%Y-%m-%d %H:%M}。"
    )
    message.body_html, message.request_id = None, current_request_id()
    message.status, message.attempts, message.next_attempt_at = "pending", 0, None
    message.claimed_at = message.sent_at = message.last_error = None
    db.session.flush()
    record_event(
        "channel.test",
        object_type="department_channel",
        object_id=channel.id,
        after={"department": department.name, "kind": kind, "message": message.id},
        user=actor,
    )
    return message
