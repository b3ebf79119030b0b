"""Scheduled job of this package; it takes `now` (aware, Asia/Shanghai) and commits once."""

from __future__ import annotations

from datetime import datetime

from supervision.appeals.services import settle_all
from supervision.clock import SHANGHAI
from supervision.extensions import db


def finalize_closed_rounds(now: datetime) -> str:
    """终审 for every published year whose 复核 window and 公示 are over."""
    count = settle_all(now.astimezone(SHANGHAI).date() if now.tzinfo else now.date())
    db.session.commit()
    return f"终审 {count} 个年度"
