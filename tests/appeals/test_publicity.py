"""公示: the office sets the dates; during them every department sees the ranking and the summary PDF; outside
them a department is refused in Chinese; bad dates change nothing; 终审 waits for the end of the 公示."""

import re
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from supervision.appeals.services import settle_year
from supervision.assessment.models import Assessment
from supervision.assessment.publishing.services import objection_deadline, publish_year, set_publicity
from supervision.assessment.scoring.services import compute_year, round_for
from supervision.audit.models import AuditEvent
from tests.assessment.builders import TODAY, Year2025
from tests.helpers import login, post_form

START, END = date(2026, 2, 5), date(2026, 3, 20)  # the 公示 outlasts the 复核 window


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY, actor=built.office)
    publish_year(2025, TODAY, actor=built.office)
    round_for(2025).published_at = datetime(2026, 2, 2, 2, tzinfo=UTC)  # 10:00 on Monday 2 February
    db.session.commit()
    built.monkeypatch = monkeypatch
    return built


def on(year, day: date) -> None:
    """The pages run on `day`."""
    year.monkeypatch.setattr("supervision.appeals.views.today", lambda: day)


def client_of(app, username: str):
    client = app.test_client()
    login(client, username)
    return client


def publicity_events(db) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == "assessment.publicity"))


def set_dates(client, start: str, end: str):
    data = {"start": start, "end": end}
    return post_form(client, "/appeals/2025/publicity", data, "/appeals/?year=2025", follow_redirects=True)


def expected_ranking(db) -> list[str]:
    """The rated departments in the order the ranking lists them: by kind, then rank, then name."""
    kinds = round_for(2025).inputs["scheme"]["kinds"]
    rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated)).all()
    rows = sorted(rows, key=lambda a: (list(kinds).index(a.kind), a.rank, a.department.name))
    return [a.department.name for a in rows]


def in_order(text: str, names: list[str]) -> bool:
    position = 0
    for name in names:
        position = text.find(name, position)
        if position < 0:
            return False
        position += len(name)
    return True


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode())


def test_the_office_sets_the_publicity_dates(app, year, db):
    on(year, date(2026, 2, 4))
    office = client_of(app, "office1")
    page = set_dates(office, START.isoformat(), END.isoformat()).get_data(as_text=True)
    assert "已设置公示期：2026-02-05 至 2026-03-20" in page
    db.session.expire_all()
    assert (round_for(2025).publicity_from, round_for(2025).publicity_to) == (START, END)
    assert publicity_events(db) == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-20", "2026-02-05", "公示结束日期不能早于开始日期"),
        ("2026-02-30", "2026-03-20", "请填写有效的公示开始和结束日期"),
        ("下周一", "2026-03-20", "请填写有效的公示开始和结束日期"),
        ("2026-02-05", "", "请填写有效的公示开始和结束日期"),
    ],
)
def test_bad_dates_are_refused_in_chinese_and_change_nothing(app, year, db, start, end, message):
    set_publicity(round_for(2025), START, END, actor=year.office)
    db.session.commit()
    on(year, date(2026, 2, 4))
    office = client_of(app, "office1")
    assert message in set_dates(office, start, end).get_data(as_text=True)
    db.session.expire_all()
    assert (round_for(2025).publicity_from, round_for(2025).publicity_to) == (START, END)
    assert publicity_events(db) == 1


def test_during_the_publicity_every_department_sees_the_ranking_and_the_pdf(app, year, db):
    set_publicity(round_for(2025), START, END, actor=year.office)
    db.session.commit()
    ranking = expected_ranking(db)
    assert len(ranking) > 2
    for day in (START, date(2026, 3, 1), END):
        on(year, day)
        for username in ("edu1", "justice1"):
            client = client_of(app, username)
            index = client.get("/appeals/?year=2025").get_data(as_text=True)
            assert "查看公示结果" in index
            response = client.get("/appeals/2025/publicity")
            assert response.status_code == 200
            assert in_order(response.get_data(as_text=True), ranking)
    with client.get("/appeals/2025/publicity/summary.pdf") as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = pdftotext(response.data)
    assert in_order(text, ranking)
    assert "排名" in text


@pytest.mark.parametrize("day", [START - timedelta(days=1), END + timedelta(days=1)])
def test_before_and_after_the_publicity_a_department_is_refused(app, year, db, day):
    set_publicity(round_for(2025), START, END, actor=year.office)
    db.session.commit()
    on(year, day)
    justice = client_of(app, "justice1")
    response = justice.get("/appeals/2025/publicity")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "不在公示期内" in page and "2026-02-05 至 2026-03-20" in page
    with justice.get("/appeals/2025/publicity/summary.pdf") as response:
        assert response.status_code == 403 and response.mimetype == "text/html"
    assert "查看公示结果" not in justice.get("/appeals/?year=2025").get_data(as_text=True)


def test_without_publicity_a_department_is_told_it_has_not_been_shown(app, year, db):
    on(year, date(2026, 2, 4))
    response = client_of(app, "edu1").get("/appeals/2025/publicity")
    assert response.status_code == 403 and "尚未公示" in response.get_data(as_text=True)


def test_final_waits_for_the_end_of_the_publicity(year, db):
    deadline = objection_deadline(round_for(2025))
    assert deadline < END
    set_publicity(round_for(2025), START, END, actor=year.office)
    assert not settle_year(2025, deadline + timedelta(days=1))  # the 复核 window closed, the 公示 runs on
    assert not settle_year(2025, END) and not round_for(2025).final
    assert settle_year(2025, END + timedelta(days=1)) and round_for(2025).final
