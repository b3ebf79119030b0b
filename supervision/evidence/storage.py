"""Content-addressed storage for uploaded evidence files (佐证材料).

Independent of Flask and the database. Uploads are streamed into ``root/tmp/``, checked
(type by content; a ClamAV scan when ``CLAMD_SOCKET`` names clamd's unix socket), and
only then published under ``objects/ab/cd/<sha256>``: by an atomic rename on the local disk (the
default), or by a multipart upload completed only after the checks on an S3-compatible store
(``supervision.evidence.s3``). Identical content is stored once; nothing half-written is ever visible.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from supervision.evidence.filetypes import UploadRejected, check_filename, check_upload, safe_filename
from supervision.evidence.local import LocalObjects
from supervision.evidence.s3 import S3Objects, StoreUnavailable
from supervision.security.clamav import InfectedFile, ScanUnavailable, scan_file

__all__ = ["CHUNK_SIZE", "EvidenceStorage", "StoredFile", "UploadRejected"]

CHUNK_SIZE = 64 * 1024
MSG_NO_SPACE = "服务器存储空间不足，文件未保存，请联系系统管理员。"
MSG_INFECTED = "文件未通过病毒扫描（检测到 {signature}），已拒绝。"
MSG_SCAN_UNAVAILABLE = "病毒扫描服务暂时不可用，文件未保存，请稍后重试或联系系统管理员。"
MSG_STORE_UNAVAILABLE = "对象存储服务暂时不可用，文件未保存，请稍后重试或联系系统管理员。"
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TMP_PREFIX = "upload-"
_TMP_SUFFIX = ".part"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    kind: str  # "pdf", "docx", "png", ... (see signatures.MIME_TYPES)
    filename: str  # safe display name, e.g. "2024年工作总结.pdf"
    path: Path | None  # on the local disk; None in an object store


def _size_limit_message(max_bytes: int) -> str:
    megabytes = round(max_bytes / (1024 * 1024), 2)
    return f"文件超过大小上限（{megabytes:g} MB）。"


class EvidenceStorage:
    """Evidence files under `root` (or in `backend`, an S3Objects), at most `max_bytes` each.

    `root` always holds the temporary files of uploads in progress; the objects live in `backend`.
    """

    def __init__(
        self,
        root: Path,
        max_bytes: int,
        clamd_socket: str | None = None,
        backend: LocalObjects | S3Objects | None = None,
    ) -> None:
        self.root = Path(root)
        self.max_bytes = int(max_bytes)
        # clamd's unix socket; by default from CLAMD_SOCKET, "" turns scanning off
        self.clamd_socket = os.environ.get("CLAMD_SOCKET") if clamd_socket is None else clamd_socket
        self.tmp_dir = self.root / "tmp"
        self.objects_dir = self.root / "objects"
        self.backend = backend or LocalObjects(self.objects_dir, _NO_SPACE_ERRNOS)

    # --- writing -------------------------------------------------------------------------

    def save(self, stream: BinaryIO, filename: str) -> StoredFile:
        """Stream `stream` to storage and return what was stored; raise `UploadRejected` when refused.

        Only ``stream.read(n)`` is used. Reading stops as soon as more than `max_bytes`
        have arrived. On any exception (including KeyboardInterrupt) the temporary file is
        removed and the exception re-raised; a full disk becomes `UploadRejected`.
        """
        safe = safe_filename(filename)
        check_filename(safe)  # refuse by name before reading the body
        tmp_path: Path | None = None
        try:
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=self.tmp_dir)
            tmp_path = Path(name)
            digest = hashlib.sha256()
            size = 0
            with open(fd, "wb") as out:
                while chunk := stream.read(CHUNK_SIZE):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise UploadRejected(_size_limit_message(self.max_bytes))
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            kind = check_upload(tmp_path, safe)
            self._scan(tmp_path)
            sha256 = digest.hexdigest()
            self.backend.publish(tmp_path, sha256)  # the same content already stored: a no-op
            local = self.backend.path(sha256) if isinstance(self.backend, LocalObjects) else None
            return StoredFile(sha256=sha256, size=size, kind=kind, filename=safe, path=local)
        except StoreUnavailable as error:
            raise UploadRejected(MSG_STORE_UNAVAILABLE) from error
        except OSError as error:
            if error.errno in _NO_SPACE_ERRNOS:
                raise UploadRejected(MSG_NO_SPACE) from error
            raise
        finally:
            if tmp_path is not None:
                with contextlib.suppress(OSError):
                    tmp_path.unlink(missing_ok=True)

    def _scan(self, path: Path) -> None:
        """Refuse an infected file; with scanning configured, refuse when clamd cannot answer (fail closed)."""
        if not self.clamd_socket:
            return
        try:
            scan_file(path, self.clamd_socket)
        except InfectedFile as error:
            raise UploadRejected(MSG_INFECTED.format(signature=error.signature)) from None
        except ScanUnavailable as error:
            raise UploadRejected(MSG_SCAN_UNAVAILABLE) from error

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _valid(sha256: str) -> str:
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256.lower()):
            raise FileNotFoundError(f"invalid evidence hash: {sha256!r}")
        return sha256.lower()

    def path_for(self, sha256: str) -> Path:
        """Path of a file on the local disk; FileNotFoundError for a malformed hash, a missing file or S3."""
        sha256 = self._valid(sha256)
        if not isinstance(self.backend, LocalObjects):
            raise FileNotFoundError(f"evidence is in the object store, not on disk: {sha256}")
        path = self.backend.path(sha256)
        if not path.is_file():
            raise FileNotFoundError(f"evidence not found: {sha256}")
        return path

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for streamed binary reading (the caller closes it); FileNotFoundError if absent.

        StoreUnavailable when the object store does not answer."""
        if isinstance(self.backend, LocalObjects):
            return self.path_for(sha256).open("rb")
        return self.backend.open(self._valid(sha256))

    def source(self, sha256: str) -> Path | BinaryIO:
        """What a download sends: the local path (conditional requests work), or a stream from the store."""
        return self.path_for(sha256) if isinstance(self.backend, LocalObjects) else self.open(sha256)

    def presigned_url(self, sha256: str, filename: str, mimetype: str) -> str | None:
        """A short-lived download URL from the object store when configured, else None."""
        return self.backend.presigned_url(self._valid(sha256), filename, mimetype)

    def is_intact(self, sha256: str) -> bool:
        """The stored content still hashes to `sha256` (read back in full)."""
        try:
            handle = self.open(sha256)
        except (OSError, StoreUnavailable):
            return False
        digest = hashlib.sha256()
        with contextlib.closing(handle):
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest() == sha256.lower()

    # --- maintenance ---------------------------------------------------------------------

    def cleanup_tmp(self, older_than_seconds: float = 3600) -> int:
        """Remove temporary files older than `older_than_seconds` (left by a killed process); return the count.

        An upload in progress keeps touching its file, so only stalled or orphaned files go.
        """
        if not self.tmp_dir.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        removed = 0
        for entry in self.tmp_dir.iterdir():
            try:
                if entry.is_file() and not entry.is_symlink() and entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
            except FileNotFoundError:  # removed concurrently
                continue
        return removed
