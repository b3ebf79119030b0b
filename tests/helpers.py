"""Test helpers: logging in and small builders."""

from __future__ import annotations

import re

from supervision.extensions import db as _db

PASSWORD = "Test-Passw0rd"


def csrf_token(client, path: str = "/auth/login") -> str:
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/auth/login", data={"username": username, "password": password, "csrf_token": token})


def make_department(name: str = "市卫生健康委", kind: str = "municipal", aliases: tuple[str, ...] = ()):
    from supervision.accounts.models import Department, DepartmentAlias

    dept = Department(name=name, kind=kind, aliases=[DepartmentAlias(alias=a) for a in aliases])
    _db.session.add(dept)
    _db.session.commit()
    return dept


def make_user(username: str = "office1", roles: tuple[str, ...] = ("office",), department=None, **kwargs):
    from supervision.accounts.services import create_user

    if department is None:
        from supervision.accounts.services import find_department

        department = find_department("市卫生健康委") or make_department()
    user = create_user(
        username=username, password=PASSWORD, department_name=department.name, roles=list(roles), **kwargs
    )
    _db.session.commit()
    return user


def seed(runner, *args: str):
    result = runner.invoke(args=["seed", *args])
    assert result.exit_code == 0, result.output
    return result


def post_form(client, path: str, data: dict, form_path: str | None = None, **kwargs):
    """POST with the CSRF token of the page the form is on (default: the home page)."""
    payload = {"csrf_token": csrf_token(client, form_path or "/"), **data}
    return client.post(path, data=payload, **kwargs)
