"""One scheduler leader among any number of `flask scheduler run` processes.

On PostgreSQL the leader holds a session advisory lock on a connection of its own; on SQLite an
exclusive `flock` on a lock file beside the database. The server or the kernel releases either when the
process dies (kill -9 included); the others try again every few seconds and the first to get the lock
leads. The leader names itself (host, pid, since) in the lock connection's application_name or in the
lock file, so that `flask scheduler list` can show who leads.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from supervision.clock import SHANGHAI

log = logging.getLogger(__name__)
LOCK_KEY = 0x53555056  # "SUPV": one advisory lock key for the scheduler leader
_TAG = "scheduler"


@dataclass(frozen=True)
class Leader:
    host: str
    pid: int
    since: datetime

    def describe(self) -> str:
        return f"主机 {self.host}，进程 {self.pid}，自 {self.since.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S} 起"

    def tag(self) -> str:  # at most 63 characters (PostgreSQL's application_name)
        return f"{_TAG}|{self.host[:28]}|{self.pid}|{self.since:%Y%m%dT%H%M%SZ}"

    @classmethod
    def from_tag(cls, tag: str) -> Leader | None:
        parts = (tag or "").split("|")
        if len(parts) != 4 or parts[0] != _TAG:
            return None
        since = datetime.strptime(parts[3], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return cls(parts[1], int(parts[2]), since)


def this_process() -> Leader:
    return Leader(socket.gethostname(), os.getpid(), datetime.now(UTC).replace(microsecond=0))


class AdvisoryLock:
    """PostgreSQL: pg_try_advisory_lock on a connection that is really closed when released (no pool)."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, poolclass=NullPool)
        self.conn: Connection | None = None

    def try_acquire(self, me: Leader) -> bool:
        conn = self.engine.connect()
        try:
            conn.execute(text("SELECT set_config('application_name', :tag, false)"), {"tag": me.tag()})
            got = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
            conn.commit()  # the session lock outlives the transaction; never sit idle in one
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self.conn = conn
        return True

    def alive(self) -> bool:
        try:
            self.conn.scalar(text("SELECT 1"))
            self.conn.commit()
            return True
        except SQLAlchemyError:
            return False

    def release(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self.conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                self.conn.commit()
            with contextlib.suppress(SQLAlchemyError):
                self.conn.close()
            self.conn = None

    def leader(self) -> Leader | None:
        query = text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :key AND l.objsubid = 1"
        )
        with self.engine.connect() as conn:
            tag = conn.scalar(query, {"key": LOCK_KEY})
        return Leader.from_tag(tag) if tag else None


class FileLock:
    """SQLite (one machine): an exclusive flock on `path`, which holds the leader's name while locked."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    def try_acquire(self, me: Leader) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"tag": me.tag()}).encode(), 0)
        os.fsync(fd)
        self.fd = fd
        return True

    def alive(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None

    def leader(self) -> Leader | None:
        if not self.path.is_file():
            return None
        fd = os.open(self.path, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # held: the content names the leader
                with contextlib.suppress(ValueError, KeyError):
                    return Leader.from_tag(json.loads(os.pread(fd, 4096, 0) or b"{}")["tag"])
                return None
            return None  # nobody holds it: what it says is stale
        finally:
            os.close(fd)


def leader_lock(database_url: str, instance_path: Path) -> AdvisoryLock | FileLock:
    """The lock of this database: an advisory lock on PostgreSQL, a lock file beside a SQLite file."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(database_url)
    if url.database and url.database != ":memory:":
        return FileLock(Path(url.database + ".scheduler-lock"))
    return FileLock(Path(instance_path) / "scheduler.lock")


def lead(
    lock: AdvisoryLock | FileLock,
    start: Callable[[], object],
    stop: threading.Event,
    retry_seconds: float,
    say: Callable[[str], None] = log.info,
) -> None:
    """Wait for the lock, then run `start()` (a started background scheduler) until `stop` or the lock is lost."""
    me, waiting = this_process(), False
    while not stop.is_set():
        try:
            acquired = lock.try_acquire(me)
        except (SQLAlchemyError, OSError) as error:
            say(f"无法获取定时任务主进程锁（{type(error).__name__}），{retry_seconds:g} 秒后重试")
            acquired = False
        if not acquired:
            if not waiting:
                holder = _quietly(lock.leader)
                say(f"定时任务主进程已在运行（{holder.describe() if holder else '未知'}），本进程等待接替")
                waiting = True
            stop.wait(retry_seconds)
            continue
        waiting = False
        say(f"本进程成为定时任务主进程（{me.describe()}）")
        scheduler = start()
        try:
            while not stop.wait(retry_seconds):
                if not lock.alive():
                    say("与数据库的锁连接已断开，本进程停止执行定时任务并重新等待")
                    break
        finally:
            scheduler.shutdown(wait=True)
            lock.release()


def _quietly(read: Callable[[], Leader | None]) -> Leader | None:
    try:
        return read()
    except (SQLAlchemyError, OSError):
        return None
