"""`flask indicators export|import`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.indicators.export import to_json, to_xlsx
from supervision.indicators.importing import import_values
from supervision.indicators.queries import register_rows
from supervision.output import write_output

indicators_cli = AppGroup("indicators", help="主要指标的导出与年度数值导入。")


@indicators_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True)
@click.option("--plan", "code", help="规划编号；不填则导出全部")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="输出文件；不填则写到标准输出")
def indicators_export(fmt, code, out):
    """Export the indicator register with its yearly values as JSON or Excel."""
    rows = register_rows(code)
    if code and not rows:
        raise click.ClickException(f"规划“{code}”没有指标。")
    if fmt == "xlsx" and out is None:
        raise click.ClickException("导出 Excel 时请用 --out 指定文件。")
    write_output(to_json(rows) if fmt == "json" else to_xlsx(rows), out, f"已导出 {len(rows)} 项指标到 {out}")


@indicators_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def indicators_import(file):
    """Import yearly values from an Excel file in the export layout (all or nothing), submitted for review."""
    try:
        counts = import_values(file.read_bytes())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"已导入指标数值：新增或修改 {counts['entered']} 个，未变 {counts['unchanged']} 个（待办公室审核）")
