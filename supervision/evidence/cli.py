"""`flask evidence migrate --to s3|local`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from supervision.evidence.migrate import migrate_objects
from supervision.evidence.s3 import StoreUnavailable
from supervision.evidence.services import storage

evidence_cli = AppGroup("evidence", help="佐证材料存储：在本地磁盘与对象存储之间迁移。")


@evidence_cli.command("migrate")
@click.option("--to", "target", required=True, type=click.Choice(["s3", "local"]), help="目标存储")
def migrate(target: str):
    """Copy every evidence file to TARGET with checksum verification (resumable; the source is kept)."""
    origin = "local" if target == "s3" else "s3"
    source_store, target_store = storage(origin), storage(target)
    click.echo(f"迁移佐证材料：{source_store.backend.describe()} → {target_store.backend.describe()}")

    def progress(done: int) -> None:
        if done % 1000 == 0:
            click.echo(f"  已处理 {done} 个文件")

    try:
        result = migrate_objects(source_store, target_store, progress)
    except StoreUnavailable as error:
        raise click.ClickException(f"对象存储服务不可用，迁移中断（可重新运行以继续）：{error}") from None
    click.echo(f"复制 {result.copied} 个，已存在且校验一致而跳过 {result.skipped} 个。")
    for line in result.failed:
        click.echo(f"  失败：{line}", err=True)
    for sha256 in result.missing:
        click.echo(f"  缺失：佐证材料 {sha256} 在目标存储中不存在", err=True)
    if not result.complete:
        raise click.ClickException("迁移未全部完成，请检查上述文件后重新运行（已复制的文件会被跳过）。")
    if current_app.config["EVIDENCE_STORAGE"] != target:
        click.echo(f"全部文件已在目标存储中。请设置 EVIDENCE_STORAGE={target} 并重启应用和定时任务进程。")
