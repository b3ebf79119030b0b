"""Dumping and restoring the database: SQLite through its online backup API, PostgreSQL with pg_dump.

Both give a consistent snapshot while the application keeps running.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, inspect, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from supervision.audit.roles import grant_app_role
from supervision.errors import DomainError

DUMP_NAMES = {"sqlite": "database/supervision.sqlite3", "postgresql": "database/supervision.pgdump"}


def pg_tool(name: str, bin_dir: str | None = None) -> str:
    """The newest installed pg_dump / pg_restore (a newer client reads older servers)."""
    candidates = [str(Path(bin_dir) / name)] if bin_dir else []
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version, reverse=True)
    candidates += [shutil.which(name) or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise DomainError(f"未找到 {name}，请安装 postgresql-client 或设置 PG_BIN_DIR。")


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and an environment that carries it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(f"{what}失败：{result.stderr.strip()[-500:]}")


def dump_database(engine: Engine, target: Path, bin_dir: str | None = None) -> None:
    """Write a consistent snapshot of the database to `target`."""
    if engine.dialect.name == "sqlite":
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))  # password hashes and TOTP secrets
        with closing(engine.raw_connection()) as source, closing(sqlite3.connect(target)) as copy:
            source.driver_connection.backup(copy)
        return
    uri, env = _libpq(engine.url)
    command = [pg_tool("pg_dump", bin_dir), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={target}", f"--dbname={uri}"], env, "导出数据库")


def restore_database(
    engine: Engine, source: Path, bin_dir: str | None = None, owner_url: str | None = None, app_role: str | None = None
) -> None:
    """Replace the database's content with the snapshot in `source`. On PostgreSQL pg_restore recreates
    the tables, as the owner role when `owner_url` is given; `app_role` then gets its grants again."""
    engine.dispose()
    if engine.dialect.name == "sqlite":
        with closing(engine.raw_connection()) as target, closing(sqlite3.connect(source)) as snapshot:
            snapshot.backup(target.driver_connection)
        engine.dispose()
        return
    owner = make_url(owner_url) if owner_url else engine.url
    uri, env = _libpq(owner)
    command = [pg_tool("pg_restore", bin_dir), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    _run([*command, "--single-transaction", "--exit-on-error", f"--dbname={uri}", str(source)], env, "恢复数据库")
    if app_role:
        owner_engine = create_engine(owner, poolclass=NullPool)
        try:
            with owner_engine.begin() as conn:
                grant_app_role(conn, app_role)
        finally:
            owner_engine.dispose()
    engine.dispose()


def database_has_rows(engine: Engine) -> bool:
    """Whether any table (Alembic's own aside) holds a row."""
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if name != "alembic_version" and conn.scalar(select(func.count()).select_from(table(name))):
                return True
    return False
