"""Excel imports stay within limits on file size and rows (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS), read in
streaming mode: over a limit, a Chinese message and nothing imported, from the upload page and the CLI."""

import io
import time
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from supervision.plans.excel_read import PlanImportError, xlsx_to_plans
from supervision.plans.models import Plan
from supervision.tasks.models import Task
from tests.helpers import csrf_token, login, make_user, seed


def copy_of_plan(runner, tmp_path, extra_rows: int = 0) -> bytes:
    """The seeded 14th five-year plan as a new plan HZ-COPY, with `extra_rows` more tasks."""
    out = tmp_path / "plans.xlsx"
    assert runner.invoke(args=["plan", "export", "--format", "xlsx", "--out", str(out)]).exit_code == 0
    workbook = openpyxl.load_workbook(out)
    del workbook["HZ-ACTION-2023-2025"]
    workbook["规划"].delete_rows(3)
    workbook["规划"]["A2"] = "HZ-COPY"
    sheet = workbook["HZ-2021-2025"]
    sheet.title = "HZ-COPY"
    template = [c.value for c in sheet[2]]
    for n in range(extra_rows):
        sheet.append([1000 + n, *template[1:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts(db):
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Task)), db.session.scalar(
        select(func.count()).select_from(Plan)
    )


class Answer:
    def __init__(self, response):
        self.status_code, self.text = response.status_code, response.get_data(as_text=True)

    def get_data(self, as_text=True):
        return self.text


def upload(app, payload: bytes) -> Answer:
    client = app.test_client()
    login(client, "office1")
    with client.post(
        "/plans/import",
        data={"csrf_token": csrf_token(client, "/plans/"), "file": (io.BytesIO(payload), "规划.xlsx")},
        content_type="multipart/form-data",
    ) as response:  # a large upload is spooled to a temporary file: close it
        return Answer(response)


def test_the_limits_are_settings_with_sane_defaults(app):
    assert app.config["IMPORT_MAX_BYTES"] == 5 * 1024 * 1024 and app.config["IMPORT_MAX_ROWS"] == 5000


def test_too_many_rows_is_refused_with_a_chinese_message_on_the_web_and_the_cli(app, runner, db, tmp_path, monkeypatch):
    seed(runner)
    make_user("office1", roles=("office",), department=None)
    payload = copy_of_plan(runner, tmp_path, extra_rows=30)  # 20 tasks of the plan + 30 + the plans sheet
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 40)
    before = counts(db)
    response = upload(app, payload)
    assert response.status_code == 400
    assert "数据超过导入上限（40 行），未导入任何数据" in response.get_data(as_text=True)
    (tmp_path / "big.xlsx").write_bytes(payload)
    result = runner.invoke(args=["plan", "import", str(tmp_path / "big.xlsx")])
    assert result.exit_code != 0 and "数据超过导入上限（40 行）" in result.output
    assert counts(db) == before
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 60)  # within the limit it imports
    assert upload(app, payload).status_code == 303
    assert counts(db) == (before[0] + 50, before[1] + 1)


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(app, runner, db, tmp_path, monkeypatch):
    seed(runner)
    make_user("office1", roles=("office",), department=None)
    payload = copy_of_plan(runner, tmp_path)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", len(payload) - 1)
    before = counts(db)
    response = upload(app, payload)
    assert response.status_code == 400 and "文件超过导入上限" in response.get_data(as_text=True)
    (tmp_path / "big.xlsx").write_bytes(payload)
    result = runner.invoke(args=["plan", "import", str(tmp_path / "big.xlsx")])
    assert result.exit_code != 0 and "文件超过导入上限" in result.output
    assert counts(db) == before


def test_a_zip_bomb_in_disguise_is_refused(app, runner, db, tmp_path):
    seed(runner)
    make_user("office1", roles=("office",), department=None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (250 * 1024 * 1024))  # 250 MB of nothing, 250 KB packed
    response = upload(app, buffer.getvalue())
    assert response.status_code == 400 and "解压后的内容过大" in response.get_data(as_text=True)


def test_a_large_import_is_streamed_and_stops_at_the_limit_quickly(app, runner, db, tmp_path):
    seed(runner)
    payload = copy_of_plan(runner, tmp_path, extra_rows=20000)  # 20,000 rows took a worker past its timeout
    assert len(payload) <= app.config["IMPORT_MAX_BYTES"]
    started = time.monotonic()
    with app.test_request_context(), pytest.raises(PlanImportError) as refused:
        xlsx_to_plans(io.BytesIO(payload))
    assert refused.value.errors == ["数据超过导入上限（5000 行），未导入任何数据。请分批导入。"]
    assert time.monotonic() - started < 10  # far below gunicorn's timeout (gunicorn.conf.py)
