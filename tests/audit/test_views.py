"""The audit log pages: who sees what, filters, CSV export and the hash-chain check."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select, text, update

from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from tests.helpers import audit_guards_lifted, login, make_user

ENDPOINTS = ("/audit/", "/audit/export.csv", "/audit/verify")


def logged_in(app, username: str, roles: tuple[str, ...]):
    make_user(username, roles=roles)
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def add_events(db) -> None:
    """A business event, a security event and a failed business event, committed."""
    record_event(
        "task.assign",
        object_type="task",
        object_id=7,
        before={"lead": []},
        after={"lead": ["市体育局"]},
        detail="交办调整",
    )
    record_event("user.deactivate", object_type="user", object_id=99, category="security", detail="停用账号zhang")
    record_event("plan.export", object_type="plan", object_id="HZ_100%", result="failure", detail="xlsx")
    db.session.commit()


def set_time(db, action: str, moment: datetime) -> None:
    with db.engine.begin() as conn, audit_guards_lifted(conn):  # the log is append-only in the database
        conn.execute(update(AuditEvent).where(AuditEvent.action == action).values(occurred_at=moment))


def test_office_sees_business_events_only_even_when_asking_for_security(app, db):
    client = logged_in(app, "office1", ("office",))
    add_events(db)
    html = client.get("/audit/").get_data(as_text=True)
    assert "交办" in html and "导出规划" in html and "市体育局" in html
    assert "停用用户" not in html and "登录" not in html.split("<tbody>")[1]
    assert "校验哈希链" not in html
    html = client.get("/audit/?category=security").get_data(as_text=True)
    assert "停用用户" not in html and "共 2 条" in html
    assert "共 0 条" in client.get("/audit/?action=auth.login").get_data(as_text=True)


def test_auditor_sees_business_and_security_events(app, db):
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    html = client.get("/audit/").get_data(as_text=True)
    assert "交办" in html and "停用用户" in html and "登录" in html and "创建用户" in html
    assert "auditor1" in html and "校验哈希链" in html
    html = client.get("/audit/?category=security").get_data(as_text=True)
    assert "停用用户" in html and "市体育局" not in html
    html = client.get("/audit/?category=business").get_data(as_text=True)
    assert "共 2 条" in html


@pytest.mark.parametrize("role", ["liaison", "leader", "sysadmin"])
def test_other_roles_are_refused(app, db, role):
    client = logged_in(app, f"{role}1", (role,))
    for path in ENDPOINTS:
        assert client.get(path).status_code == 403, path


def test_office_cannot_verify_and_anonymous_is_sent_to_login(app, db):
    client = logged_in(app, "office1", ("office",))
    assert client.get("/audit/verify").status_code == 403
    anonymous = app.test_client()
    for path in ENDPOINTS:
        assert anonymous.get(path).status_code in (302, 303), path


def test_filters_by_keyword_action_user_and_result(app, db):
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    html = client.get("/audit/?q=zhang").get_data(as_text=True)
    assert "共 1 条" in html and "停用用户" in html
    html = client.get("/audit/?q=100%25").get_data(as_text=True)  # % is a literal, not a wildcard
    assert "共 1 条" in html and "导出规划" in html
    assert "共 0 条" in client.get("/audit/?q=Z%251").get_data(as_text=True)  # would match HZ_1 as a wildcard
    html = client.get("/audit/?action=task.assign").get_data(as_text=True)
    assert "共 1 条" in html and "市体育局" in html
    html = client.get("/audit/?result=failure").get_data(as_text=True)
    assert "共 1 条" in html and "失败" in html
    html = client.get("/audit/?user=auditor1&action=auth.login").get_data(as_text=True)
    assert "共 1 条" in html
    html = client.get("/audit/?q=不存在的关键词").get_data(as_text=True)
    assert "没有符合条件的日志记录" in html and "放宽筛选条件" in html


def test_date_range_is_in_shanghai_time_and_bad_dates_are_ignored(app, db):
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    set_time(db, "task.assign", datetime(2025, 3, 1, 17, 0, tzinfo=UTC))  # 2025-03-02 01:00 in Shanghai
    set_time(db, "plan.export", datetime(2025, 3, 3, 15, 59, tzinfo=UTC))  # 2025-03-03 23:59 in Shanghai
    html = client.get("/audit/?date_from=2025-03-02&date_to=2025-03-03").get_data(as_text=True)
    assert "共 2 条" in html and "2025年3月2日 01:00" in html and "2025年3月3日 23:59" in html
    assert "共 1 条" in client.get("/audit/?date_from=2025-03-03&date_to=2025-03-03").get_data(as_text=True)
    assert "共 1 条" in client.get("/audit/?date_to=2025-03-02").get_data(as_text=True)
    response = client.get("/audit/?date_from=2025-02-30&date_to=yesterday")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "开始日期“2025-02-30”无效" in html and "结束日期“yesterday”无效" in html
    assert "共 0 条" not in html  # the filters were ignored
    assert client.get("/audit/export.csv?date_from=2025-13-01").status_code == 200
    assert client.get("/audit/?page=abc").status_code == 200


def test_before_and_after_are_a_table_of_fields_and_long_values_truncated(app, db):
    client = logged_in(app, "office1", ("office",))
    long_text = "长" * 300
    record_event("task.import", object_type="task", object_id=1, before=None, after={"content": long_text})
    db.session.commit()
    add_events(db)
    html = client.get("/audit/").get_data(as_text=True)
    assert '<th scope="row" title="lead">牵头部门</th><td>—</td><td>市体育局</td>' in html  # before, after
    assert "{&#34;lead&#34;" not in html  # the raw JSON stays in the export
    assert f'title="{long_text}"' in html  # the full value on hover
    assert "长" * 199 + "…" in html and "长" * 200 + "…" not in html


def test_pages_hold_fifty_events_newest_first(app, db):
    client = logged_in(app, "office1", ("office",))
    for n in range(55):
        record_event("task.assign", object_type="task", object_id=1000 + n)
    db.session.commit()
    first = client.get("/audit/").get_data(as_text=True)
    assert "共 55 条" in first and "任务 1054" in first and "任务 1004" not in first
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert "任务 1004" in second and "任务 1054" not in second
    assert "共 55 条" in second  # the last page's own count
    assert "共 55 条" in client.get("/audit/?page=5").get_data(as_text=True)  # past the end: counted


def test_a_search_that_fills_one_page_reads_the_log_once(app, db):
    """A rare match would otherwise scan the whole log twice: for the page and again for the total."""
    client = logged_in(app, "office1", ("office",))
    for n in range(60):
        record_event("task.assign", object_type="task", object_id=1000 + n, detail="张三" if n % 20 == 0 else "")
    db.session.commit()
    reads = []
    listener = lambda *args: reads.append(args[2]) if "FROM audit_events" in args[2] else None  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        html = client.get("/audit/?q=%E5%BC%A0%E4%B8%89").get_data(as_text=True)
        rare_reads = len(reads)
        reads.clear()
        full = client.get("/audit/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert "共 3 条" in html and rare_reads == 1
    assert "共 60 条" in full and len(reads) == 2  # a full page: the total is counted


def test_csv_export_has_bom_chinese_headers_rows_and_is_audited(app, db):
    client = logged_in(app, "office1", ("office",))
    add_events(db)
    record_event("task.import", object_type="task", object_id=3, detail='=HYPERLINK("http://x")')
    db.session.commit()
    response = client.get("/audit/export.csv?category=security")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;")
        and "filename*=UTF-8''%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97_" in disposition
    )
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "时间",
        "用户",
        "部门",
        "IP",
        "操作",
        "对象类型",
        "对象",
        "结果",
        "变更前",
        "变更后",
        "说明",
        "哈希",
    ]
    body = rows[1:]
    actions = [row[4] for row in body]
    assert "交办" in actions and "导出规划" in actions and "导入任务" in actions
    assert "停用用户" not in actions and "登录" not in actions  # the office restriction holds for the export too
    assign = next(row for row in body if row[4] == "交办")
    assert assign[5] == "任务" and assign[6] == "7" and assign[7] == "成功"
    assert assign[8] == '{"lead":[]}' and assign[9] == '{"lead":["市体育局"]}' and len(assign[11]) == 64
    assert datetime.strptime(assign[0], "%Y-%m-%d %H:%M:%S")
    injected = next(row for row in body if row[4] == "导入任务")
    assert injected[10] == '\'=HYPERLINK("http://x")'
    db.session.rollback()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event is not None and event.username == "office1" and event.after == {"filters": {"category": "business"}}


def test_csv_export_for_the_auditor_includes_security_events(app, db):
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    data = client.get("/audit/export.csv?action=user.deactivate").get_data()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][4] == "停用用户" and rows[1][10] == "停用账号zhang"


def test_verify_reports_an_intact_chain_and_a_tampered_event(app, db):
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    html = client.get("/audit/verify").get_data(as_text=True)
    count = db.session.query(AuditEvent).count()
    assert f"哈希链完整，共 {count} 条记录" in html
    target = db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "task.assign"))
    db.session.commit()
    with db.engine.begin() as conn, audit_guards_lifted(conn):  # someone with direct database access
        tampered = {"after": '{"lead": ["市教育局"]}', "id": target}
        conn.execute(text("UPDATE audit_events SET after = :after WHERE id = :id"), tampered)
    html = client.get("/audit/verify").get_data(as_text=True)
    assert "哈希链完整" not in html and f"事件 {target} 的内容与哈希不符" in html


def test_no_route_edits_or_deletes_audit_events(app, db):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/audit")]
    assert {rule.endpoint for rule in rules} == {"audit.index", "audit.export_csv", "audit.verify"}
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    client = logged_in(app, "auditor1", ("auditor",))
    add_events(db)
    target = db.session.scalar(select(AuditEvent.id).limit(1))
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/audit/").status_code == 405
        assert getattr(client, method)(f"/audit/{target}").status_code == 404
