"""Ranking within a kind with ties, grade thresholds, grade caps and the share cap on 优秀 (pure functions)."""

from supervision.assessment.scheme.document import default_scheme
from supervision.assessment.scoring.ranking import apply_quotas, assign_ranks, rank_and_grade
from supervision.assessment.scoring.totals import grade_for

THRESHOLDS = {"优秀": 90, "良好": 80, "合格": 60}


def unit(name, total, lead=0.0, deductions=0.0, kind="municipal", grade=None):
    return {
        "name": name,
        "kind": kind,
        "rated": True,
        "total": total,
        "components": [{"key": "lead_tasks", "score": lead}],
        "bonus": {"total": 0.0},
        "deductions": {"total": deductions},
        "subtotal": total,
        "grade": grade or grade_for(total, THRESHOLDS),
        "grade_notes": [],
    }


def ranks(units):
    return {u["name"]: u["rank"] for u in units}


def test_same_score_same_rank_and_the_next_rank_skips():
    units = [unit("甲", 91.5), unit("乙", 88.0), unit("丙", 88.0), unit("丁", 70.25)]
    assign_ranks(units, [])
    assert ranks(units) == {"甲": 1, "乙": 2, "丙": 2, "丁": 4}
    assert {u["rank_of"] for u in units} == {4}


def test_tie_breakers_of_the_default_scheme_separate_equal_totals():
    ties = default_scheme()["ranking"]["ties"]
    assert ties == ["lead_tasks desc", "deductions asc"]
    units = [
        unit("甲", 88.0, lead=30),
        unit("乙", 88.0, lead=32),
        unit("丙", 88.0, lead=32, deductions=1),
        unit("丁", 88.0, lead=32, deductions=1),
    ]
    assign_ranks(units, ties)
    assert ranks(units) == {"乙": 1, "丙": 2, "丁": 2, "甲": 4}


def test_grade_thresholds():
    assert grade_for(90.0, THRESHOLDS) == "优秀"
    assert grade_for(89.99, THRESHOLDS) == "良好"
    assert grade_for(80.0, THRESHOLDS) == "良好"
    assert grade_for(60.0, THRESHOLDS) == "合格"
    assert grade_for(59.99, THRESHOLDS) == "不合格"


def test_share_cap_on_excellent_keeps_the_top_places_and_drops_the_rest_one_grade():
    # 20 units, 5 at 优秀 by score; 15 % of 20 = 3 places
    units = [unit(f"单位{i:02d}", 95 - i) for i in range(5)] + [unit(f"单位{i:02d}", 70 - i) for i in range(5, 20)]
    assign_ranks(units, [])
    apply_quotas(units, {"优秀": 0.15})
    grades = {u["name"]: u["grade"] for u in units}
    assert [grades[f"单位{i:02d}"] for i in range(5)] == ["优秀", "优秀", "优秀", "良好", "良好"]
    assert "不超过本类单位的 15%（3 个）" in units[3]["grade_notes"][0]


def test_share_cap_treats_a_tie_at_the_boundary_alike_and_keeps_at_least_one_place():
    units = [unit("甲", 96), unit("乙", 94), unit("丙", 94), unit("丁", 92)] + [unit(f"其他{i}", 70) for i in range(6)]
    assign_ranks(units, [])
    apply_quotas(units, {"优秀": 0.15})  # 10 units: floor(1.5) = 1 place
    assert [u["grade"] for u in units[:4]] == ["优秀", "良好", "良好", "良好"]
    small = [unit("甲", 95), unit("乙", 93), unit("丙", 60)]
    assign_ranks(small, [])
    apply_quotas(small, {"优秀": 0.15})  # floor(0.45) = 0, at least one place
    assert [u["grade"] for u in small] == ["优秀", "良好", "合格"]
    tied = [unit("甲", 95), unit("乙", 95), unit("丙", 60), unit("丁", 60)]
    assign_ranks(tied, [])
    apply_quotas(tied, {"优秀": 0.15})
    assert [u["grade"] for u in tied] == ["优秀", "优秀", "合格", "合格"]  # same rank, same grade


def test_units_dropped_from_excellent_compete_for_the_good_places():
    units = [unit(f"优{i}", 95 - i) for i in range(4)] + [unit(f"良{i}", 85 - i) for i in range(2)]
    units += [unit(f"合{i}", 65) for i in range(4)]
    assign_ranks(units, [])
    apply_quotas(units, {"优秀": 0.15, "良好": 0.2})  # 1 place 优秀, 2 places 良好
    assert [u["grade"] for u in units[:6]] == ["优秀", "良好", "良好", "合格", "合格", "合格"]


def test_ranking_is_within_each_kind():
    scheme = default_scheme()
    results = {
        1: unit("市级甲", 80),
        2: unit("市级乙", 85),
        3: unit("区甲", 75, kind="district"),
        4: dict(unit("区乙", 0, kind="district"), rated=False, total=None),
    }
    rank_and_grade(results, scheme)
    assert (results[2]["rank"], results[1]["rank"], results[3]["rank"]) == (1, 2, 1)
    assert results[3]["rank_of"] == 1 and "rank" not in results[4]
