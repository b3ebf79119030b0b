"""The bulletin's figures come from the data as it stood at the period's end."""

from datetime import date

from supervision.bulletins.facts import bulletin_facts, period_bounds
from tests.bulletins.world import build_world


def test_period_bounds():
    assert period_bounds("quarter", 2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert period_bounds("quarter", 2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert period_bounds("month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("year", 2025, 0) == (date(2025, 1, 1), date(2025, 12, 31))


def test_on_time_rate_and_overdue_list_as_of_the_period_end(db):
    build_world()
    facts = bulletin_facts(*period_bounds("quarter", 2025, 4))
    rates = {d.department: (d.due, d.approved, d.on_time) for d in facts.departments}
    # the report approved in January 2026 was still open on 31 December 2025
    assert rates == {"市体育局": (3, 1, 1), "市教育局": (1, 1, 1)}
    assert facts.departments[0].department == "市体育局"  # lowest on-time rate first
    overdue = [(o.department, o.milestone) for o in facts.overdue]
    assert overdue == [("市体育局", "专项督查整改"), ("市体育局", "年度工作总结")]  # longest overdue first
    assert all(o.days > 0 for o in facts.overdue) and facts.overdue[0].days > facts.overdue[1].days
    assert facts.overdue_departments == ["市体育局"]
    assert [r.task for r in facts.red] == ["重点任务1 全民健身设施建设"] and facts.red[0].overdue == 2
    assert facts.ranking == []  # no assessment published for 2025


def test_an_earlier_period_sees_nothing_overdue_yet(db):
    build_world()
    facts = bulletin_facts(*period_bounds("month", 2025, 10))
    assert {d.department for d in facts.departments} == {"市体育局", "市教育局"}
    assert facts.overdue == []  # the October milestones were approved on time
