"""Every page a role can reach, rendered on demo data, shows no internal code in its visible text: no
snake_case identifier, no dotted event name (report.submit), no English state word (pending_review)."""

from __future__ import annotations

import itertools
import re
from datetime import date
from html.parser import HTMLParser

from sqlalchemy import select

from supervision.accountability.services import record_case
from supervision.accounts.models import DEPARTMENT_KIND_LABELS, ROLE_LABELS, Department, Role, User
from supervision.appeals.models import Appeal
from supervision.bulletins.services import draft_bulletin, issue_bulletin
from supervision.indicators.models import Indicator
from supervision.labels import DEPARTMENT_KINDS, OUTBOX_STATUS, PLAN_STATUS, REPORT_STATUS, ROLES, TASK_STATUS
from supervision.milestones.models import Milestone
from supervision.plans.models import PLAN_STATUS_LABELS, Plan
from supervision.rectification.services import open_rectification
from supervision.reminders.models import STATUS_LABELS, OutboxMessage, SupervisionNotice
from supervision.reports.models import REPORT_STATUS_LABELS
from supervision.tasks.models import TASK_STATUS_LABELS, Task
from tests.builders import make_contribution, make_evidence, make_report
from tests.helpers import login, make_user, seed

YEAR = 2025
STATE_WORDS = [
    "pending_review",
    "approved",
    "returned",
    "draft",
    "submitted",
    "pending",
    "sent",
    "failed",
    "open",
    "closed",
    "running",
    "municipal",
    "district",
    "group",
    "lead",
    "cooperating",
    "accepted",
    "rejected",
    "key_project",
    "action",
    "office",
    "liaison",
    "dept_head",
    "leader",
    "sysadmin",
    "secadmin",
    "auditor",
    "success",
    "failure",
    "denied",
    "business",
    "security",
]
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b")
WORD = re.compile(r"\b(" + "|".join(STATE_WORDS) + r")\b")
# visible text that legitimately looks like a code: e-mail addresses, file names, URLs, login names of users
ALLOWED = re.compile(r"[\w.+-]+@[\w.-]+|\b[\w-]+\.(?:pdf|docx|xlsx|csv|zip|yaml|json|png)\b|https?://\S+|/\S+")
SKIPPED_ARGUMENTS = set()
HIDDEN = ("script", "style", "template", "textarea")


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attribute values, scripts or styles, and no form values (a textarea
    holds what a user typed, like an input's value attribute: the expert's YAML editor of the scheme)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str, usernames: set[str]) -> set[str]:
    text = ALLOWED.sub(" ", text)
    for name in usernames:
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", text)
    found = set(SNAKE.findall(text)) | set(DOTTED.findall(text)) | set(WORD.findall(text))
    return found


def in_context(text: str, code: str) -> str:
    """The code with a few words either side, to find it on the page."""
    at = text.find(code)
    return f"{code} (…{text[max(0, at - 30) : at + len(code) + 30]}…)"


def demo_data(runner, db):
    """The seed with demo accounts, the 2025 milestones, reports in every state, contributions, evidence,
    the reminders and escalations of 2 December 2026, a failed message and the year's assessment."""
    seed(runner, "--demo")
    for args in (["milestones", "generate", "--year", str(YEAR)], ["milestones", "generate", "--year", "2026"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output

    def dept(name):
        return db.session.scalar(select(Department).where(Department.name == name))

    users = {
        "office": make_user("office1", roles=("office",), department=dept("市卫生健康委"), display_name="王办公"),
        "leader": make_user("leader1", roles=("leader",), department=dept("市政府办公厅"), display_name="李领导"),
        "liaison": make_user("liaison1", roles=("liaison",), department=dept("市卫生健康委"), display_name="张联络"),
        "dept_head": make_user("head1", roles=("dept_head",), department=dept("市卫生健康委"), display_name="赵处长"),
        "sysadmin": make_user("sysadmin1", roles=("sysadmin",), display_name="系统管理员甲"),
        "secadmin": make_user("secadmin1", roles=("secadmin",), display_name="安全管理员甲"),
        "auditor": make_user("auditor1", roles=("auditor",), display_name="审计员甲"),
        "district_office": make_user(
            "district1", roles=("district_office",), department=dept("上城区"), display_name="孙区办"
        ),
    }
    coop = make_user("coop1", roles=("liaison",), department=dept("市司法局"), display_name="钱配合")
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestones = db.session.scalars(
        select(Milestone).where(Milestone.task_id == task.id, Milestone.year == YEAR).order_by(Milestone.due_date)
    ).all()
    liaison, head, office = users["liaison"], users["dept_head"], users["office"]
    make_contribution(milestones[0], status="submitted", actor=coop)
    make_report(milestones[0], status="approved", actor=liaison, head=head, reviewer=office, included_contributions=[])
    make_report(milestones[1], status="returned", actor=liaison, head=head, reviewer=office)
    pending = make_report(milestones[2], status="pending_review", actor=liaison, head=head)
    make_contribution(milestones[3], status="submitted", actor=coop)
    make_report(milestones[3], status="draft", actor=liaison)
    evidence = make_evidence(milestones[0], actor=liaison, verdict="accepted", judge=office)
    make_evidence(milestones[1], actor=liaison, verdict="rejected", judge=office)
    db.session.commit()
    runner.invoke(args=["reminders", "run", "--today", "2026-12-02"])  # notices, notifications, messages
    db.session.rollback()
    db.session.add(
        OutboxMessage(
            channel="email",
            user=liaison,
            kind="reminder",
            day=date(2026, 12, 2),
            address="liaison1@example.gov.cn",
            subject="催办提醒",
            body_text="请按期报送。",
            status="failed",
            attempts=5,
            last_error="[Errno 111] Connection refused",
        )
    )
    db.session.commit()
    result = runner.invoke(args=["assessment", "compute", "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    return users, milestones, {"report_id": pending.id, "evidence_id": evidence.id}


def arguments(db, milestones, ids) -> dict[str, object]:
    """A value for each URL argument, taken from the demo data."""
    notice = db.session.scalars(select(SupervisionNotice).limit(1)).first()
    indicator = db.session.scalars(select(Indicator).limit(1)).first()
    plan = db.session.scalars(select(Plan).order_by(Plan.id).limit(1)).first()
    office = db.session.scalar(select(User).where(User.username == "office1"))
    bulletins = [draft_bulletin("quarter", YEAR, q, date(2026, 12, 2), actor=office) for q in (3, 4)]
    issue_bulletin(bulletins[1], date(2026, 12, 2), actor=office)
    health = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    item = open_rectification(
        health, "请按期补报第四季度进展。", 10, source_kind="other", today=date(2026, 12, 2), actor=office
    )
    case = {"kind": "interview", "held_on": date(2026, 11, 30), "people": "张联络", "reason": "多项任务逾期"}
    record = record_case(health, case, [], today=date(2026, 12, 2), actor=office)
    appeal = Appeal(year=YEAR, department=health, target="component:lead_tasks", target_label="牵头任务", text="请复核")
    db.session.add(appeal)
    db.session.commit()
    return {
        "bulletin_id": [b.id for b in bulletins],
        "item_id": item.id,
        "record_id": record.id,
        "appeal_id": appeal.id,
        "milestone_id": [m.id for m in milestones[:4]],
        "task_id": milestones[0].task_id,
        "report_id": ids["report_id"],
        "department_id": db.session.scalar(select(Department.id).where(Department.name == "市卫生健康委")),
        "year": YEAR,
        "code": plan.code,
        "indicator_id": indicator.id if indicator else None,
        "notice_id": notice.id if notice else None,
        "evidence_id": ids["evidence_id"],
        "fmt": "pdf",
        "token": "no-such-token",  # a one-time link: its refusal page is checked too
        "file_id": 1,  # downloads of attached files: a file or a 404, never a page to read
    }


def pages(app, values, role):
    """The GET pages of the URL map that `role` may open, with arguments from the demo data."""
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in rule.methods
            or rule.endpoint.startswith(("api.", "api-docs.", "api_docs."))
            or rule.endpoint == "static"
        ):
            continue
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        if roles is not None and role not in roles:
            continue
        missing = [a for a in rule.arguments if values.get(a) is None]
        if missing:
            SKIPPED_ARGUMENTS.update(f"{rule.endpoint}: {a}" for a in missing)
            continue
        choices = [v if isinstance(v, list) else [v] for v in (values[a] for a in rule.arguments)]
        with app.test_request_context():
            for combination in itertools.product(*choices):
                yield rule.endpoint, app.url_for(rule.endpoint, **dict(zip(rule.arguments, combination, strict=True)))


def test_no_internal_code_on_any_page_of_any_role(app, runner, db):
    SKIPPED_ARGUMENTS.clear()
    users, milestones, ids = demo_data(runner, db)
    values = arguments(db, milestones, ids)
    usernames = set(db.session.scalars(select(User.username)))  # login names are data, not codes
    offences, visited = [], 0
    for role in (r.value for r in Role):
        client = app.test_client()
        assert login(client, users[role].username).status_code == 303, role
        for endpoint, url in pages(app, values, role):
            if endpoint in ("accounts.logout", "accounts.login"):
                continue
            with client.get(url) as response:
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                html = response.get_data(as_text=True)
            visited += 1
            text = " ".join(visible_text(html).split())
            found = codes_in(text, usernames)
            if found:
                offences.append(f"{role} {url}: " + "; ".join(in_context(text, code) for code in sorted(found)))
    assert visited > 40
    assert not offences, "internal codes on screen:\n" + "\n".join(offences)
    # a new page with a new URL argument: add a demo row in demo_data() and its id in arguments()
    assert not SKIPPED_ARGUMENTS, "pages not visited, no demo value for: " + ", ".join(sorted(SKIPPED_ARGUMENTS))


def test_a_delivery_error_is_explained_in_chinese_with_the_raw_error_on_a_details_line(app, runner, db):
    users, _milestones, _ids = demo_data(runner, db)
    client = app.test_client()
    assert login(client, users["office"].username).status_code == 303
    text = visible_text(client.get("/reminders/outbox?view=attention").get_data(as_text=True))
    assert "无法连接邮件服务器（连接被拒绝" in text
    assert "详细信息：[Errno 111] Connection refused" in text


def test_a_milestone_history_and_the_audit_log_speak_chinese_with_display_names(app, runner, db):
    users, milestones, _ids = demo_data(runner, db)
    client = app.test_client()
    assert login(client, users["office"].username).status_code == 303
    text = " ".join(visible_text(client.get(f"/milestones/{milestones[1].id}").get_data(as_text=True)).split())
    assert "张联络 · 报送进展报告 → 待" in text  # the head's or the office's review, by department setting
    assert "王办公 · 办公室退回 → 已退回" in text
    assert "liaison1" not in text and "report.submit" not in text and "pending_review" not in text
    text = " ".join(visible_text(client.get("/audit/?action=report.submit").get_data(as_text=True)).split())
    assert "张联络" in text and "报送进展报告" in text and "字段 变更前 变更后 状态 草稿 待" in text


def test_the_shared_labels_agree_with_the_domains_own():
    assert REPORT_STATUS == REPORT_STATUS_LABELS and TASK_STATUS == TASK_STATUS_LABELS
    assert PLAN_STATUS == PLAN_STATUS_LABELS and OUTBOX_STATUS == STATUS_LABELS
    assert {str(k): v for k, v in ROLE_LABELS.items()} == ROLES
    assert {str(k): v for k, v in DEPARTMENT_KIND_LABELS.items()} == DEPARTMENT_KINDS
