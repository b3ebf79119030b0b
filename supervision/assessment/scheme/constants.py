"""Names shared by the scheme, the scoring and the pages."""

from __future__ import annotations

import re

# The components the system knows how to measure; a scheme gives each a label and a weight.
COMPONENTS = ("lead_tasks", "cooperation", "on_time_reporting", "quality", "evidence", "indicators")
# Components that score a unit's part in other units' work: alone they do not make a unit 参评 (inputs version 2).
SUPPORTING_COMPONENTS = ("cooperation",)
# Deductions and grade caps computed from the data; any other item is entered by the office (manual).
COMPUTED_DEDUCTIONS = ("returned_report", "late_days", "red_at_quarter_end") + (
    # facts reported by other domains at the hook point DEDUCTION_FACTS (reminders, accountability, rectification)
    "supervision_notice",
    "interview",
    "accountability",
    "overdue_rectification",
)
# Hook point: hook(year, as_of, facts) appends {"item", "department_id", "count", "reason", "ref"} dicts.
DEDUCTION_FACTS = "assessment.deduction_facts"
COMPUTED_CAPS = ("red_at_cut_off",)
GRADES = ("优秀", "良好", "合格", "不合格")
DAY_PATTERN = re.compile(r"^(\d\d)-(\d\d)(\+1)?$")
KIND_LABELS = {"municipal": "市级部门", "district": "区、县(市)", "enterprise": "企业", "other": "其他单位"}
ROLE_LABELS = {"lead": "牵头", "cooperating": "配合"}
