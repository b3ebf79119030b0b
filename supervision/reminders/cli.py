"""Commands of 催办与通知."""

from flask.cli import AppGroup

cli_groups: list[AppGroup] = []
