"""Commands of 年度考核: `flask assessment compute|publish|verify|scorecards` and `flask assessment scheme ...`."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import AppGroup

from supervision import clock
from supervision.accounts.services import find_department
from supervision.assessment.output.export import results_json, results_xlsx
from supervision.assessment.output.files import all_pdfs
from supervision.assessment.publishing.services import publish_year, save_scheme
from supervision.assessment.publishing.verify import verify_year
from supervision.assessment.scheme.document import dump_yaml
from supervision.assessment.scoring.services import compute_year, round_for, scheme_for
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.output import write_output
from supervision.pdf import SlowPdfRefused, require_fast_pdf

assessment_cli = AppGroup("assessment", help="年度考核。")
scheme_cli = AppGroup("scheme", help="评分细则（YAML 导出、导入）。")
assessment_cli.add_command(scheme_cli)
cli_groups: list[AppGroup] = [assessment_cli]


def _today():
    return clock.today()


def _fail(error: DomainError):
    db.session.rollback()
    raise click.ClickException(error.message) from None


@assessment_cli.command("compute")
@click.option("--year", type=int, required=True)
@click.option("--reason", help="已发布年度重新计算时必填的理由")
def compute(year, reason):
    """Compute (or, with a reason, revise) the year's scores from the data as of the cut-off."""
    try:
        round_ = compute_year(year, _today(), reason=reason)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    units = len(round_.inputs["data"]["departments"])
    click.echo(
        f"{year} 年度考核已计算（{round_.status_label}，第 {round_.revision} 版，参评范围 {units} 个单位，"
        f"数据截至 {round_.as_of.isoformat()}）"
    )


@assessment_cli.command("publish")
@click.option("--year", type=int, required=True)
def publish(year):
    """Publish (lock) the year's draft scores."""
    try:
        publish_year(year, _today(), actor=None)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{year} 年度考核结果已发布。")


@assessment_cli.command("verify")
@click.option("--year", type=int, required=True)
def verify(year):
    """Recompute the scores from the frozen inputs and compare with today's data and evidence files."""
    try:
        result = verify_year(year)
    except DomainError as error:
        _fail(error)
    click.echo("核算一致。" if result.consistent else "核算不一致！")
    for line in [*result.mismatches, *result.file_problems, *("数据变化：" + c for c in result.data_changes)]:
        click.echo("  " + line)
    if not result.consistent:
        raise SystemExit(1)


@assessment_cli.command("scorecards")
@click.option("--year", type=int, required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--department", "department_name", help="只生成该部门的评分表")
def scorecards(year, out, department_name):
    """Write one PDF scorecard per department (named after it) and summary.pdf into OUT."""
    try:
        require_fast_pdf()
    except SlowPdfRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    round_ = round_for(year)
    if round_ is None:
        raise click.ClickException(f"{year} 年度尚未计算考核结果，请先运行 flask assessment compute --year {year}。")
    department_id = None
    if department_name:
        department = find_department(department_name)
        if department is None:
            raise click.ClickException(f"未找到部门“{department_name}”。")
        department_id = department.id
    started = time.perf_counter()
    files = all_pdfs(round_, department_id)
    db.session.commit()
    if department_id is not None and not files:
        raise click.ClickException(f"“{department_name}”不参加 {year} 年度评分排名，没有评分表。")
    out.mkdir(parents=True, exist_ok=True)
    for name, pdf in files.items():
        tmp = out / (name + ".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(out / name)
    click.echo(f"已生成 {len(files)} 份 PDF 到 {out}（{time.perf_counter() - started:.1f} 秒）")


@assessment_cli.command("export")
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="输出文件（不填则写到标准输出）")
def export(year, fmt, out):
    """Write the year's results (不参评 units with participating false, no rank and no grade)."""
    round_ = round_for(year)
    if round_ is None:
        raise click.ClickException(f"{year} 年度尚未计算考核结果，请先运行 flask assessment compute --year {year}。")
    if fmt == "xlsx" and out is None:
        raise click.ClickException("导出 Excel 请用 --out 指定文件。")
    payload = results_json(round_) if fmt == "json" else results_xlsx(round_)
    write_output(payload, out, f"已导出 {year} 年度考核结果到 {out}")


@scheme_cli.command("export")
@click.option("--year", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def scheme_export(year, out):
    """Export the year's scheme as YAML (stdout when no file)."""
    try:
        scheme = scheme_for(year)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    write_output(dump_yaml(scheme.config, year).encode(), out, f"已导出 {year} 年度评分细则到 {out}")


@scheme_cli.command("import")
@click.option("--year", type=int, required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reason", help="考核结果已发布时必填的理由")
def scheme_import(year, file, reason):
    """Replace the year's scheme with a YAML file (validated; nothing changes on error)."""
    import yaml

    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        save_scheme(year, raw, actor=None, reason=reason)
    except yaml.YAMLError:
        raise click.ClickException("YAML 格式有误，请检查缩进和冒号。") from None
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"已导入 {year} 年度评分细则。")
