"""PDF scorecards and the summary: Chinese text in an embedded CJK font, A4, small files."""

import shutil
import subprocess

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment, ScorecardFile
from supervision.assessment.scoring.services import compute_year
from tests.assessment.builders import TODAY, Year2025

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def fonts_of(path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return lines[2:]


def test_one_department_scorecard_reads_back_in_chinese(runner, year, tmp_path):
    result = runner.invoke(
        args=["assessment", "scorecards", "--year", "2025", "--out", str(tmp_path), "--department", "市教育局"]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "市教育局.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["市教育局.pdf"]
    text = text_of(path)
    assert "市教育局" in text and "2025年度健康杭州建设考核评分表" in text
    assert "55.73" in text and "不合格" in text and "草稿" in text
    assert "牵头任务完成情况" in text and "23.20" in text  # a component with its score
    assert "近视防控做法被省教育厅推广" in text  # a bonus line with its reason
    assert "被退回" in text and "请补充数据" in text  # a deduction line with its reason
    assert "截止日仍为红灯" in text  # the grade cap and why
    assert "第1页/共" in text.replace(" ", "")  # page numbers
    fonts = fonts_of(path)
    assert fonts and all("Noto-Sans-CJK-SC" in line and " yes yes yes " in line for line in fonts)  # embedded subset
    assert path.stat().st_size < 1024 * 1024
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_all_scorecards_and_the_summary(runner, year, db, tmp_path):
    result = runner.invoke(args=["assessment", "scorecards", "--year", "2025", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rated = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated)).all()
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {f"{a.department.name}.pdf" for a in rated} | {"summary.pdf"}
    summary = text_of(tmp_path / "summary.pdf")
    assert "2025年度健康杭州建设考核结果汇总表" in summary and "市司法局" in summary and "80.00" in summary
    assert all((tmp_path / name).stat().st_size < 1024 * 1024 for name in names)
    # kept for download; unchanged data are not rendered again
    kept = {f.key: f.rendered_at for f in db.session.scalars(select(ScorecardFile))}
    assert len(kept) == len(names)
    runner.invoke(args=["assessment", "scorecards", "--year", "2025", "--out", str(tmp_path)])
    db.session.expire_all()
    assert {f.key: f.rendered_at for f in db.session.scalars(select(ScorecardFile))} == kept


def test_the_command_refuses_to_run_slowly(runner, year, tmp_path, monkeypatch):
    monkeypatch.setattr("supervision.pdf.pdf_support", lambda: {"cjk_font": True, "harfbuzz_subset": False})
    result = runner.invoke(args=["assessment", "scorecards", "--year", "2025", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "libharfbuzz-subset0" in result.output
    assert not list(tmp_path.iterdir())


def test_weasyprint_may_read_static_files_only():
    from supervision.config import ROOT
    from supervision.pdf import _allowed_url

    assert _allowed_url((ROOT / "static" / "pdf" / "scorecard.css").as_uri())
    assert _allowed_url("data:text/css,p{}")
    assert not _allowed_url((ROOT / "static" / ".." / "instance" / "secret_key").as_uri())
    assert not _allowed_url("file:///etc/passwd")
    assert not _allowed_url("https://example.com/font.woff")
