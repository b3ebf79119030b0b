"""`flask backup create` and `flask backup restore`: everything comes back into an empty instance; a
damaged archive is refused with a Chinese message and changes nothing."""

import io
import os
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from supervision.accounts.models import User
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
    (archive,) = out.glob("supervision-backup-*.tar.gz")
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


def tampered_copy(archive: Path, tmp_path: Path) -> Path:
    """The same archive with one evidence file changed and the manifest left as it was."""
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    victim = next(p for p in (unpacked / "uploads" / "objects").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"tampered")
    copy = tmp_path / "tampered.tar.gz"
    with tarfile.open(copy, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    return copy


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
