"""Evidence objects in an S3-compatible store (MinIO, Ceph RGW, OBS, OSS) through boto3.

An object is written by a multipart upload from a checked local file, one part in memory at a time;
it becomes visible only when the upload completes, and a failed upload is aborted. Keys are
``objects/ab/cd/<sha256>``, the same layout as on the local disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

PART_SIZE = 8 * 1024 * 1024  # S3 needs at least 5 MiB for every part but the last
PREFIX = "objects/"


class StoreUnavailable(Exception):
    """The object store did not answer or refused the request."""


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    endpoint_url: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    region: str | None = None
    presign_seconds: int = 0  # >0: downloads redirect to a presigned URL valid that long


def object_key(sha256: str) -> str:
    return f"{PREFIX}{sha256[:2]}/{sha256[2:4]}/{sha256}"


class S3Objects:
    """The object store behind EvidenceStorage when EVIDENCE_STORAGE=s3."""

    name = "s3"

    def __init__(self, settings: S3Settings) -> None:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        self.settings = settings
        self.bucket = settings.bucket
        self._errors = (BotoCoreError, ClientError)
        self._client_error = ClientError
        self.client = boto3.client(
            "s3",
            endpoint_url=settings.endpoint_url or None,
            aws_access_key_id=settings.access_key_id or None,
            aws_secret_access_key=settings.secret_access_key or None,
            region_name=settings.region or "us-east-1",
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    @contextlib.contextmanager
    def _answering(self):
        try:
            yield
        except self._errors as error:
            raise StoreUnavailable(str(error)) from error

    def describe(self) -> str:
        return f"s3://{self.bucket}" + (f" ({self.settings.endpoint_url})" if self.settings.endpoint_url else "")

    def ping(self) -> None:
        """StoreUnavailable when the bucket cannot be reached."""
        with self._answering():
            self.client.head_bucket(Bucket=self.bucket)

    # --- reading -------------------------------------------------------------------------

    def head(self, sha256: str) -> dict | None:
        """The object's size and recorded hash, or None when it is absent."""
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=object_key(sha256))
        except self._client_error as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise StoreUnavailable(str(error)) from error
        except self._errors as error:
            raise StoreUnavailable(str(error)) from error
        return {"size": answer["ContentLength"], "sha256": answer.get("Metadata", {}).get("sha256")}

    def exists(self, sha256: str) -> bool:
        return self.head(sha256) is not None

    def has_verified(self, sha256: str, size: int | None = None) -> bool:
        """Present, written by this app after checking its hash, and (if given) of the expected size."""
        head = self.head(sha256)
        return head is not None and head["sha256"] == sha256 and (size is None or head["size"] == size)

    def open(self, sha256: str) -> BinaryIO:
        """A streaming body (read in chunks, closed by the caller); FileNotFoundError when absent."""
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=object_key(sha256))
        except self._client_error as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(f"evidence not found: {sha256}") from None
            raise StoreUnavailable(str(error)) from error
        except self._errors as error:
            raise StoreUnavailable(str(error)) from error
        return answer["Body"]

    def size(self, sha256: str) -> int | None:
        head = self.head(sha256)
        return None if head is None else head["size"]

    def keys(self) -> Iterator[str]:
        """Every stored hash, page by page."""
        with self._answering():
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=PREFIX):
                for item in page.get("Contents", []):
                    name = item["Key"].rsplit("/", 1)[-1]
                    if len(name) == 64:
                        yield name

    def presigned_url(self, sha256: str, filename: str, mimetype: str) -> str | None:
        if self.settings.presign_seconds <= 0:
            return None
        disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        with self._answering():
            return self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": object_key(sha256),
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": mimetype,
                },
                ExpiresIn=self.settings.presign_seconds,
            )

    # --- writing -------------------------------------------------------------------------

    def publish(self, checked: Path, sha256: str) -> None:
        """Upload the checked local file `checked` as the object for `sha256` (a no-op when present)."""
        if self.exists(sha256):
            return
        key = object_key(sha256)
        if checked.stat().st_size <= PART_SIZE:  # one request; S3 shows an object only once it is whole
            with self._answering(), checked.open("rb") as source:
                self.client.put_object(Bucket=self.bucket, Key=key, Body=source, Metadata={"sha256": sha256})
            return
        with self._answering():
            upload_id = self.client.create_multipart_upload(
                Bucket=self.bucket, Key=key, Metadata={"sha256": sha256}, ContentType="application/octet-stream"
            )["UploadId"]
        try:
            parts = []
            with self._answering(), checked.open("rb") as source:
                number = 1
                while True:
                    chunk = source.read(PART_SIZE)
                    if not chunk and number > 1:
                        break
                    answer = self.client.upload_part(
                        Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=chunk
                    )
                    parts.append({"ETag": answer["ETag"], "PartNumber": number})
                    number += 1
                    if len(chunk) < PART_SIZE:
                        break
                self.client.complete_multipart_upload(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
                )
        except BaseException:
            # an unfinished multipart upload is never visible; abort it so that its parts are freed
            # (when the store is down this fails too: the bucket's lifecycle rule removes it, see README)
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise
