"""The layout of the plans workbook, shared by its writer and its reader: sheet names, columns, task kinds."""

from __future__ import annotations

PLANS_SHEET = "规划"
PLAN_COLUMNS = ("规划编号", "规划名称", "起始年份", "结束年份", "发文信息")
TASK_COLUMNS = ("序号", "类别", "名称", "目标和内容", "周期", "牵头部门", "配合部门", "类型", "量化目标")
KIND_LABELS = {"key_project": "重点任务", "action": "行动"}
LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()} | {kind: kind for kind in KIND_LABELS}
