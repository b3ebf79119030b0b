"""Commands of 年度考核."""

from flask.cli import AppGroup

cli_groups: list[AppGroup] = []
