"""Drafting, editing and issuing a bulletin: numbered only on issue and in sequence, frozen once issued, sent to
the departments concerned once, in-app and by e-mail through the outbox."""

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.accounts.models import User
from supervision.audit.models import AuditEvent
from supervision.bulletins import services
from supervision.bulletins.models import Bulletin, BulletinFile
from supervision.errors import Conflict, DomainError
from supervision.extensions import db
from supervision.reminders.models import Notification, OutboxMessage
from tests.bulletins.world import build_world

TODAY = date(2026, 12, 2)


def office():
    return db.session.scalar(select(User).where(User.username == "office1"))


def test_draft_is_written_from_the_data_and_numbered_only_when_issued(db):
    build_world()
    bulletin = services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())
    assert bulletin.number is None and bulletin.status == "draft" and "印发时编号" in bulletin.code
    assert "市体育局" in bulletin.texts["overdue"] and "市体育局" in bulletin.texts["rectify"]
    services.save_texts(bulletin, bulletin.texts | {"overview": "第四季度总体平稳。"}, actor=office())
    assert bulletin.number is None
    queued = services.issue_bulletin(bulletin, TODAY, actor=office())
    assert bulletin.code == "健康办通〔2026〕1号" and bulletin.issued_on == TODAY
    assert {r.department.name for r in bulletin.recipients} == {"市体育局", "市教育局"}
    assert {f.fmt for f in db.session.scalars(select(BulletinFile))} == {"pdf", "docx"}
    assert {u.username for u, *_ in queued.letters} == {"sport1", "sport_head", "edu1"}
    year = services.draft_bulletin("year", 2025, None, TODAY, actor=office())
    services.issue_bulletin(year, TODAY, actor=office())
    month = services.draft_bulletin("month", 2025, 10, TODAY, actor=office())
    assert month.number is None
    services.issue_bulletin(month, TODAY, actor=office())
    assert [b.number for b in db.session.scalars(select(Bulletin).order_by(Bulletin.issued_on, Bulletin.id))] == [
        1,
        2,
        3,
    ]
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "bulletin")).all()
    assert actions.count("bulletin.issue") == 3 and "bulletin.edit" in actions


def test_an_issued_bulletin_cannot_be_edited_or_issued_again(db):
    world = build_world()
    bulletin = services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())
    services.issue_bulletin(bulletin, TODAY, actor=office())
    db.session.commit()
    outbox = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    with pytest.raises(Conflict, match="已印发"):
        services.save_texts(bulletin, {"overview": "改动"}, actor=office())
    with pytest.raises(Conflict, match="已印发"):
        services.add_excerpt(bulletin, world.good_report, "", actor=office())
    with pytest.raises(Conflict, match="已印发"):
        services.issue_bulletin(bulletin, TODAY, actor=office())
    db.session.rollback()
    assert bulletin.texts["overview"] != "改动" and bulletin.number == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox


def test_each_recipient_is_told_once_in_app_and_by_email(db):
    build_world()
    bulletin = services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())
    services.issue_bulletin(bulletin, TODAY, actor=office())
    notes = db.session.scalars(select(Notification).where(Notification.kind == "bulletin_quarter")).all()
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "bulletin_quarter")).all()
    assert sorted(n.user_id for n in notes) == sorted({n.user_id for n in notes}) and len(notes) == 3
    assert sorted(m.address for m in mails if m.channel == "email") == [
        "edu1@example.cn",
        "head@example.cn",
        "sport1@example.cn",
    ]
    assert all("健康办通〔2026〕1号" in m.subject and f"/bulletins/{bulletin.id}" in m.body_text for m in mails)
    # a second quarterly bulletin the same day would collide with the day's notification: refused, nothing sent
    other = services.draft_bulletin("quarter", 2025, 3, TODAY, actor=office())
    with pytest.raises(Conflict, match="每天只能印发一期"):
        services.issue_bulletin(other, TODAY, actor=office())


def test_bad_periods_are_refused(db):
    build_world()
    for kind, year, period, message in [
        ("week", 2025, 1, "通报类型"),
        ("quarter", 2025, 5, "季度"),
        ("month", 2025, 13, "月份"),
        ("quarter", None, 1, "年份"),
        ("quarter", 2026, 4, "尚未结束"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.draft_bulletin(kind, year, period, TODAY, actor=office())
    services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())
    with pytest.raises(Conflict, match="已经起草"):
        services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())


def test_good_practice_is_picked_from_approved_reports_of_the_period(db):
    world = build_world()
    bulletin = services.draft_bulletin("quarter", 2025, 4, TODAY, actor=office())
    excerpt = services.add_excerpt(bulletin, world.good_report, "", actor=office())
    assert excerpt.text.startswith("全市中小学落实每天校园体育活动")
    with pytest.raises(Conflict):
        services.add_excerpt(bulletin, world.good_report, "再次", actor=office())
    first_quarter = services.draft_bulletin("quarter", 2025, 1, TODAY, actor=office())
    with pytest.raises(DomainError, match="本期"):
        services.add_excerpt(first_quarter, world.good_report, "", actor=office())
    services.remove_excerpt(bulletin, excerpt.id, actor=office())
    assert bulletin.excerpts == []
