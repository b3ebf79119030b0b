"""The demo office account of `flask demo-office`: created once, its password kept in the instance folder
so that `make run` can print the login until someone changes it."""

from __future__ import annotations

import secrets
import string
from pathlib import Path

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.accounts.services import create_user
from supervision.extensions import db

DEMO_OFFICE_DEPARTMENT = "市卫生健康委"  # the leading-group office sits at the health commission
PASSWORD_FILE = "demo-office-password"


def generate_demo_password() -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"Jk{core}#7"


def find_demo_office(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def saved_demo_password(user: User, instance_path: str | Path) -> str | None:
    """The saved password if it still opens the account (None once it has been changed)."""
    saved = Path(instance_path) / PASSWORD_FILE
    password = saved.read_text().strip() if saved.exists() else ""
    return password if password and user.check_password(password) else None


def create_demo_office(username: str, password: str | None = None) -> tuple[User, str]:
    """Create the demo office account (the office role at the health commission), marked as demo data."""
    password = password or generate_demo_password()
    user = create_user(
        username=username,
        password=password,
        department_name=DEMO_OFFICE_DEPARTMENT,
        roles=["office"],
        display_name="健康办演示账号",
        is_demo=True,
    )
    return user, password


def save_demo_password(instance_path: str | Path, password: str) -> None:
    """Keep the password for the next `flask demo-office` (readable by the owner only); after the commit."""
    saved = Path(instance_path) / PASSWORD_FILE
    saved.write_text(password)
    saved.chmod(0o600)
