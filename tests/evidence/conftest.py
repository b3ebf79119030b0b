"""Fixtures of the object-store tests: moto's standalone server, a bucket per test, the app switched to S3."""

from __future__ import annotations

import uuid

import boto3
import pytest

from tests.evidence.s3server import MotoServer

KEYS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def moto():
    server = MotoServer()
    yield server
    server.stop()


@pytest.fixture
def bucket(moto):
    name = f"evidence-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto.url, **KEYS)
    client.create_bucket(Bucket=name)
    yield name
    client.close()


@pytest.fixture
def direct(moto):
    """A client that talks to the server itself (not through a relay), for checking what is visible."""
    client = boto3.client("s3", endpoint_url=moto.url, **KEYS)
    yield client
    client.close()


@pytest.fixture
def s3_app(app, moto, bucket, tmp_path, monkeypatch):
    """The session's app switched to the object store, with an upload folder of its own."""
    for key, value in {
        "EVIDENCE_STORAGE": "s3",
        "S3_ENDPOINT_URL": moto.url,
        "S3_BUCKET": bucket,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_REGION": "us-east-1",
        "S3_PRESIGN_SECONDS": 0,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return app
