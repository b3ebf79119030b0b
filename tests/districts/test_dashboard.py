"""The district dashboard of the city office and leaders: each district's part of the tasks naming
各区、县(市)政府 and its local tasks, by district; the summary PDF."""

from __future__ import annotations

from supervision.clock import today
from supervision.districts.dashboard import district_figures


def by_name(year):
    return {row.name: row for row in district_figures(year, today())}


def test_a_districts_submitted_part_counts_as_done_for_that_district_only(world, app):
    with app.app_context():
        before = by_name(2025)
    assert len(before) == 13 and len({row.total for row in before.values()}) == 1  # every district, same items
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区已完成", "action": "submit"})
    with app.app_context():
        after = by_name(2025)
    assert after["上城区"].done == before["上城区"].done + 1
    assert after["西湖区"].done == before["西湖区"].done
    assert after["上城区"].on_time == before["上城区"].on_time  # submitted in 2026, after the 2025 due date
    assert after["上城区"].lights["red"] == before["上城区"].lights["red"] - 1


def test_the_page_shows_every_district_with_its_figures_and_charts(world):
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区已完成", "action": "submit"})
    for user in ("office", "leader"):
        response = world.clients[user].get("/districts/dashboard?year=2025")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert 'data-district="上城区"' in html and 'data-district="建德市"' in html
        assert "<svg" in html and "按季度按时完成率" in html


def test_bad_year_falls_back_and_other_roles_are_refused(world):
    assert world.clients["office"].get("/districts/dashboard?year=abc").status_code == 200
    for user in ("lead_liaison", "sc_liaison", "sc_head"):
        assert world.clients[user].get("/districts/dashboard").status_code == 403
        assert world.clients[user].get("/districts/dashboard.pdf").status_code == 403


def test_the_summary_pdf(world):
    with world.clients["office"].get("/districts/dashboard.pdf?year=2025") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
