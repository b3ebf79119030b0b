"""Evidence objects on the local disk: ``objects/ab/cd/<sha256>`` under the upload folder (the default)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

HASH_CHUNK = 1024 * 1024


def fsync_dir(directory: Path, no_space_errnos: frozenset[int]) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not supported on this platform
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno in no_space_errnos:
            raise
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class LocalObjects:
    """Files under `objects_dir`, written by an atomic rename of a checked temporary file."""

    name = "local"

    def __init__(self, objects_dir: Path, no_space_errnos: frozenset[int] = frozenset()) -> None:
        self.objects_dir = Path(objects_dir)
        self._no_space = no_space_errnos

    def describe(self) -> str:
        return str(self.objects_dir)

    def path(self, sha256: str) -> Path:
        return self.objects_dir / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def has_verified(self, sha256: str, size: int | None = None) -> bool:
        """Present with content that still hashes to its name."""
        path = self.path(sha256)
        if not path.is_file() or (size is not None and path.stat().st_size != size):
            return False
        return file_sha256(path) == sha256

    def size(self, sha256: str) -> int | None:
        path = self.path(sha256)
        return path.stat().st_size if path.is_file() else None

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def keys(self) -> Iterator[str]:
        if not self.objects_dir.is_dir():
            return
        for path in sorted(self.objects_dir.glob("??/??/*")):
            if path.is_file() and len(path.name) == 64:
                yield path.name

    def ping(self) -> None:
        """OSError when the folder cannot be written."""
        self.objects_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(self.objects_dir, os.W_OK):
            raise PermissionError(f"not writable: {self.objects_dir}")

    def presigned_url(self, sha256: str, filename: str, mimetype: str) -> str | None:
        return None

    def publish(self, checked: Path, sha256: str) -> None:
        """Move the checked file into place (it is consumed); a no-op when the content is already stored."""
        target = self.path(sha256)
        if target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(checked, target)
        fsync_dir(target.parent, self._no_space)
