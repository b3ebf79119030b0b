"""The backup archive: one .tar.gz with the database snapshot, every evidence file and a manifest of
SHA-256 checksums. Reading an archive checks every checksum before anything is used."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from supervision.errors import DomainError

MANIFEST = "manifest.json"
FORMAT = 1
OBJECTS = "uploads/objects"
MSG_CORRUPT = "备份文件已损坏或无法读取，未做任何更改。"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(target: Path, members: dict[str, Path], info: dict) -> None:
    """Write `members` (archive name -> file) and the manifest to `target` (a temporary name first)."""
    files = {}
    tmp = target.with_name(f".{target.name}.part")
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as archive:
            for name, path in members.items():
                files[name] = {"sha256": file_sha256(path), "size": path.stat().st_size}
                archive.add(path, arcname=name, recursive=False)
            manifest = json.dumps({"format": FORMAT, **info, "files": files}, ensure_ascii=False, indent=1).encode()
            entry = tarfile.TarInfo(MANIFEST)
            entry.size = len(manifest)
            archive.addfile(entry, io.BytesIO(manifest))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class CheckedArchive:
    root: Path  # where the archive was unpacked
    manifest: dict


def unpack_checked(archive_path: Path, into: Path) -> CheckedArchive:
    """Unpack into `into` and check the manifest: every file present, of its size and checksum, no other."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive.getmembers():
                if not (member.isfile() or member.isdir()):
                    raise DomainError(f"备份文件包含不允许的条目“{member.name}”，未做任何更改。")
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise DomainError(MSG_CORRUPT) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DomainError("备份文件缺少有效的清单（manifest.json），未做任何更改。") from error
    if manifest.get("format") != FORMAT:
        raise DomainError("备份文件格式版本不受支持，未做任何更改。")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(files):
        raise DomainError("备份文件内容与清单不一致（文件缺失或多余），未做任何更改。")
    for name, expected in files.items():
        path = into / name
        if path.stat().st_size != expected.get("size") or file_sha256(path) != expected.get("sha256"):
            raise DomainError(f"备份文件校验失败：“{name}”的校验和不符，备份可能已损坏，未做任何更改。")
    return CheckedArchive(into, manifest)
