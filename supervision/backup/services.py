"""Creating a backup and restoring one: the database and the evidence files together."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text

from supervision.audit.services import record_event
from supervision.backup.archive import OBJECTS, SUFFIX, file_sha256, unpack_checked, write_archive
from supervision.backup.database import DUMP_NAMES, database_has_rows, dump_database, restore_database
from supervision.errors import DomainError
from supervision.extensions import db


@dataclass(frozen=True)
class BackupSettings:
    """What a backup needs besides the data: the key (BACKUP_KEY) and, on PostgreSQL, the tools and roles."""

    key: str
    pg_bin_dir: str | None = None
    owner_url: str | None = None  # MIGRATION_DATABASE_URL: pg_restore recreates the tables as the owner
    app_role: str | None = None  # DATABASE_APP_ROLE: granted its rights again after a restore


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.scalar(text("SELECT version_num FROM alembic_version"))
        except Exception:  # an unmigrated database has no version table
            return None


def create_backup(out_dir: Path, upload_dir: Path, now: datetime, settings: BackupSettings) -> Path:
    """Snapshot the database, then add every evidence file; evidence is never changed or deleted once
    stored (content-addressed), so every file the snapshot refers to is there. Returns the archive
    (encrypted, signed, 0600)."""
    engine = db.engine
    record_event("backup.create", object_type="backup", category="security", detail=str(out_dir))
    db.session.commit()
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = out_dir / f"supervision-backup-{now:%Y%m%d-%H%M%S}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".backup-") as work:
        dump = Path(work) / "database"
        dump_database(engine, dump, settings.pg_bin_dir)
        members = {DUMP_NAMES[engine.dialect.name]: dump}
        objects = upload_dir / "objects"
        for path in sorted(p for p in objects.rglob("*") if p.is_file()) if objects.is_dir() else []:
            members[f"{OBJECTS}/{path.relative_to(objects).as_posix()}"] = path
        info = {"created_at": now.isoformat(), "dialect": engine.dialect.name, "alembic_revision": _revision(engine)}
        write_archive(target, members, info, settings.key)
    return target


def restore_backup(archive: Path, upload_dir: Path, settings: BackupSettings, *, force: bool = False) -> dict:
    """Check the whole archive first; only then put the evidence files and the database back."""
    engine = db.engine
    db.session.remove()
    upload_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=upload_dir, prefix=".restore-") as work:
        checked = unpack_checked(archive, Path(work), settings.key)
        dialect = checked.manifest.get("dialect")
        if dialect != engine.dialect.name or DUMP_NAMES.get(dialect) not in checked.manifest["files"]:
            raise DomainError(
                f"备份来自 {dialect} 数据库，不能恢复到当前的 {engine.dialect.name} 数据库，未做任何更改。"
            )
        if not force and database_has_rows(engine):
            raise DomainError("目标数据库已有数据；如确需用备份覆盖，请加 --force，未做任何更改。")
        files, repaired = _restore_objects(Path(work) / OBJECTS, upload_dir / "objects", checked.manifest["files"])
        dump = Path(work) / DUMP_NAMES[dialect]
        restore_database(engine, dump, settings.pg_bin_dir, settings.owner_url, settings.app_role)
    record_event(
        "backup.restore",
        object_type="backup",
        category="security",
        after={"files": files, "repaired": repaired},
        detail=f"{archive.name}（备份时间 {checked.manifest.get('created_at')}）",
    )
    db.session.commit()
    return {"files": files, "repaired": repaired, "created_at": checked.manifest.get("created_at")}


def _restore_objects(source: Path, objects: Path, manifest_files: dict) -> tuple[int, int]:
    """Put every evidence file in place, each renamed into place only when complete. A file that is
    already there is kept only if its checksum is the archive's: a damaged one is replaced. Returns the
    number of files and of damaged files replaced."""
    count = repaired = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else []:
        relative = path.relative_to(source)
        target = objects / relative
        expected = manifest_files[f"{OBJECTS}/{relative.as_posix()}"]["sha256"]
        target.parent.mkdir(parents=True, exist_ok=True)
        exists = target.is_file()
        if not exists or file_sha256(target) != expected:
            tmp = target.with_name(f".{target.name}.part")
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
            repaired += int(exists)
        count += 1
    return count, repaired
