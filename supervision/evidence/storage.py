"""Content-addressed storage for uploaded evidence files (佐证材料).

Independent of Flask and the database. Uploads are streamed into ``root/tmp/``, checked
(type by content; a ClamAV scan when ``CLAMD_SOCKET`` names clamd's unix socket), and
atomically renamed to ``root/objects/ab/cd/<sha256>``; identical content is stored once.
Nothing half-written ever appears under ``objects/``.
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
from supervision.security.clamav import InfectedFile, ScanUnavailable, scan_file

__all__ = ["CHUNK_SIZE", "EvidenceStorage", "StoredFile", "UploadRejected"]

CHUNK_SIZE = 64 * 1024
MSG_NO_SPACE = "服务器存储空间不足，文件未保存，请联系系统管理员。"
MSG_INFECTED = "文件未通过病毒扫描（检测到 {signature}），已拒绝。"
MSG_SCAN_UNAVAILABLE = "病毒扫描服务暂时不可用，文件未保存，请稍后重试或联系系统管理员。"
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
    path: Path


def _size_limit_message(max_bytes: int) -> str:
    megabytes = round(max_bytes / (1024 * 1024), 2)
    return f"文件超过大小上限（{megabytes:g} MB）。"


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not supported on this platform
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno in _NO_SPACE_ERRNOS:
            raise
    finally:
        os.close(fd)


class EvidenceStorage:
    """Evidence files under `root`, at most `max_bytes` each."""

    def __init__(self, root: Path, max_bytes: int, clamd_socket: str | None = None) -> None:
        self.root = Path(root)
        self.max_bytes = int(max_bytes)
        # clamd's unix socket; by default from CLAMD_SOCKET, "" turns scanning off
        self.clamd_socket = os.environ.get("CLAMD_SOCKET") if clamd_socket is None else clamd_socket
        self.tmp_dir = self.root / "tmp"
        self.objects_dir = self.root / "objects"

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
            target = self._object_path(sha256)
            if target.is_file():
                tmp_path.unlink()  # same content already stored
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_path, target)
                tmp_path = None
                _fsync_dir(target.parent)
            return StoredFile(sha256=sha256, size=size, kind=kind, filename=safe, path=target)
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

    def _object_path(self, sha256: str) -> Path:
        return self.objects_dir / sha256[:2] / sha256[2:4] / sha256

    def path_for(self, sha256: str) -> Path:
        """Path of a stored file; FileNotFoundError for a malformed hash or missing file."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256.lower()):
            raise FileNotFoundError(f"invalid evidence hash: {sha256!r}")
        path = self._object_path(sha256.lower())
        if not path.is_file():
            raise FileNotFoundError(f"evidence not found: {sha256}")
        return path

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for binary reading (the caller closes it)."""
        return self.path_for(sha256).open("rb")

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
