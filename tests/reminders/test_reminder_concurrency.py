"""Two schedulers at once (threads, then processes) against the same database: every message once."""

import os
import subprocess
import sys
import threading
from collections import Counter

from sqlalchemy import select

from supervision.config import ROOT
from supervision.extensions import db
from supervision.reminders.jobs import daily_reminders, digests, send_outbox
from supervision.reminders.models import Notification, OutboxMessage, SupervisionNotice
from tests.reminders.support import approve_milestones, at, build_world


def assert_each_message_once(smtp):
    db.session.rollback()
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert rows and {r.status for r in rows} == {"sent"}
    assert all(r.attempts == 1 for r in rows)
    delivered = Counter((m["To"], m["Subject"]) for m in smtp.mailbox.messages)
    assert len(smtp.mailbox.messages) == len(rows)
    assert set(delivered.values()) == {1}
    keys = [(n.user_id, n.kind, n.day) for n in db.session.scalars(select(Notification))]
    assert len(keys) == len(set(keys))


def test_two_scheduler_threads_send_every_message_once(app, runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1")  # Q2 overdue: reminders, escalations, both digests on 2025-10-09
    db.session.commit()
    barrier, errors = threading.Barrier(2), []

    def scheduler() -> None:
        try:
            with app.app_context():
                barrier.wait()
                for minute in range(3):
                    now = at("2025-10-09", 8, 30 + minute)
                    daily_reminders(now=now)
                    digests(now=now)
                    send_outbox(now=now)
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_each_message_once(smtp)
    notices = db.session.scalars(select(SupervisionNotice)).all()
    assert len({(n.milestone_id, n.department_id) for n in notices}) == len(notices) > 0
    assert sorted(n.number for n in notices) == list(range(1, len(notices) + 1))


def test_two_scheduler_processes_send_every_message_once(app, runner, db, smtp, tmp_path):
    build_world(runner)
    approve_milestones("Q1")
    db.session.commit()
    env = os.environ | {
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SUPERVISION_INSTANCE": str(tmp_path),
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
    }
    script = "flask reminders run --today 2025-10-09 && flask outbox send && flask outbox send"
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    command = script.replace("flask ", f"{flask} ")
    processes = [
        subprocess.Popen(command, shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert sum("已发送" in out for out in outputs) == 2
    assert_each_message_once(smtp)
