"""The whole URL map, as every role, with hostile values in every path argument, query parameter and form
field: no response of 500 or more, and nothing changed in the data."""

from __future__ import annotations

import hashlib
import re
import time
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import ImmutableMultiDict

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from tests.builders import make_contribution, make_evidence, make_milestone, make_plan, make_report, make_task
from tests.helpers import csrf_token, login, make_department, make_user

ROLES = ("office", "liaison", "dept_head", "leader", "district_office", "sysadmin", "secadmin", "auditor")
# each value as it goes on the wire (already percent-encoded)
HOSTILE = {
    "unicode digit": quote("²"),
    "2^31": str(2**31),
    "2^63": str(2**63),
    "-1": "-1",
    "NUL": "%00",
    "invalid UTF-8": "%ff%fe",
    "year 1": "0001-01-01",
    "year 9999": "9999-12-31",
    "300 KB": "x" * 300_000,
}
PATH_HOSTILE = {**{k: v for k, v in HOSTILE.items() if k != "300 KB"}, "5,000 digits": "9" * 5000}
TEXT_HOSTILE = ("NUL", "invalid UTF-8", "300 KB")  # in a free text field the other values are plain text
STANDARD_ARGS = ("year", "page", "sort", "department", "q", "light", "plan", "kind", "status", "stage")
STANDARD_ARGS += ("target_1", "before_days", "date_from", "date_to", "role", "view", "user", "next")
# audit records that are no change: refused requests, and the downloads and exports the walk's GETs make
NOT_CHANGES = ("access.denied", "api.denied", "audit.export", "evidence.download", "file.download", "plan.export")
NO_WALK = {"static", "accounts.logout"}  # logging out would end the walk
ANONYMOUS_ONLY = {"accounts.login", "accounts.two_factor", "accounts.renew_password"}


class Forms(HTMLParser):
    """The POST forms of a page: (action, {field: (type, value)})."""

    def __init__(self):
        super().__init__()
        self.forms, self._fields = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or "", self._fields))
        elif self._fields is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            self._fields.setdefault(a["name"], (kind, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


class Walk:
    def __init__(self, app, clients, values):
        self.app, self.clients, self.values = app, clients, values
        self.sent, self.failures, self.reads = 0, [], {}

    def send(self, role, method, url, body=None):
        client = self.clients[role]
        kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"} if body is not None else {}
        with client.open(url, method=method, **kwargs) as response:
            html = method == "GET" and response.mimetype == "text/html"
            status, page = response.status_code, response.get_data(as_text=True) if html else ""
        self.sent += 1
        if status >= 500:
            self.failures.append((role, method, url[:200], (body or "")[:200], status))
        return status, page

    def url(self, rule, override=None):
        args = {name: str(self.values.get(name, 1)) for name in rule.arguments} | (override or {})
        return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: args[m.group(1)], rule.rule)


class RecordingArgs(ImmutableMultiDict):
    """Request parameters that note which names a view reads."""

    read: set = set()

    def get(self, key, default=None, type=None):
        RecordingArgs.read.add(key)
        return super().get(key, default, type)

    def __getitem__(self, key):
        RecordingArgs.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key, type=None):
        RecordingArgs.read.add(key)
        return super().getlist(key, type)


@pytest.fixture
def world(app, db):
    lead, other = make_department("市卫生健康委"), make_department("市司法局")
    district = make_department("上城区", kind="district")
    users = {
        role: make_user(f"{role}1", roles=(role,), department=district if role == "district_office" else lead)
        for role in ROLES
    }
    partner = make_user("partner1", roles=("liaison",), department=other)
    task = make_task(make_plan(start_year=2021, end_year=2025), cooperating=(other,))
    milestone = make_milestone(task)
    report = make_report(milestone, status="submitted", actor=users["liaison"])
    make_contribution(milestone, actor=partner, status="submitted")
    evidence = make_evidence(milestone, actor=users["liaison"])
    db.session.commit()
    clients = {"anonymous": app.test_client()}
    for role in ROLES:
        clients[role] = app.test_client()
        assert login(clients[role], f"{role}1").status_code == 303, role
    values = {
        "task_id": task.id,
        "milestone_id": milestone.id,
        "report_id": report.id,
        "evidence_id": evidence.id,
        "user_id": users["liaison"].id,
        "department_id": lead.id,
        "year": 2025,
        "code": task.plan.code,
    }
    return Walk(app, clients, values)


def digest() -> dict[str, object]:
    """A digest of every table but the audit log, and the count of each audit action but the refusals."""
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name.startswith("audit_"):
            continue
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns))
        found[table.name] = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
    audited = select(AuditEvent.action, func.count()).where(AuditEvent.action.not_in(NOT_CHANGES))
    found["audit"] = dict(db.session.execute(audited.group_by(AuditEvent.action)).all())
    db.session.rollback()
    return found


def roles_for(app, rule):
    if rule.endpoint in ANONYMOUS_ONLY:
        return ["anonymous"]
    required = getattr(app.view_functions[rule.endpoint], "required_roles", None)
    return [r for r in ROLES if not required or r in required]


def test_hostile_values_everywhere_answer_below_500_and_change_nothing(app, world):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in NO_WALK]
    tokens = {
        role: csrf_token(client, "/auth/login" if role == "anonymous" else "/auth/password")
        for role, client in world.clients.items()
    }
    before = digest()
    started = time.perf_counter()
    forms, reads = {}, {}
    for rule in rules:
        roles = roles_for(app, rule)
        # every path argument, with a role that may use the route
        for i, name in enumerate(sorted(rule.arguments)):
            for j, value in enumerate(PATH_HOSTILE.values()):
                role = roles[(i + j) % len(roles)]
                for method in sorted(rule.methods & {"GET", "POST"}):
                    body = f"csrf_token={tokens[role]}" if method == "POST" else None
                    world.send(role, method, world.url(rule, {name: value}), body)
        if "GET" not in rule.methods:
            continue
        # each role's page as it is, noting the parameters the view reads and the forms it shows
        url = world.url(rule)
        for role in roles:
            RecordingArgs.read = set()
            app.request_class.parameter_storage_class = RecordingArgs
            try:
                _status, page = world.send(role, "GET", url)
            finally:
                del app.request_class.parameter_storage_class
            parser = Forms()
            parser.feed(page)
            for action, fields in parser.forms:
                forms.setdefault((action or url, tuple(sorted(fields))), (role, fields))
            reads.setdefault(url, set()).update(RecordingArgs.read)
            # the standard set of parameters at once, each hostile value in turn
            for label, value in HOSTILE.items():
                names = ("q",) if label == "300 KB" else STANDARD_ARGS
                world.send(role, "GET", url + "?" + "&".join(f"{n}={value}" for n in names))
        # every parameter the view reads, one at a time, each value with another role
        for i, name in enumerate(sorted(reads[url])):
            for j, value in enumerate(HOSTILE.values()):
                world.send(roles[(i + j) % len(roles)], "GET", f"{url}?{name}={value}")
    # every form field: the hidden fields as the page has them, one field hostile at a time
    for (action, _names), (role, fields) in sorted(forms.items()):
        if urlsplit(action).path in ("/auth/logout",):
            continue
        hidden = {n: v for n, (kind, v) in fields.items() if kind == "hidden" and n != "csrf_token"}
        for name, (kind, _value) in fields.items():
            if name == "csrf_token":
                continue
            free_text = kind in ("text", "textarea", "search", "email", "password", "tel")
            for label, value in HOSTILE.items():
                if free_text and label not in TEXT_HOSTILE:
                    continue
                data = {**{n: quote(v) for n, v in hidden.items()}, name: value}
                body = "&".join(f"{quote(n)}={v}" for n, v in data.items()) + f"&csrf_token={tokens[role]}"
                world.send(role, "POST", action, body)
    seconds = time.perf_counter() - started
    read = sum(map(len, reads.values()))
    print(f"\nhostile input: {world.sent} requests in {seconds:.1f} s; {len(forms)} forms, {read} parameters read")
    assert not world.failures, sorted({(role, method, url[:80]) for role, method, url, _body, _s in world.failures})
    after = digest()
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}, before["audit"]
    assert world.sent > 3000
