"""`flask evidence migrate`: copy every evidence object between the local disk and the object store.

Each object is streamed into a local temporary file while its hash is computed, published on the
target only when the hash equals its key, then read back from the target and hashed again. An object
already on the target with the right hash is skipped, so an interrupted run is simply started again.
The source is never changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from supervision.evidence.models import Evidence
from supervision.evidence.storage import CHUNK_SIZE, EvidenceStorage
from supervision.extensions import db


@dataclass
class MigrationResult:
    copied: int = 0
    skipped: int = 0  # already on the target with the right hash
    failed: list[str] = field(default_factory=list)  # "<sha256>: reason"
    missing: list[str] = field(default_factory=list)  # referenced by an evidence row, on neither store

    @property
    def complete(self) -> bool:
        return not self.failed and not self.missing


def copy_object(source: EvidenceStorage, target: EvidenceStorage, sha256: str) -> None:
    """Copy one object with checksum verification; ValueError when a hash does not match."""
    target.tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="migrate-", suffix=".part", dir=target.tmp_dir)
    tmp_path = Path(name)
    try:
        digest = hashlib.sha256()
        with open(fd, "wb") as out, contextlib.closing(source.open(sha256)) as stream:
            while chunk := stream.read(CHUNK_SIZE):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise ValueError("源文件内容与其校验和不符（已损坏），未复制")
        target.backend.publish(tmp_path, sha256)
        if not target.is_intact(sha256):
            raise ValueError("复制后读回的内容校验和不符")
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink(missing_ok=True)


def migrate_objects(
    source: EvidenceStorage, target: EvidenceStorage, progress: Callable[[int], None] | None = None
) -> MigrationResult:
    """Copy every object of `source` missing from `target`; check that every evidence row's file is there."""
    result = MigrationResult()
    present: set[str] = set()
    for done, sha256 in enumerate(source.backend.keys(), start=1):
        try:
            if target.backend.has_verified(sha256, source.backend.size(sha256)):
                result.skipped += 1
            else:
                copy_object(source, target, sha256)
                result.copied += 1
            present.add(sha256)
        except (OSError, ValueError) as error:  # one bad object must not stop the others
            result.failed.append(f"{sha256}: {error}")
        if progress is not None:
            progress(done)
    referenced = db.session.scalars(select(Evidence.sha256).distinct())
    result.missing = [h for h in referenced if h not in present and not target.backend.exists(h)]
    return result
