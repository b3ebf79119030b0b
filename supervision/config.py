"""Configuration read from the environment; see the settings table in README.md."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWN_WEAK_KEYS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_AUDIT_RETENTION_DAYS = 180  # the law asks for at least six months of logs; the database enforces it too


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret(instance_path: Path, env_name: str, file_name: str) -> str:
    """The secret from the environment, else from a 0600 file in the instance folder made on first start.

    The file is created under a temporary name and linked into place, so two processes starting at once
    agree on one key (the second reads the first one's file).
    """
    key = os.environ.get(env_name)
    if key:
        return key
    key_file = instance_path / file_name
    if key_file.exists():
        return key_file.read_text().strip()
    tmp = key_file.with_name(f".{file_name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    try:
        os.link(tmp, key_file)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        tmp.unlink(missing_ok=True)
    return key_file.read_text().strip()


def _secret_key(instance_path: Path) -> str:
    return _instance_secret(instance_path, "SECRET_KEY", "secret_key")


def _private_sqlite_file(database_url) -> None:
    """Create the SQLite file 0600 before SQLite does (it would follow the umask, usually 0644); its WAL
    and shared-memory files take the same mode. The file holds password hashes and TOTP secrets.
    The URL may be a string or a SQLAlchemy URL object."""
    prefix = "sqlite:///"
    if not isinstance(database_url, str):
        database_url = database_url.render_as_string(hide_password=False)
    if not database_url.startswith(prefix) or database_url in (prefix, "sqlite:///:memory:"):
        return
    path = Path(database_url.removeprefix(prefix).split("?", 1)[0])
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def readable_json(value) -> str:
    """How JSON columns are written: Chinese as itself (half the bytes of \\uXXXX escapes)."""
    return json.dumps(value, ensure_ascii=False)


def _postgres_url(url: str | None) -> str | None:
    if url and url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or None


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment and optional overrides."""
    instance_path.mkdir(parents=True, exist_ok=True)
    env = os.environ.get("SUPERVISION_ENV", "development")
    database_url = _postgres_url(os.environ.get("DATABASE_URL")) or f"sqlite:///{instance_path / 'supervision.db'}"
    config = {
        "ENV_NAME": env,
        "DEBUG": _bool("FLASK_DEBUG"),
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "json_serializer": readable_json},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads"),
        "MAX_UPLOAD_MB": int(os.environ.get("MAX_UPLOAD_MB", "50")),
        # Excel imports (plans, schedules, indicators): file size and data rows, read in streaming mode
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024))),
        "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS", "5000")),
        # evidence store: "local" (under UPLOAD_DIR) or "s3" (an S3-compatible object store)
        "EVIDENCE_STORAGE": (os.environ.get("EVIDENCE_STORAGE") or "local").strip().lower(),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,
        "S3_BUCKET": os.environ.get("S3_BUCKET") or None,
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "S3_REGION": os.environ.get("S3_REGION") or None,
        "S3_PRESIGN_SECONDS": int(os.environ.get("S3_PRESIGN_SECONDS", "0")),
        # the whole request may carry one file at the limit plus the form fields
        "MAX_CONTENT_LENGTH": (int(os.environ.get("MAX_UPLOAD_MB", "50")) + 1) * 1024 * 1024,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "jkhz-office@localhost"),
        "TIMEZONE": "Asia/Shanghai",
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "WEBHOOK_URL": os.environ.get("WEBHOOK_URL") or None,
        "OUTBOX_MAX_ATTEMPTS": int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10")),
        # `flask scheduler run`: how often a waiting process tries to become the leader; another job table
        "SCHEDULER_RETRY_SECONDS": float(os.environ.get("SCHEDULER_RETRY_SECONDS", "5")),
        "SCHEDULER_JOB_TABLE": os.environ.get("SCHEDULER_JOB_TABLE") or None,
        # observability: JSON log lines; /metrics behind a bearer token; the scheduler's own metrics port
        "LOG_FORMAT": (os.environ.get("LOG_FORMAT") or "json").strip().lower(),
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        "METRICS_PORT": int(os.environ.get("METRICS_PORT") or 0),
        "METRICS_ADDR": os.environ.get("METRICS_ADDR") or "127.0.0.1",
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "REMEMBER_COOKIE_DURATION": 0,
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000")),
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
        "HSTS_SECONDS": int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600))),
        "AUDIT_RETENTION_DAYS": int(os.environ.get("AUDIT_RETENTION_DAYS", "190")),
        "PG_BIN_DIR": os.environ.get("PG_BIN_DIR") or None,
        # PostgreSQL role split: migrations and restores connect as the owner, the app as DATABASE_APP_ROLE
        "MIGRATION_DATABASE_URL": _postgres_url(os.environ.get("MIGRATION_DATABASE_URL")),
        "DATABASE_APP_ROLE": os.environ.get("DATABASE_APP_ROLE") or None,
        "AUDIT_CHAIN_KEY": None,
        "AUDIT_ANCHOR_FILE": os.environ.get("AUDIT_ANCHOR_FILE") or str(instance_path / "audit-anchors.jsonl"),
        "BACKUP_KEY": None,
    }
    if overrides:
        config.update(overrides)
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _secret_key(instance_path)
    if not config["AUDIT_CHAIN_KEY"]:
        config["AUDIT_CHAIN_KEY"] = _instance_secret(instance_path, "AUDIT_CHAIN_KEY", "audit_chain_key")
    if not config["BACKUP_KEY"]:
        config["BACKUP_KEY"] = _instance_secret(instance_path, "BACKUP_KEY", "backup_key")
    _private_sqlite_file(config["SQLALCHEMY_DATABASE_URI"])
    if config["AUDIT_RETENTION_DAYS"] < MIN_AUDIT_RETENTION_DAYS:
        raise ConfigError(f"AUDIT_RETENTION_DAYS must be at least {MIN_AUDIT_RETENTION_DAYS} (six months).")
    _check_evidence_storage(config)
    check_production(config)
    return config


def _check_evidence_storage(config: dict) -> None:
    if config["EVIDENCE_STORAGE"] not in ("local", "s3"):
        raise ConfigError("EVIDENCE_STORAGE must be local or s3.")
    if config["EVIDENCE_STORAGE"] == "s3" and not config["S3_BUCKET"]:
        raise ConfigError("EVIDENCE_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for a store other than AWS).")


def check_production(config: dict) -> None:
    """Refuse an unsafe production configuration."""
    if config["ENV_NAME"] != "production":
        return
    if config["DEBUG"]:
        raise ConfigError("SUPERVISION_ENV=production refuses to start with debug on (FLASK_DEBUG).")
    key = str(config["SECRET_KEY"])
    if key.lower() in KNOWN_WEAK_KEYS or len(key) < 32:
        raise ConfigError("SUPERVISION_ENV=production needs a random SECRET_KEY of at least 32 characters.")
    for name in ("AUDIT_CHAIN_KEY", "BACKUP_KEY"):
        if len(str(config[name])) < 32:
            raise ConfigError(f"SUPERVISION_ENV=production needs a random {name} of at least 32 characters.")
