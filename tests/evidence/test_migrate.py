"""`flask evidence migrate --to s3|local`: every file copied with its checksum, resumable, nothing lost."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from supervision.evidence.migrate import migrate_objects
from supervision.evidence.s3 import S3Objects, object_key
from supervision.evidence.services import storage
from supervision.extensions import db as _db
from tests.builders import PDF, make_evidence, make_milestone, make_user
from tests.evidence.s3server import visible

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FILES = 36  # a scale-1-like set: a few dozen files of several kinds and sizes


def make_files(count: int = FILES) -> dict[str, bytes]:
    """Evidence rows and their files; returns sha256 -> content."""
    milestone = make_milestone()
    actor = make_user("migrator", roles=("liaison",), department=milestone.task.lead_departments[0])
    contents = {}
    for i in range(count):
        if i % 3 == 2:
            name, content = f"照片{i}.png", PNG + bytes([i]) * (i * 997)
        else:
            name, content = f"材料{i}.pdf", PDF + f"第{i}份".encode() * (i * 131 + 1)
        evidence = make_evidence(milestone, actor=actor, filename=name, content=content)
        contents[evidence.sha256] = content
    make_evidence(milestone, actor=actor, filename="重复.pdf", content=contents[next(iter(contents))])  # stored once
    _db.session.commit()
    return contents


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_all(store, sha256: str) -> bytes:
    with store.open(sha256) as handle:
        return handle.read()


@pytest.fixture
def local_app(s3_app):
    """The app on the local disk, with the object store configured as the other side of a migration."""
    s3_app.config["EVIDENCE_STORAGE"] = "local"
    return s3_app


def test_migrate_to_s3_and_back_with_every_checksum_equal(local_app, runner, db, direct, bucket):
    contents = make_files()
    objects = Path(local_app.config["UPLOAD_DIR"]) / "objects"
    assert len(list(objects.glob("??/??/*"))) == FILES

    result = runner.invoke(args=["evidence", "migrate", "--to", "s3"])
    assert result.exit_code == 0, result.output
    assert f"复制 {FILES} 个，已存在且校验一致而跳过 0 个。" in result.output
    assert "EVIDENCE_STORAGE=s3" in result.output
    assert sorted(visible(direct, bucket)) == sorted(object_key(sha) for sha in contents)
    for sha, content in contents.items():
        body = direct.get_object(Bucket=bucket, Key=object_key(sha))["Body"]
        with body:
            assert sha_of(body.read()) == sha == sha_of(content)
    assert all(objects.glob("??/??/*")), "the source is kept"

    shutil.rmtree(objects)  # the disk is lost: bring every file back from the object store
    local_app.config["EVIDENCE_STORAGE"] = "s3"
    result = runner.invoke(args=["evidence", "migrate", "--to", "local"])
    assert result.exit_code == 0, result.output
    assert f"复制 {FILES} 个，已存在且校验一致而跳过 0 个。" in result.output
    restored = {p.name: p.read_bytes() for p in objects.glob("??/??/*")}
    assert restored == contents and all(sha_of(data) == sha for sha, data in restored.items())
    assert not any((Path(local_app.config["UPLOAD_DIR"]) / "tmp").iterdir())


def test_an_interrupted_migration_resumes_and_skips_what_was_copied(local_app, runner, db, direct, bucket, monkeypatch):
    contents = make_files()
    published = []
    real_publish = S3Objects.publish

    def publish_ten_then_die(self, checked, sha256):
        if len(published) == 10:
            raise KeyboardInterrupt  # the operator presses Ctrl+C, or the process is killed
        real_publish(self, checked, sha256)
        published.append(sha256)

    monkeypatch.setattr(S3Objects, "publish", publish_ten_then_die)
    with pytest.raises(KeyboardInterrupt):
        migrate_objects(storage("local"), storage("s3"))
    assert sorted(visible(direct, bucket)) == sorted(object_key(sha) for sha in published)
    assert not any((Path(local_app.config["UPLOAD_DIR"]) / "tmp").iterdir())

    monkeypatch.setattr(S3Objects, "publish", real_publish)
    result = runner.invoke(args=["evidence", "migrate", "--to", "s3"])
    assert result.exit_code == 0, result.output
    assert f"复制 {FILES - 10} 个，已存在且校验一致而跳过 10 个。" in result.output
    for sha in contents:
        assert sha_of(read_all(storage("s3"), sha)) == sha
    again = runner.invoke(args=["evidence", "migrate", "--to", "s3"])
    assert f"复制 0 个，已存在且校验一致而跳过 {FILES} 个。" in again.output


def test_a_damaged_source_file_is_reported_not_copied(local_app, runner, db, direct, bucket):
    contents = make_files(3)
    damaged = next(iter(contents))
    path = Path(local_app.config["UPLOAD_DIR"]) / "objects" / damaged[:2] / damaged[2:4] / damaged
    path.write_bytes(b"%PDF-1.4 altered")
    result = runner.invoke(args=["evidence", "migrate", "--to", "s3"])
    assert result.exit_code != 0
    assert f"失败：{damaged}: 源文件内容与其校验和不符" in result.output
    assert f"缺失：佐证材料 {damaged} 在目标存储中不存在" in result.output
    assert "迁移未全部完成" in result.output
    assert object_key(damaged) not in visible(direct, bucket) and len(visible(direct, bucket)) == 2
