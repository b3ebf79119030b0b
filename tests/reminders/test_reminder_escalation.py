"""Escalation: after five working days overdue the department head and the office are told, once, with a
printable supervision notice that the office and the department can download."""

import subprocess

from sqlalchemy import func, select

from supervision.reminders.models import SupervisionNotice
from tests.helpers import login, make_user
from tests.reminders.support import approve_milestones, build_world, department, text_of
from tests.reminders.test_reminder_daily import run, send


def test_escalation_reaches_head_and_office_once_with_a_notice(runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1", "Q2")
    run(runner, "2025-10-20")  # Q3 (due 2025-10-14) is four working days overdue: no escalation yet
    assert db.session.scalar(select(func.count()).select_from(SupervisionNotice)) == 0
    output = run(runner, "2025-10-21")  # five working days overdue
    send(runner)
    notices = db.session.scalars(select(SupervisionNotice).order_by(SupervisionNotice.number)).all()
    assert [n.number for n in notices] == list(range(1, len(notices) + 1))
    assert all(n.overdue_days == 5 and n.issued_on.isoformat() == "2025-10-21" for n in notices)
    assert "督办通知单 健康办督〔2025〕1号" in output
    wjw = department("市卫生健康委").id
    own = [n for n in notices if n.department_id == wjw]
    [head] = smtp.mailbox.to("wjw-head@example.gov.cn", "催办提醒（2025年10月21日）")
    assert "升级督办（已发出督办通知单）" in text_of(head)
    assert text_of(head).count("/reminders/notices/") == len(own)
    [office] = smtp.mailbox.to("office@example.gov.cn", "催办提醒（2025年10月21日）")
    assert text_of(office).count("/reminders/notices/") == len(notices) > len(own)
    assert "市司法局：重点任务5“推动地方健康立法”" in text_of(office)
    # 5 working days overdue: not a liaison reminder day (every 2); 6 days: it is, and nothing is escalated again
    assert not smtp.mailbox.to("wjw@example.gov.cn", "催办提醒（2025年10月21日）")
    run(runner, "2025-10-22")
    send(runner)
    [liaison] = smtp.mailbox.to("wjw@example.gov.cn", "催办提醒（2025年10月22日）")
    assert "已逾期 6 个工作日" in text_of(liaison)
    assert not smtp.mailbox.to("wjw-head@example.gov.cn", "催办提醒（2025年10月22日）")
    assert db.session.scalar(select(func.count()).select_from(SupervisionNotice)) == len(notices)


def test_notice_pdf_for_the_office_and_the_department_only(app, runner, db, tmp_path):
    build_world(runner)
    approve_milestones("Q1", "Q2")
    run(runner, "2025-10-21")
    make_user("sport1", roles=("liaison",), department=department("市体育局"))
    notice = db.session.scalar(
        select(SupervisionNotice).where(SupervisionNotice.department_id == department("市司法局").id)
    )
    clients = {}
    for username in ("office1", "sfj_liaison", "wjw_liaison", "sport1"):
        clients[username] = app.test_client()
        login(clients[username], username)
    with clients["office1"].get(f"/reminders/notices/{notice.id}.pdf") as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        pdf = response.data
    (tmp_path / "n.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "n.pdf"), "-"], capture_output=True, text=True).stdout
    text = "".join(text.split())  # letter-spaced headings come out with spaces
    for expected in (
        "督办通知单",
        notice.code,
        "市司法局：",
        "推动地方健康立法",
        "已逾期5个工作日",
        "仍未提交配合情况",
    ):
        assert expected in text, expected
    with clients["sfj_liaison"].get(f"/reminders/notices/{notice.id}.pdf") as response:
        assert response.status_code == 200
    for username in ("wjw_liaison", "sport1"):
        with clients[username].get(f"/reminders/notices/{notice.id}.pdf") as response:
            assert response.status_code == 403, username
    listed = clients["sfj_liaison"].get("/reminders/notices/").get_data(as_text=True)
    assert notice.code in listed and "健康办督〔2025〕1号" not in listed.replace(notice.code, "")
    assert clients["office1"].get("/reminders/notices/").get_data(as_text=True).count(".pdf") > 1
