"""API test helpers: tokens made through the service, as `flask api token create` makes them."""

from __future__ import annotations

import pytest

from supervision.api.services import create_token
from supervision.extensions import db


@pytest.fixture
def make_token():
    def make(name="统计平台", scope="read", departments=(), days=30):
        _token, secret = create_token(name=name, scope=scope, department_names=list(departments), days=days)
        db.session.commit()
        return secret

    return make


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
