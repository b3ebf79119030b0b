"""`flask backup create` and `flask backup restore`: everything comes back into an empty instance; a
damaged archive is refused with a Chinese message and changes nothing."""

import gzip
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from supervision.accounts.models import User
from supervision.backup.archive import file_sha256
from supervision.backup.crypto import DecryptingReader, EncryptingWriter, sign
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.conftest import make_test_app
from tests.helpers import make_user, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def world(app, runner, db) -> None:
    """Seeded plans, milestones, users, audit events and two evidence files."""
    from supervision.evidence.services import upload_evidence

    seed(runner)
    assert runner.invoke(args=["milestones", "generate", "--year", "2025"]).exit_code == 0
    make_user("lead1", roles=("liaison",))
    make_user("office1")
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    lead = db.session.scalar(select(User).where(User.username == "lead1"))
    with app.test_request_context():
        upload_evidence(milestone, io.BytesIO(PDF), "第三季度.pdf", actor=lead)
        upload_evidence(milestone, io.BytesIO(PDF + b"%% 2"), "附件.pdf", actor=lead)
    db.session.commit()


@pytest.fixture
def empty_instance(app, tmp_path):
    """A second app on an empty database and an empty upload folder."""
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if source.get_backend_name() == "postgresql":
        name = "supervision_restore_test"
        admin = create_engine(source, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = source.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    target = make_test_app(SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path / "restored-uploads"))
    yield target
    with target.app_context():
        from supervision.extensions import db

        db.engine.dispose()
    if source.get_backend_name() == "postgresql":
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


def table_rows(url: str) -> dict[str, list]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = {}
            for name in inspect(conn).get_table_names():
                pk = inspect(conn).get_pk_constraint(name)["constrained_columns"]
                order = ", ".join(pk) if pk else "1"
                rows[name] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY {order}"))]
            return rows
    finally:
        engine.dispose()


def files(root: Path) -> dict[str, bytes]:
    objects = root / "objects"
    return {p.relative_to(objects).as_posix(): p.read_bytes() for p in objects.rglob("*") if p.is_file()}


def make_backup(runner, out: Path) -> Path:
    result = runner.invoke(args=["backup", "create", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (archive,) = out.glob("supervision-backup-*.tar.gz.enc")
    return archive


def restore(target, archive: Path, *extra: str):
    with target.app_context():
        return target.test_cli_runner().invoke(args=["backup", "restore", str(archive), *extra])


def test_restore_into_an_empty_instance_brings_everything_back(app, runner, db, tmp_path, empty_instance):
    world(app, runner, db)
    archive = make_backup(runner, tmp_path / "backups")
    db.session.rollback()
    before = table_rows(app.config["SQLALCHEMY_DATABASE_URI"])
    assert len(before["evidence"]) == 2 and len(files(Path(app.config["UPLOAD_DIR"]))) >= 2

    result = restore(empty_instance, archive)
    assert result.exit_code == 0, result.output
    assert "恢复完成" in result.output
    after = table_rows(empty_instance.config["SQLALCHEMY_DATABASE_URI"])
    restored_events = after.pop("audit_events")
    assert restored_events[:-1] == before.pop("audit_events")  # plus the restore's own record
    assert after == before
    assert files(Path(empty_instance.config["UPLOAD_DIR"])) == files(Path(app.config["UPLOAD_DIR"]))
    with empty_instance.app_context():
        verified = empty_instance.test_cli_runner().invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output


def unpack(archive: Path, into: Path) -> Path:
    """Decrypt and unpack an archive with this instance's BACKUP_KEY, as only its owner can."""
    with archive.open("rb") as raw:
        plain = DecryptingReader(raw, current_app.config["BACKUP_KEY"]).read()
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as tar:
        tar.extractall(into, filter="data")
    return into


def repack(unpacked: Path, target: Path, key: str | None = None) -> Path:
    """Pack and encrypt a folder as an archive (with this instance's key unless told otherwise)."""
    with target.open("wb") as raw:
        writer = EncryptingWriter(raw, key or current_app.config["BACKUP_KEY"])
        with gzip.GzipFile(fileobj=writer, mode="wb") as packed, tarfile.open(fileobj=packed, mode="w|") as tar:
            for path in sorted(unpacked.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=path.relative_to(unpacked).as_posix())
        writer.finish()
    return target


def tampered_copy(archive: Path, tmp_path: Path) -> Path:
    """The same archive with one evidence file changed and the manifest left as it was."""
    unpacked = unpack(archive, tmp_path / "unpacked")
    victim = next(p for p in (unpacked / "uploads" / "objects").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"tampered")
    return repack(unpacked, tmp_path / "tampered.tar.gz.enc")


def test_a_damaged_archive_is_refused_and_nothing_changes(app, runner, db, tmp_path, empty_instance):
    world(app, runner, db)
    archive = make_backup(runner, tmp_path / "backups")
    result = restore(empty_instance, tampered_copy(archive, tmp_path))
    assert result.exit_code == 1 and "校验和不符" in result.output and "未做任何更改" in result.output
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: os.path.getsize(archive) // 2])
    result = restore(empty_instance, truncated)
    assert result.exit_code == 1 and "已损坏" in result.output
    assert table_rows(empty_instance.config["SQLALCHEMY_DATABASE_URI"]) == {}
    upload_dir = Path(empty_instance.config["UPLOAD_DIR"])
    assert not (upload_dir / "objects").exists() and list(upload_dir.glob("*")) == []


def test_a_database_with_data_is_not_overwritten_without_force(app, runner, db, tmp_path):
    make_user("office1")
    archive = make_backup(runner, tmp_path / "backups")
    result = runner.invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 1 and "--force" in result.output


def test_restore_replaces_a_damaged_evidence_file_from_the_archive(app, runner, db, tmp_path, empty_instance):
    world(app, runner, db)
    archive = make_backup(runner, tmp_path / "backups")
    assert restore(empty_instance, archive).exit_code == 0
    restored = Path(empty_instance.config["UPLOAD_DIR"])
    victim = sorted((restored / "objects").rglob("*"))[-1]
    good = victim.read_bytes()
    victim.write_bytes(b"\0" * len(good))  # bit rot: same name and size, other content
    result = restore(empty_instance, archive, "--force")
    assert result.exit_code == 0, result.output
    assert "其中 1 个已损坏，已用备份中的完好副本替换" in result.output
    assert victim.read_bytes() == good
    assert files(restored) == files(Path(app.config["UPLOAD_DIR"]))


def test_a_swapped_database_with_an_updated_checksum_is_refused(app, runner, db, tmp_path, empty_instance):
    world(app, runner, db)
    archive = make_backup(runner, tmp_path / "backups")
    unpacked = unpack(archive, tmp_path / "unpacked")
    (dump,) = (unpacked / "database").iterdir()
    dump.write_bytes(dump.read_bytes() + b"another database")
    manifest = json.loads((unpacked / "manifest.json").read_text())
    manifest["files"][f"database/{dump.name}"] = {"sha256": file_sha256(dump), "size": dump.stat().st_size}
    (unpacked / "manifest.json").write_text(json.dumps(manifest))  # the checksum updated, the signature not
    result = restore(empty_instance, repack(unpacked, tmp_path / "swapped.tar.gz.enc"))
    assert result.exit_code == 1 and "签名不符" in result.output and "未做任何更改" in result.output
    (unpacked / "manifest.sig").write_text(
        sign("a key that is not this instance's", (unpacked / "manifest.json").read_bytes())
    )
    result = restore(empty_instance, repack(unpacked, tmp_path / "resigned.tar.gz.enc"))
    assert result.exit_code == 1 and "签名不符" in result.output
    assert table_rows(empty_instance.config["SQLALCHEMY_DATABASE_URI"]) == {}


def test_archives_are_encrypted_and_readable_only_by_owner(app, runner, db, tmp_path, empty_instance, monkeypatch):
    world(app, runner, db)
    archive = make_backup(runner, tmp_path / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    raw = archive.read_bytes()
    assert not raw.startswith(b"\x1f\x8b") and b"manifest" not in raw and b"%PDF" not in raw
    monkeypatch.setitem(empty_instance.config, "BACKUP_KEY", "another instance's backup key 0123456789")
    result = restore(empty_instance, archive)
    assert result.exit_code == 1 and "无法解密" in result.output and "BACKUP_KEY" in result.output


def test_the_sqlite_database_file_is_created_private(tmp_path):
    target = make_test_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.db'}")
    with target.app_context():
        from supervision.extensions import db

        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x)"))
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        db.engine.dispose()
    assert modes["fresh.db"] == 0o600 and all(mode == 0o600 for mode in modes.values()), modes
