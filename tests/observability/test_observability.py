"""Request ids (in, out, into logs, jobs and outbox messages), /metrics behind its token, /healthz's store."""

from __future__ import annotations

import io
import json
import logging
import re

from sqlalchemy import select

from supervision.observability.context import JsonFormatter, request_id_scope
from supervision.reminders.delivery.mail import build_email
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import claim_next
from supervision.scheduler.table import Job, _run
from tests.builders import make_user


def test_the_request_id_is_taken_from_the_caller_or_made(client):
    with client.get("/healthz", headers={"X-Request-Id": "lb-1234.abc"}) as response:
        assert response.headers["X-Request-Id"] == "lb-1234.abc"
    with client.get("/healthz") as response:
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])
    with client.get("/healthz", headers={"X-Request-Id": "bad id <x>" + "y" * 80}) as response:
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])  # not echoed into headers or logs


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord("supervision.x", logging.WARNING, __file__, 1, "上传失败：%s", ("磁盘已满",), None)
    with request_id_scope("req-42"):
        line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "上传失败：磁盘已满" and entry["request_id"] == "req-42"
    assert entry["level"] == "WARNING" and entry["logger"] == "supervision.x" and entry["time"].endswith("+00:00")


def test_a_job_run_has_its_id_in_its_logs_its_outbox_messages_and_their_delivery(app, db, monkeypatch):
    make_user("obs-user", roles=("liaison",), email="obs@example.org")
    db.session.commit()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.observability.jobs")
    logger.addHandler(handler)
    monkeypatch.setattr(logger, "level", logging.INFO)
    try:
        _run(app, Job("test.obs", "测试", "tests.observability.jobs:queue_reminder", {"hour": 1}))
    finally:
        logger.removeHandler(handler)
    entry = json.loads(buffer.getvalue().splitlines()[0])
    assert entry["message"] == "queueing a reminder for obs-user"
    assert entry["request_id"].startswith("job:test.obs:")
    db.session.rollback()
    message = db.session.scalar(select(OutboxMessage))
    assert message.request_id == entry["request_id"]
    envelope = claim_next(message.created_at)
    assert envelope.request_id == entry["request_id"]
    assert build_email(envelope, "office@example.org")["X-Request-Id"] == entry["request_id"]


def metrics(client, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with client.get("/metrics", headers=headers) as response:
        return response.status_code, response.get_data(as_text=True)


def test_metrics_are_behind_the_token_and_show_latency_outbox_and_jobs(app, client, db, monkeypatch):
    assert metrics(client)[0] == 404  # off until METRICS_TOKEN is set
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-token-for-prometheus")
    assert metrics(client)[0] == 401
    status, body = metrics(client, "wrong")
    assert status == 401 and "METRICS_TOKEN" in body

    make_user("obs-user", roles=("liaison",), email="obs@example.org")
    db.session.commit()
    _run(app, Job("test.obs", "测试", "tests.observability.jobs:queue_reminder", {"hour": 1}))
    with client.get("/healthz"):
        pass
    status, body = metrics(client, "s3cret-token-for-prometheus")
    assert status == 200
    assert re.search(
        r'supervision_request_duration_seconds_count\{endpoint="core.healthz",method="GET",status="200"\} [1-9]', body
    )
    assert 'supervision_outbox_messages{channel="email",status="pending"} 1.0' in body
    assert re.search(r'supervision_job_runs_total\{job="test.obs",outcome="success"\} [1-9]', body)
    assert 'supervision_job_duration_seconds_count{job="test.obs"}' in body
    assert 'supervision_job_last_run_timestamp_seconds{job="test.obs",outcome="success"}' in body
    assert "supervision_outbox_delivery_failures" in body


def test_healthz_reports_the_evidence_store(client):
    with client.get("/healthz") as response:
        assert response.get_json()["storage"] == {"backend": "local", "status": "ok"}
