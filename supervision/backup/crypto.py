"""Backup archives at rest: AES-256-GCM in chunks, and the manifest's HMAC signature.

Both keys come from BACKUP_KEY (the environment or `instance/backup_key`, never in the archive) through
HKDF: one signs the manifest, the other, with a random salt per archive, encrypts. The file is a header
(magic and salt) and then records of 1 flag byte (1 on the last), a 4-byte length and the ciphertext with
its tag; the nonce is the record's number and flag, so a record cannot be dropped, moved or cut off.
Nothing larger than one chunk is held in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"JKHZBAK1"
SALT_BYTES = 16
CHUNK = 1024 * 1024
TAG_BYTES = 16
RECORD = struct.Struct(">BI")


class DecryptionError(ValueError):
    """The file is not an archive of ours, was changed, cut off, or the key is another one."""


def _derive(key: str, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key.encode())


def sign(key: str, data: bytes) -> str:
    """The manifest's signature: HMAC-SHA256 with a key derived from BACKUP_KEY."""
    return hmac.new(_derive(key, b"jkhz-backup-sign"), data, hashlib.sha256).hexdigest()


def signature_matches(key: str, data: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, data), signature.strip())


def _nonce(number: int, final: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object that encrypts into `target` chunk by chunk; call `finish()` at the end."""

    def __init__(self, target: BinaryIO, key: str) -> None:
        salt = os.urandom(SALT_BYTES)
        self._target, self._header = target, MAGIC + salt
        self._aead = AESGCM(_derive(key, b"jkhz-backup-encrypt", salt))
        self._buffer, self._number = bytearray(), 0
        target.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last record is marked final
            self._record(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _record(self, plain: bytes, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._number, final), plain, self._header)
        self._target.write(RECORD.pack(int(final), len(sealed)) + sealed)
        self._number += 1

    def finish(self) -> None:
        self._record(bytes(self._buffer), final=True)
        self._buffer.clear()


class DecryptingReader:
    """A read-only file object over an encrypted archive; every chunk is authenticated before use."""

    def __init__(self, source: BinaryIO, key: str) -> None:
        self._source = source
        self._header = source.read(len(MAGIC) + SALT_BYTES)
        if len(self._header) != len(MAGIC) + SALT_BYTES or not self._header.startswith(MAGIC):
            raise DecryptionError("not an encrypted backup")
        self._aead = AESGCM(_derive(key, b"jkhz-backup-encrypt", self._header[len(MAGIC) :]))
        self._plain, self._pos, self._number, self._done = b"", 0, 0, False

    def _next(self) -> bytes:
        head = self._source.read(RECORD.size)
        if len(head) != RECORD.size:
            raise DecryptionError("cut off")
        final, size = RECORD.unpack(head)
        sealed = self._source.read(size)
        if final not in (0, 1) or size > CHUNK + TAG_BYTES or len(sealed) != size:
            raise DecryptionError("damaged record")
        try:
            plain = self._aead.decrypt(_nonce(self._number, bool(final)), sealed, self._header)
        except InvalidTag as error:
            raise DecryptionError("damaged record or another key") from error
        self._number += 1
        if final:
            self._done = True
            if self._source.read(1):
                raise DecryptionError("data after the last record")
        return plain

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if self._pos >= len(self._plain):
                if self._done:
                    break
                self._plain, self._pos = self._next(), 0
                continue
            end = len(self._plain) if size < 0 else min(len(self._plain), self._pos + size - len(out))
            out += self._plain[self._pos : end]
            self._pos = end
        return bytes(out)
