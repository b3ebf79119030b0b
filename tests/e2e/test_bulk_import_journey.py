"""Accounts in bulk in a real browser: a file with one bad row is refused by row; fixed, the accounts are
created and the activation mail reaches a real SMTP server; the link sets the password."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from supervision.accounts.models import User
from supervision.db import utcnow
from supervision.reminders.outbox import drain_outbox
from supervision.spreadsheets import xlsx_bytes
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_department, make_user
from tests.reminders.support import text_of

COLUMNS = ["用户名", "姓名", "部门", "角色", "邮箱", "手机"]
ROWS = [
    ["chen.liaison", "陈联络", "市卫生健康委", "部门联络员", "chen@example.gov.cn", "13800000001"],
    ["zhou.head", "周负责", "市体育局", "部门负责人", "", ""],
]


def test_sysadmin_imports_accounts_and_the_activation_mail_arrives(app, db, live_server, page, smtp, tmp_path):
    make_department("市卫生健康委")
    make_department("市体育局")
    make_user("sysadmin1", roles=("sysadmin",))
    before = db.session.scalar(select(func.count()).select_from(User))
    browser_login(page, live_server, "sysadmin1", PASSWORD)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server}/admin/users/")
    page.get_by_role("link", name="批量导入").click()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes(COLUMNS, [*ROWS, ["wu", "吴某", "市不存在局", "部门联络员", "", ""]]))
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(bad))
    page.get_by_role("button", name="导入").click()
    errors = page.locator("[data-import-errors]")
    errors.wait_for()
    assert "第 4 行：部门“市不存在局”不存在或已停用" in errors.inner_text()
    assert "未创建任何账号" in errors.inner_text()
    page.screenshot(path=str(ARTIFACTS / "bulk_import_error_1280.png"), full_page=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == before

    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(COLUMNS, ROWS))
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(good))
    page.get_by_role("button", name="导入").click()
    page.get_by_text("已创建 2 个账号").wait_for()
    assert "zhou.head" in page.locator("[data-passwords]").inner_text()
    assert "chen.liaison" in page.locator("[data-activated]").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "bulk_import_result_390.png"), full_page=True)

    db.session.rollback()  # see what the server committed
    assert drain_outbox(utcnow())["sent"] == 1
    (mail,) = smtp.mailbox.to("chen@example.gov.cn", "激活")
    path = re.search(r"https?://[^/\s]+(/auth/activate/\S+)", text_of(mail)).group(1)
    context = page.context.browser.new_context(locale="zh-CN")
    visitor = context.new_page()
    try:
        visitor.goto(live_server + path)
        visitor.get_by_label("新密码", exact=True).fill(PASSWORD)
        visitor.get_by_label("确认新密码").fill(PASSWORD)
        visitor.get_by_role("button", name="设置密码并激活").click()
        visitor.get_by_text("账号 chen.liaison 已激活").wait_for()
        browser_login(visitor, live_server, "chen.liaison", PASSWORD)
        assert "/auth/login" not in visitor.url
    finally:
        context.close()
