"""Bench accounts at the current DATABASE_URL: 10 office users (with an authenticator) and 10 lead liaisons
of 市卫生健康委, all past their first-login password change. Prints {username: totp secret or null} as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "Bench-Passw0rd"


def main() -> None:
    import pyotp

    from supervision.accounts.services import create_user
    from supervision.app import create_app
    from supervision.extensions import db

    app = create_app()
    secrets = {}
    with app.app_context():
        for index in range(10):
            for prefix, role in (("bench_office", "office"), ("bench_lead", "liaison")):
                username = f"{prefix}{index}"
                user = create_user(
                    username=username,
                    password=PASSWORD,
                    department_name="市卫生健康委",
                    roles=[role],
                    must_change_password=False,
                )
                user.totp_secret = pyotp.random_base32() if role == "office" else None
                secrets[username] = user.totp_secret
        db.session.commit()
    print(json.dumps(secrets))


if __name__ == "__main__":
    main()
