"""Evidence in an S3-compatible object store, against moto's standalone server on a loopback port."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
import urllib.request

import pytest

from supervision.errors import DomainError
from supervision.evidence.filetypes import UploadRejected
from supervision.evidence.models import Evidence
from supervision.evidence.s3 import object_key
from supervision.evidence.services import upload_evidence
from supervision.evidence.storage import MSG_STORE_UNAVAILABLE
from supervision.extensions import db as _db
from tests.builders import PDF, make_evidence, make_milestone, make_user
from tests.evidence.s3server import Relay, pending_uploads, s3_store, visible
from tests.helpers import login


def test_upload_and_download_through_the_object_store(tmp_path, moto, bucket, direct):
    store = s3_store(tmp_path, moto.url, bucket)
    stored = store.save(io.BytesIO(PDF), "年度总结.pdf")
    sha = hashlib.sha256(PDF).hexdigest()
    assert (stored.sha256, stored.size, stored.kind, stored.path) == (sha, len(PDF), "pdf", None)
    assert visible(direct, bucket) == [object_key(sha)]
    assert direct.head_object(Bucket=bucket, Key=object_key(sha))["Metadata"] == {"sha256": sha}
    with store.open(sha) as handle:
        assert handle.read() == PDF
    assert store.is_intact(sha) and not any((tmp_path / "ev" / "tmp").iterdir())
    with pytest.raises(FileNotFoundError):
        store.open("0" * 64)


def test_identical_content_is_stored_once(tmp_path, moto, bucket, direct):
    store = s3_store(tmp_path, moto.url, bucket)
    first = store.save(io.BytesIO(PDF), "a.pdf")
    second = store.save(io.BytesIO(PDF), "b.pdf")
    assert first.sha256 == second.sha256
    assert visible(direct, bucket) == [object_key(first.sha256)]


def test_refused_uploads_leave_nothing_in_the_bucket(tmp_path, moto, bucket, direct):
    store = s3_store(tmp_path, moto.url, bucket, max_bytes=1024)
    with pytest.raises(UploadRejected, match="文件超过大小上限"):
        store.save(io.BytesIO(PDF + b"0" * 2048), "big.pdf")
    with pytest.raises(UploadRejected, match="不允许上传可执行文件"):
        store.save(io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100), "tool.pdf")
    assert visible(direct, bucket) == [] and pending_uploads(direct, bucket) == []
    assert not any((tmp_path / "ev" / "tmp").iterdir())


class PdfStream:
    """A PDF of `size` bytes made on the fly, read in the caller's chunks."""

    def __init__(self, size: int) -> None:
        self.left, self.head, self.digest = size, PDF, hashlib.sha256()

    def read(self, n: int) -> bytes:
        chunk = self.head[:n] if self.head else b"\x00" * min(n, self.left)
        self.head = self.head[len(chunk) :]
        chunk = chunk[: self.left]
        self.left -= len(chunk)
        self.digest.update(chunk)
        return chunk


def test_a_100_mb_upload_is_streamed_in_parts_with_flat_memory(tmp_path, moto, bucket, direct):
    size = 100 * 1024 * 1024
    store = s3_store(tmp_path, moto.url, bucket, max_bytes=size)
    stream = PdfStream(size)
    tracemalloc.start()
    try:
        stored = store.save(stream, "big.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.sha256 == stream.digest.hexdigest() and stored.size == size
    assert peak < 40 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a 100 MiB file"
    head = direct.head_object(Bucket=bucket, Key=object_key(stored.sha256))
    assert head["ContentLength"] == size and head["ETag"].strip('"').endswith("-13")  # 13 parts of 8 MiB


def test_an_outage_during_upload_leaves_nothing_visible_and_says_so_in_chinese(tmp_path, moto, bucket, direct):
    relay = Relay(moto.port)
    store = s3_store(tmp_path, relay.url, bucket, max_bytes=64 * 1024 * 1024)
    client = store.backend.client
    real_upload_part = client.upload_part

    def upload_part_then_fail(**kwargs):
        answer = real_upload_part(**kwargs)
        relay.down()  # the store goes away after the first part
        return answer

    client.upload_part = upload_part_then_fail
    with pytest.raises(UploadRejected) as info:
        store.save(PdfStream(20 * 1024 * 1024), "进度材料.pdf")
    assert info.value.message == MSG_STORE_UNAVAILABLE
    assert "对象存储服务暂时不可用，文件未保存" in MSG_STORE_UNAVAILABLE
    assert visible(direct, bucket) == []  # an unfinished multipart upload is no object
    assert not any((tmp_path / "ev" / "tmp").iterdir())

    relay.up()  # back again: the same upload now succeeds
    client.upload_part = real_upload_part
    stored = store.save(PdfStream(20 * 1024 * 1024), "进度材料.pdf")
    assert visible(direct, bucket) == [object_key(stored.sha256)]
    relay.down()


def test_an_unreachable_store_refuses_the_upload_and_records_nothing(s3_app, db, moto):
    milestone = make_milestone()
    actor = make_user("s3down", roles=("liaison",), department=milestone.task.lead_departments[0])
    s3_app.config["S3_ENDPOINT_URL"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(DomainError, match="对象存储服务暂时不可用"):
        upload_evidence(milestone, io.BytesIO(PDF), "材料.pdf", actor=actor)
    _db.session.rollback()
    assert _db.session.query(Evidence).count() == 0


def test_download_pages_stream_from_the_store_or_redirect_to_a_presigned_url(s3_app, db, direct, bucket):
    evidence = make_evidence(filename="配合材料.pdf")
    username = evidence.uploader.username
    _db.session.commit()
    assert visible(direct, bucket) == [object_key(evidence.sha256)]
    client = s3_app.test_client()
    assert login(client, username).status_code == 303
    content = PDF + "配合材料.pdf".encode()
    with client.get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 200 and response.data == content
        assert response.headers["Content-Length"] == str(len(content))
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    s3_app.config["S3_PRESIGN_SECONDS"] = 60
    with client.get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 302
        url = response.headers["Location"]
    assert "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.read() == content
        assert "attachment" in answer.headers["Content-Disposition"]


def test_healthz_reports_the_object_store_and_its_outage(s3_app):
    client = s3_app.test_client()
    with client.get("/healthz") as response:
        assert response.get_json()["storage"] == {"backend": "s3", "status": "ok"}
    s3_app.config["S3_ENDPOINT_URL"] = "http://127.0.0.1:9"  # nothing listens there
    with client.get("/healthz") as response:
        assert response.status_code == 200  # the pages still work; uploads and downloads say what is wrong
        assert response.get_json()["storage"]["status"].startswith("error")
