"""`flask backup create|restore`."""

from flask.cli import AppGroup

cli_groups: list[AppGroup] = []
