"""Counting a ZIP archive's members from its central directory, without `zipfile`."""

from __future__ import annotations

import struct
from pathlib import Path


class BrokenZip(ValueError):
    """The end-of-central-directory record or a directory entry is missing or cut short."""


def count_zip_members(path: Path, limit: int) -> int:
    """Count central-directory entries without building ZipInfo objects, stopping above `limit`.

    `zipfile` would allocate one object per entry for however many entries the archive
    holds; this walk bounds the work before handing the archive to `zipfile`.
    """
    with path.open("rb") as f:
        size = f.seek(0, 2)
        tail_len = min(size, 22 + 65535)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or len(tail) - pos < 22:
            raise BrokenZip
        eocd = size - tail_len + pos
        _, _, _, _, declared, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[pos : pos + 22])
        cd_end = eocd
        if eocd >= 20 and (declared == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF):
            f.seek(eocd - 20)
            if f.read(4) == b"PK\x06\x07":  # ZIP64 end-of-central-directory locator
                record = eocd - 20 - 56
                if record < 0:
                    raise BrokenZip
                f.seek(record)
                data = f.read(56)
                if len(data) < 56 or data[:4] != b"PK\x06\x06":
                    raise BrokenZip
                declared, cd_size = struct.unpack("<QQ", data[32:48])
                cd_end = record
        if declared > limit:
            return declared
        pos = cd_end - cd_size
        if pos < 0:
            raise BrokenZip
        count = 0
        while pos < cd_end:
            f.seek(pos)
            header = f.read(46)
            if len(header) < 46 or header[:4] != b"PK\x01\x02":
                raise BrokenZip
            name_len, extra_len, comment_len = struct.unpack("<3H", header[28:34])
            pos += 46 + name_len + extra_len + comment_len
            count += 1
            if count > limit:
                break
        return count
