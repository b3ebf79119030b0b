"""The backup archive: one encrypted .tar.gz with the database snapshot, every evidence file, a manifest
of SHA-256 checksums and the manifest's signature (supervision/backup/crypto.py). Reading an archive
decrypts and authenticates it, checks the signature and then every checksum before anything is used."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from supervision.backup.crypto import DecryptingReader, DecryptionError, EncryptingWriter, sign, signature_matches
from supervision.errors import DomainError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FORMAT = 2
OBJECTS = "uploads/objects"
SUFFIX = ".tar.gz.enc"
MSG_CORRUPT = "备份文件已损坏或无法解密（也可能本实例的备份密钥 BACKUP_KEY 与备份时不同），未做任何更改。"
MSG_SIGNATURE = "备份清单的签名不符：备份被改动过，或不是用本实例的备份密钥（BACKUP_KEY）创建的，未做任何更改。"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    entry = tarfile.TarInfo(name)
    entry.size = len(data)
    entry.mode = 0o600
    archive.addfile(entry, io.BytesIO(data))


def write_archive(target: Path, members: dict[str, Path], info: dict, key: str) -> None:
    """Write `members` (archive name -> file), the manifest and its signature to `target`, encrypted and
    created 0600 (under a temporary name first)."""
    files = {}
    tmp = target.with_name(f".{target.name}.part")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
            writer = EncryptingWriter(raw, key)
            with (
                gzip.GzipFile(fileobj=writer, mode="wb", compresslevel=6, mtime=0) as packed,
                tarfile.open(fileobj=packed, mode="w|") as archive,
            ):
                for name, path in members.items():
                    files[name] = {"sha256": file_sha256(path), "size": path.stat().st_size}
                    archive.add(path, arcname=name, recursive=False)
                manifest = json.dumps({"format": FORMAT, **info, "files": files}, ensure_ascii=False, indent=1)
                _add_bytes(archive, MANIFEST, manifest.encode())
                _add_bytes(archive, SIGNATURE, sign(key, manifest.encode()).encode())
            writer.finish()
            raw.flush()
            os.fsync(raw.fileno())
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class CheckedArchive:
    root: Path  # where the archive was unpacked
    manifest: dict


def _unpack(archive_path: Path, into: Path, key: str) -> None:
    try:
        with archive_path.open("rb") as raw:
            legacy = raw.read(2) == b"\x1f\x8b"  # a plain .tar.gz of the first format
    except OSError as error:
        raise DomainError(MSG_CORRUPT) from error
    if legacy:
        raise DomainError("这是旧格式（未加密、未签名）的备份，不能恢复；请用当前版本重新备份，未做任何更改。")
    try:
        with (
            archive_path.open("rb") as raw,
            gzip.GzipFile(fileobj=DecryptingReader(raw, key), mode="rb") as packed,
            tarfile.open(fileobj=packed, mode="r|") as archive,
        ):
            for member in archive:
                if not (member.isfile() or member.isdir()):
                    raise DomainError(f"备份文件包含不允许的条目“{member.name}”，未做任何更改。")
                archive.extract(member, into, filter="data")
    except (DecryptionError, tarfile.TarError, OSError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise DomainError(MSG_CORRUPT) from error


def unpack_checked(archive_path: Path, into: Path, key: str) -> CheckedArchive:
    """Unpack into `into` and check it: the manifest signed with our key, every file present, of its size
    and checksum, and no other."""
    _unpack(archive_path, into, key)
    try:
        raw_manifest = (into / MANIFEST).read_bytes()
        signature = (into / SIGNATURE).read_text(encoding="ascii")
    except (OSError, ValueError) as error:
        raise DomainError("备份文件缺少有效的清单或签名（manifest.json、manifest.sig），未做任何更改。") from error
    if not signature_matches(key, raw_manifest, signature):
        raise DomainError(MSG_SIGNATURE)
    try:
        manifest = json.loads(raw_manifest.decode("utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise DomainError("备份文件缺少有效的清单（manifest.json），未做任何更改。") from error
    if manifest.get("format") != FORMAT:
        raise DomainError("备份文件格式版本不受支持，未做任何更改。")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST, SIGNATURE}
    if present != set(files):
        raise DomainError("备份文件内容与清单不一致（文件缺失或多余），未做任何更改。")
    for name, expected in files.items():
        path = into / name
        if path.stat().st_size != expected.get("size") or file_sha256(path) != expected.get("sha256"):
            raise DomainError(f"备份文件校验失败：“{name}”的校验和不符，备份可能已损坏，未做任何更改。")
    return CheckedArchive(into, manifest)
