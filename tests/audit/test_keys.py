"""The keys that guard the audit chain and the backups live outside the database: in the environment or
in 0600 files of the instance folder, made once on the first start."""

import stat

import pytest

from supervision.config import ConfigError
from tests.conftest import make_test_app


def test_keys_are_made_once_in_private_files_of_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPERVISION_INSTANCE", str(tmp_path))
    monkeypatch.delenv("AUDIT_CHAIN_KEY", raising=False)
    monkeypatch.delenv("BACKUP_KEY", raising=False)
    first = make_test_app(SQLALCHEMY_DATABASE_URI="sqlite://")
    for name in ("audit_chain_key", "backup_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert len(first.config["AUDIT_CHAIN_KEY"]) == 64 and first.config["AUDIT_CHAIN_KEY"] != first.config["BACKUP_KEY"]
    again = make_test_app(SQLALCHEMY_DATABASE_URI="sqlite://")
    assert again.config["AUDIT_CHAIN_KEY"] == first.config["AUDIT_CHAIN_KEY"]
    assert again.config["BACKUP_KEY"] == first.config["BACKUP_KEY"]
    monkeypatch.setenv("AUDIT_CHAIN_KEY", "k" * 40)
    assert make_test_app(SQLALCHEMY_DATABASE_URI="sqlite://").config["AUDIT_CHAIN_KEY"] == "k" * 40


def test_production_refuses_a_weak_chain_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPERVISION_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SUPERVISION_ENV", "production")
    monkeypatch.setenv("AUDIT_CHAIN_KEY", "short")
    with pytest.raises(ConfigError, match="AUDIT_CHAIN_KEY"):
        make_test_app(SQLALCHEMY_DATABASE_URI="sqlite://", TESTING=False)
