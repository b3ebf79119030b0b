"""Every route in the URL map needs a login, the right role and (for POST) a CSRF token, so that a new
route cannot skip them. Only the allow-lists below are exempt; adding to them needs a reason."""

import re

import pytest

from supervision.accounts.models import Role
from tests.helpers import csrf_token, login, make_user

PUBLIC = {"static", "core.healthz", "accounts.login"}  # open to anyone
# a new account's one-time activation link: the token in the URL is the credential (tests/accounts/test_bulk_import.py)
PUBLIC |= {"accounts.activate"}
# Prometheus metrics: 404 unless METRICS_TOKEN is set, then only with that bearer token (tests/observability)
PUBLIC |= {"observability.metrics"}
# any logged-in user, whatever the role: their own session and account
ANY_ROLE = {"core.index", "accounts.logout", "accounts.change_password", "accounts.two_factor_settings"}
# steps of a login under way: without one they send the visitor back to the login page
LOGIN_STEPS = {"accounts.two_factor", "accounts.renew_password"}
# the JSON API (/api/v1): a bearer token authorises it, never the session cookie, so it answers 401 JSON
# instead of the login page and needs no CSRF token; tests/api/test_tokens.py checks it. Its OpenAPI
# document holds no data.
TOKEN_API = {"api-docs.openapi_json"}


def token_api(endpoint: str) -> bool:
    return endpoint in TOKEN_API or endpoint.startswith("api.")


def routes(app):
    """(endpoint, method, url, required roles) for every rule, with placeholder arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        if token_api(rule.endpoint):
            continue
        url = re.sub(r"<any\(([^,)]+)[^)]*\):\w+>", r"\1", rule.rule)
        url = re.sub(r"<int:\w+>", "1", url)
        url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
            found.append((rule.endpoint, method, url, roles))
    return found


def call(client, method, url, token=None):
    data = {"csrf_token": token} if token else {}
    with client.open(url, method=method, data=data) as response:
        return response.status_code, response.headers.get("Location", "")


def test_every_route_is_public_by_name_or_has_a_role_rule(app):
    for endpoint, _method, url, roles in routes(app):
        if endpoint in PUBLIC | ANY_ROLE | LOGIN_STEPS:
            continue
        assert roles, f"{endpoint} ({url}) must use require_role(...) or be added to an allow-list with a reason"
        assert set(roles) <= {r.value for r in Role}, endpoint


def test_every_route_but_the_public_ones_sends_visitors_to_the_login_page(app):
    anonymous = app.test_client()
    token = csrf_token(anonymous)
    for endpoint, method, url, _roles in routes(app):
        if endpoint in PUBLIC:
            continue
        status, location = call(anonymous, method, url, token if method != "GET" else None)
        assert status in (302, 303) and location.startswith("/auth/login"), (endpoint, method, status)


@pytest.fixture
def clients(app, db):
    """One logged-in client per role."""
    result = {}
    for role in Role:
        make_user(f"{role.value}1", roles=(role.value,))
        client = app.test_client()
        assert login(client, f"{role.value}1").status_code == 303, role
        result[role.value] = client
    return result


def test_a_role_with_no_business_on_a_route_gets_403(app, clients):
    checked = 0
    tokens = {role: csrf_token(client, "/auth/password") for role, client in clients.items()}
    for endpoint, method, url, roles in routes(app):
        if not roles:
            continue
        for role, client in clients.items():
            if role in roles:
                continue
            status, _ = call(client, method, url, tokens[role] if method != "GET" else None)
            assert status == 403, (endpoint, method, role, status)
            checked += 1
    assert checked > 200


def test_every_state_changing_route_needs_a_csrf_token(app, clients):
    for endpoint, method, url, roles in routes(app):
        if method == "GET":
            continue
        role = roles[0] if roles else "liaison"
        status, _ = call(clients[role], method, url)
        assert status == 400, (endpoint, method, status)
