"""Results across years: the department page and the task page show, for every year, the assessment's score,
grade and rank, the on-time rate and the year-end lights (query-bounded); the department's record exports to Excel."""

import io

import openpyxl
from sqlalchemy import event, select

from supervision.assessment.models import Assessment, AssessmentRound
from supervision.clock import today
from supervision.evaluations.record import department_record
from supervision.tasks.models import Task, TaskDepartment
from tests.helpers import login, make_user
from tests.workflow import office_client


def _lead_task(db):
    return db.session.scalar(
        select(Task).join(TaskDepartment).where(TaskDepartment.role == "lead").order_by(Task.id).limit(1)
    )


def _scores(db, department, published: set[int]):
    for year, total, grade, rank in ((2023, 91.5, "优秀", 2), (2024, 84.0, "良好", 7), (2025, 78.25, "合格", 15)):
        db.session.add(
            AssessmentRound(
                year=year,
                status="published" if year in published else "draft",
                as_of=today(),
                inputs={},
                inputs_sha256="0" * 64,
            )
        )
        db.session.add(
            Assessment(
                year=year,
                department=department,
                kind="unit",
                total=total,
                rank=rank,
                rank_of=40,
                grade=grade,
                detail={},
            )
        )
    db.session.commit()


def _generate(runner, *years):
    for year in years:
        assert runner.invoke(args=["milestones", "generate", "--year", str(year)]).exit_code == 0


def test_department_and_task_pages_show_every_year(app, runner, db):
    client = office_client(app, runner, db)
    _generate(runner, 2023, 2024, 2025)
    task = _lead_task(db)
    department = task.departments_in("lead")[0]
    _scores(db, department, published={2023, 2024})
    html = client.get(f"/departments/{department.id}").get_data(as_text=True)
    assert "历年考核与推进情况" in html
    for year, total, grade in (("2023", "91.50", "优秀"), ("2024", "84.00", "良好"), ("2025", "78.25", "合格")):
        row = html[html.index(f'data-year="{year}"') :].split("</tr>")[0]
        assert total in row and grade in row and "已逾期" in row  # nothing was reported: red at the year's end
    assert "2/40" in html and "0%" in html
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "历年推进情况" in page
    row = page[page.index('data-year="2024"') :].split("</tr>")[0]
    assert "已逾期" in row and "84.00" in row and "7/40" in row


def test_a_department_sees_only_its_published_scores(app, runner, db):
    office_client(app, runner, db)
    _generate(runner, 2024)
    task = _lead_task(db)
    department = task.departments_in("lead")[0]
    _scores(db, department, published={2023})
    make_user("liaison1", roles=("liaison",), department=department)
    client = app.test_client()
    login(client, "liaison1")
    html = client.get(f"/departments/{department.id}").get_data(as_text=True)
    assert "91.50" in html and "84.00" not in html and "78.25" not in html


def test_the_record_is_query_bounded_and_exports_to_excel(app, runner, db):
    client = office_client(app, runner, db)
    _generate(runner, 2022, 2023, 2024, 2025)
    task = _lead_task(db)
    department = task.departments_in("lead")[0]
    _scores(db, department, published={2023, 2024, 2025})
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        user = make_user("office2", roles=("office",), department=None)
        db.session.expire_all()
        count_before = len(statements)
        rows = department_record(db.session.merge(department), user, today())
        used = len(statements) - count_before
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert [r.year for r in rows] == [2022, 2023, 2024, 2025]
    assert used <= 12, statements[count_before:]  # a constant number of queries, not one per year or task
    response = client.get(f"/departments/{department.id}/record.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["历年记录"]
    values = list(sheet.values)
    assert values[0][:4] == ("年度", "考核得分", "等次", "排名")
    by_year = {row[0]: row for row in values[1:]}
    assert set(by_year) == {2022, 2023, 2024, 2025}
    assert by_year[2024][1:4] == (84.0, "良好", 7) and by_year[2022][1] is None
