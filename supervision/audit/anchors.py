"""The chain head kept outside the database: a file the app only appends to, one JSON line a time.

Each line is {"id", "hmac", "time"}: the newest event's id and keyed hash when the `audit.anchor` job ran.
`flask audit verify` then knows events the database must still hold: a log cut at its end (the anchored
id missing) or rewritten (its hash differs) fails. Keep the file off the database's machine or make it
append-only for the system too (`chattr +a`); each line also goes to the application log.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
TAIL_BYTES = 4096


@dataclass(frozen=True)
class HeadAnchor:
    line: int
    id: int
    hmac: str
    time: str


def anchor_file() -> Path:
    return Path(current_app.config["AUDIT_ANCHOR_FILE"])


def _parse(number: int, text: str) -> HeadAnchor:
    record = json.loads(text)
    if not isinstance(record.get("id"), int) or not isinstance(record.get("hmac"), str):
        raise ValueError(text)
    return HeadAnchor(number, record["id"], record["hmac"], str(record.get("time", "")))


def read_anchors(path: Path) -> tuple[list[HeadAnchor], list[str]]:
    """Every anchor in the file, and a problem for each line that is not one."""
    anchors: list[HeadAnchor] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                anchors.append(_parse(number, text))
            except (ValueError, AttributeError):
                problems.append(f"链头锚定文件第 {number} 行无法识别（文件可能被改动）")
    return anchors, problems


def last_anchor(path: Path) -> HeadAnchor | None:
    """The newest anchor, read from the end of the file (it grows for years)."""
    if not path.exists():
        return None
    with path.open("rb") as f:
        f.seek(max(0, f.seek(0, os.SEEK_END) - TAIL_BYTES))
        lines = [line for line in f.read().decode("utf-8", "replace").splitlines() if line.strip()]
    try:
        return _parse(0, lines[-1]) if lines else None
    except (ValueError, AttributeError):
        return None


def append_anchor(path: Path, event_id: int, event_hash: str, now: datetime) -> None:
    """Append one line; the file is opened O_APPEND and created 0600, and synced before returning."""
    line = json.dumps({"id": event_id, "hmac": event_hash, "time": now.isoformat()}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info("audit chain head anchored: %s", line.strip())
