"""The activation e-mail of a new account (supervision/accounts/activation.py), through the outbox."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from sqlalchemy import func, select

from supervision.accounts.models import User
from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.observability.context import current_request_id
from supervision.reminders.models import OutboxMessage

KIND = "activation"
SUBJECT = "健康杭州任务督办系统：请激活您的账号"


def queue_activation_mail(user: User, url: str, expires_at: datetime, day: date) -> bool:
    """One e-mail per user and day (the outbox key); False when that key was already written."""
    if not user.email:
        return False
    key = (OutboxMessage.channel == "email", OutboxMessage.user_id == user.id, OutboxMessage.kind == KIND)
    if db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*key, OutboxMessage.day == day)):
        return False
    until = expires_at.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M")
    text = (
        f"{user.display_name}，您好：\n\n系统管理员已为您创建账号（用户名：{user.username}）。"
        f"请在 {until} 前打开以下链接设置登录密码（链接只能使用一次）：\n{url}\n\n"
        "设置密码后请用用户名和新密码登录。如非本人申请，请忽略本邮件。\n"
    )
    html = (
        f"<p>{escape(user.display_name)}，您好：</p><p>系统管理员已为您创建账号（用户名：{escape(user.username)}）。"
        f"请在 {until} 前打开以下链接设置登录密码（链接只能使用一次）：</p>"
        f'<p><a href="{escape(url)}">{escape(url)}</a></p><p>设置密码后请用用户名和新密码登录。</p>'
    )
    db.session.add(
        OutboxMessage(
            channel="email",
            user_id=user.id,
            kind=KIND,
            day=day,
            address=user.email,
            subject=SUBJECT,
            body_text=text,
            body_html=html,
            request_id=current_request_id(),
        )
    )
    db.session.flush()
    return True
