"""A job for the observability tests: it logs and queues one reminder for the user `obs-user`."""

from __future__ import annotations

import logging

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.extensions import db
from supervision.reminders.dispatch import Queued, queue_letters
from supervision.reminders.letters import Letter, Line, Section

log = logging.getLogger("tests.observability.jobs")


def queue_reminder(now) -> int:
    user = db.session.scalar(select(User).where(User.username == "obs-user"))
    log.info("queueing a reminder for %s", user.username)
    letter = Letter(user, "reminder", "催办提醒", "您有待办事项。", [Section("即将到期", [Line("测试节点", "/")])])
    queue_letters([letter], now.date(), Queued())
    db.session.commit()
    return 1
