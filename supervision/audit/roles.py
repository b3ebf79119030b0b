"""PostgreSQL: what the application's database role may do (the owner role runs migrations and restores).

The app's role reads and writes the business tables but holds neither UPDATE nor DELETE (nor TRUNCATE)
on audit_events: it may only append to the log, and purges go through the owner's SECURITY DEFINER
function `audit_purge_through`, which deletes only up to the purge anchor. Run by migration b2_audit_keys
and after every restore (pg_restore recreates the tables without grants).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from supervision.errors import DomainError

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_statements(role: str) -> list[str]:
    if not ROLE_NAME.fullmatch(role):
        raise DomainError(f"数据库角色名“{role}”无效（只允许小写字母、数字和下划线）。")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {role}",
        f"REVOKE DELETE, TRUNCATE ON audit_anchor FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
        f"GRANT EXECUTE ON FUNCTION audit_purge_through(bigint) TO {role}",
    ]


def grant_app_role(conn: Connection, role: str) -> None:
    """Give the application's role exactly its rights (run as the owner; repeatable)."""
    for statement in grant_statements(role):
        conn.execute(text(statement))
