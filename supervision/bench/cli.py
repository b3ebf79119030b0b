"""`flask bench generate --scale N`."""

from __future__ import annotations

import time
from datetime import date

import click
from flask.cli import AppGroup

from supervision.bench.generate import generate

bench_cli = AppGroup("bench", help="压测数据。")


@bench_cli.command("generate")
@click.option("--scale", type=int, default=1, show_default=True, help="1 = 真实规模；N ≈ N 倍（10 = 十倍，100 = 百倍）")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="数据的“今天”；默认 2025-12-20")
def bench_generate(scale, today):
    """Fill a seeded, empty database with realistic data at the given scale."""
    started = time.perf_counter()
    try:
        counts = generate(scale, today=date.fromordinal(today.toordinal()) if today else None)
    except (ValueError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    seconds = time.perf_counter() - started
    click.echo("；".join(f"{k} {v}" for k, v in counts.items()) + f"（用时 {seconds:.1f} 秒）")
