"""`flask status export`: the year's ledger (台账) as JSON or Excel."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from supervision.clock import today
from supervision.output import write_output
from supervision.spreadsheets import xlsx_bytes
from supervision.work.queries import LEDGER_HEADERS, ledger, ledger_cells

status_cli = AppGroup("status", help="督办台账导出。")

LEDGER_WIDTHS = (16, 8, 6, 30, 24, 30, 22, 12, 16, 10)


@status_cli.command("export")
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def status_export(year, fmt, out):
    """Export the year's ledger (台账) of every active task with its milestones and lights."""
    data = ledger(year, today())
    if fmt == "json":
        payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        payload = xlsx_bytes(LEDGER_HEADERS, ledger_cells(data), title=f"{year}年督办台账", widths=LEDGER_WIDTHS)
    write_output(payload, out, f"已导出 {len(data['tasks'])} 项任务到 {out}")
