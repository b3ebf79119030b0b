"""A schedule file by its type: YAML or the Excel template."""

from __future__ import annotations

from pathlib import Path

from supervision.schedules.data import ScheduleData, ScheduleImportError
from supervision.schedules.excel import read_xlsx
from supervision.schedules.yaml_file import read_yaml


def read_schedule_file(name: str, content: bytes) -> ScheduleData:
    """A checked schedule from a .yaml/.yml or .xlsx file; raises ScheduleImportError."""
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(content)
    if suffix == ".xlsx":
        return read_xlsx(content)
    raise ScheduleImportError(["请使用 YAML（.yaml、.yml）或 Excel 模板（.xlsx）文件。"])
