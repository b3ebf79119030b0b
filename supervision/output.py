"""Writing a command's output: to standard output, or atomically to a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def write_output(payload: bytes, out: Path | None, done_message: str) -> None:
    """Standard output when `out` is None; otherwise a temporary file renamed into place when complete."""
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(out)
    click.echo(done_message, err=True)
