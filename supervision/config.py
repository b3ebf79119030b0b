"""Configuration read from the environment; see the settings table in README.md."""

from __future__ import annotations

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


def _secret_key(instance_path: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    tmp = key_file.with_suffix(".tmp")
    tmp.write_text(key)
    tmp.chmod(0o600)
    tmp.replace(key_file)
    return key


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment and optional overrides."""
    instance_path.mkdir(parents=True, exist_ok=True)
    env = os.environ.get("SUPERVISION_ENV", "development")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'supervision.db'}"
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    config = {
        "ENV_NAME": env,
        "DEBUG": _bool("FLASK_DEBUG"),
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads"),
        "MAX_UPLOAD_MB": int(os.environ.get("MAX_UPLOAD_MB", "50")),
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
    }
    if overrides:
        config.update(overrides)
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _secret_key(instance_path)
    if config["AUDIT_RETENTION_DAYS"] < MIN_AUDIT_RETENTION_DAYS:
        raise ConfigError(f"AUDIT_RETENTION_DAYS must be at least {MIN_AUDIT_RETENTION_DAYS} (six months).")
    check_production(config)
    return config


def check_production(config: dict) -> None:
    """Refuse an unsafe production configuration."""
    if config["ENV_NAME"] != "production":
        return
    if config["DEBUG"]:
        raise ConfigError("SUPERVISION_ENV=production refuses to start with debug on (FLASK_DEBUG).")
    key = str(config["SECRET_KEY"])
    if key.lower() in KNOWN_WEAK_KEYS or len(key) < 32:
        raise ConfigError("SUPERVISION_ENV=production needs a random SECRET_KEY of at least 32 characters.")
