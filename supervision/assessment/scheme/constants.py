"""Names shared by the scheme, the scoring and the pages."""

from __future__ import annotations

import re

# The components the system knows how to measure; a scheme gives each a label and a weight.
COMPONENTS = ("lead_tasks", "cooperation", "on_time_reporting", "quality", "evidence", "indicators")
# Deductions and grade caps computed from the data; any other item is entered by the office (manual).
COMPUTED_DEDUCTIONS = ("returned_report", "late_days", "red_at_quarter_end")
COMPUTED_CAPS = ("red_at_cut_off",)
GRADES = ("优秀", "良好", "合格", "不合格")
DAY_PATTERN = re.compile(r"^(\d\d)-(\d\d)(\+1)?$")
KIND_LABELS = {"municipal": "市级部门", "district": "区、县(市)", "enterprise": "企业", "other": "其他单位"}
ROLE_LABELS = {"lead": "牵头", "cooperating": "配合"}
