"""`flask backup create|restore`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from supervision.backup.services import BackupSettings, create_backup, restore_backup
from supervision.clock import SHANGHAI
from supervision.errors import DomainError
from supervision.extensions import db

backup_cli = AppGroup("backup", help="备份与恢复：数据库和全部佐证材料，一个加密、签名、带校验和的归档文件。")
cli_groups: list[AppGroup] = [backup_cli]


def _settings() -> BackupSettings:
    config = current_app.config
    return BackupSettings(
        key=config["BACKUP_KEY"],
        pg_bin_dir=config["PG_BIN_DIR"],
        owner_url=config["MIGRATION_DATABASE_URL"],
        app_role=config["DATABASE_APP_ROLE"],
    )


@backup_cli.command("create")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="备份目录")
def create(out_dir: Path):
    """Write one consistent, encrypted and signed archive of the database and the evidence files to OUT."""
    try:
        archive = create_backup(out_dir, Path(current_app.config["UPLOAD_DIR"]), datetime.now(SHANGHAI), _settings())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"备份已完成：{archive}")
    if current_app.config["EVIDENCE_STORAGE"] == "s3":
        click.echo(
            "注意：佐证材料存放在对象存储中，本归档只含数据库；对象由存储桶的版本控制和跨站点复制保护"
            "（见 README“佐证材料存储”）。需要离线副本时运行 flask evidence migrate --to local 后再备份。"
        )


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标数据库已有数据时仍用备份覆盖")
def restore(archive: Path, force: bool):
    """Restore ARCHIVE (stop the web and scheduler processes first); a damaged archive changes nothing."""
    try:
        result = restore_backup(archive, Path(current_app.config["UPLOAD_DIR"]), _settings(), force=force)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    repaired = f"（其中 {result['repaired']} 个已损坏，已用备份中的完好副本替换）" if result["repaired"] else ""
    click.echo(f"恢复完成：数据库已恢复到 {result['created_at']} 的备份，佐证材料 {result['files']} 个{repaired}。")
