"""Accounts in bulk: the sysadmin's Excel import, all or nothing; activation links through the outbox."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from supervision.accounts.models import AccountActivation, User
from supervision.audit.models import AuditEvent
from supervision.db import utcnow
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import drain_outbox
from supervision.spreadsheets import xlsx_bytes
from tests.helpers import PASSWORD, csrf_token, login, make_department, make_user
from tests.reminders.support import text_of

COLUMNS = ["用户名", "姓名", "部门", "角色", "邮箱", "手机"]
GOOD = [
    ["zhang.san", "张三", "市卫生健康委", "部门联络员", "zhangsan@example.gov.cn", "13800000000"],
    ["lisi", "李四", "市体育局", "部门负责人、部门联络员", "", ""],
]


@pytest.fixture
def admin(app, db):
    make_department("市卫生健康委")
    make_department("市体育局")
    make_user("sysadmin1", roles=("sysadmin",))
    client = app.test_client()
    assert login(client, "sysadmin1").status_code == 303
    return client


def upload(client, rows, headers=COLUMNS):
    data = {"csrf_token": csrf_token(client, "/admin/users/import")}
    data["file"] = (BytesIO(xlsx_bytes(headers, rows)), "accounts.xlsx")
    return client.post("/admin/users/import", data=data, content_type="multipart/form-data")


def user_count(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(User))


def test_one_bad_row_creates_nothing_and_names_the_row_in_chinese(admin, db):
    before = user_count(db)
    bad = [*GOOD, ["wang", "王五", "不存在的局", "联络员", "not-an-email", ""]]
    response = upload(admin, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "未创建任何账号" in html
    assert "第 4 行：部门“不存在的局”不存在或已停用" in html
    assert "第 4 行：角色“联络员”不存在" in html
    assert "第 4 行：邮箱“not-an-email”格式不正确" in html
    assert "第 2 行：" not in html and "第 3 行：" not in html
    assert user_count(db) == before
    assert not db.session.scalar(select(func.count()).select_from(OutboxMessage))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["sysadmin1", "重名", "市体育局", "部门联络员", "", ""], "第 3 行：用户名“sysadmin1”已存在"),
        (["ZHANG.SAN", "重名", "市体育局", "部门联络员", "", ""], "与第 2 行重复"),
        (["x1", "兼任", "市体育局", "系统管理员、部门联络员", "", ""], "第 3 行：三员分立"),
        (["x2", "三员", "市体育局", "审计员", "", ""], "只能在服务器上用 flask user 命令创建"),
        (["x3", "", "市体育局", "部门联络员", "", ""], "第 3 行：“姓名”不能为空"),
        (["中文名", "名字", "市体育局", "部门联络员", "", ""], "用户名“中文名”无效"),
    ],
)
def test_each_kind_of_bad_row_is_refused(admin, db, row, message):
    before = user_count(db)
    response = upload(admin, [GOOD[0], row])
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert user_count(db) == before


def test_a_file_without_the_columns_or_not_excel_is_refused(admin, db):
    response = upload(admin, [["a", "b"]], headers=["用户名", "姓名"])
    assert response.status_code == 400 and "缺少列：部门、角色、邮箱、手机" in response.get_data(as_text=True)
    data = {"csrf_token": csrf_token(admin, "/admin/users/import"), "file": (BytesIO(b"not excel"), "a.xlsx")}
    response = admin.post("/admin/users/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "无法读取该文件" in response.get_data(as_text=True)


def test_good_file_creates_accounts_with_activation_links_or_initial_passwords(app, admin, db, smtp):
    response = upload(admin, GOOD)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "已创建 2 个账号" in html
    assert response.headers["Cache-Control"] == "no-store"
    shown = re.search(r"<td>lisi</td>.*?<code>([^<]+)</code>", html, re.S).group(1)
    db.session.rollback()
    lisi = db.session.scalar(select(User).where(User.username == "lisi"))
    assert lisi.must_change_password and lisi.check_password(shown) and lisi.roles == {"dept_head", "liaison"}
    assert not db.session.scalar(
        select(func.count()).select_from(AccountActivation).where(AccountActivation.user_id == lisi.id)
    )
    assert (
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "user.create")) >= 2
    )
    # the activation mail through the outbox, to a real SMTP server
    assert drain_outbox(utcnow())["sent"] == 1
    (mail,) = smtp.mailbox.to("zhangsan@example.gov.cn", "激活")
    link = re.search(r"https?://\S+/auth/activate/\S+", text_of(mail)).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = app.test_client()
    page = visitor.get("/" + path)
    assert page.status_code == 200 and "zhang.san" in page.get_data(as_text=True)
    token = csrf_token(visitor, "/" + path)
    weak = visitor.post("/" + path, data={"new": "short", "confirm": "short", "csrf_token": token})
    assert "密码至少需要 8 个字符" in weak.get_data(as_text=True)
    done = visitor.post("/" + path, data={"new": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert done.status_code == 303 and done.headers["Location"].endswith("/auth/login")
    assert login(visitor, "zhang.san").status_code == 303  # the normal login follows
    again = app.test_client().get("/" + path)
    assert again.status_code == 410 and "激活链接无效或已过期" in again.get_data(as_text=True)


def test_an_activation_link_expires_after_72_hours(app, admin, db):
    upload(admin, GOOD[:1])
    db.session.rollback()
    body = db.session.scalar(select(OutboxMessage.body_text))
    path = "/" + re.search(r"https?://[^/\s]+/(auth/activate/\S+)", body).group(1)
    activation = db.session.scalar(select(AccountActivation))
    activation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert app.test_client().get("/auth/activate/unknown-token").status_code == 410


def test_the_template_downloads_with_the_columns(admin):
    from openpyxl import load_workbook

    with admin.get("/admin/users/import/template.xlsx") as response:
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.data)).active
    assert [c.value for c in sheet[1]] == COLUMNS


def test_only_the_sysadmin_imports(app, db):
    make_user("office1", roles=("office",))
    client = app.test_client()
    login(client, "office1")
    assert client.get("/admin/users/import").status_code == 403
