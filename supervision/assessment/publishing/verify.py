"""Checking a year's scores later: recompute from the frozen inputs, compare with today's data and files."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.scoring.inputs import collect_data, collect_manual, digest
from supervision.assessment.scoring.services import round_for
from supervision.assessment.scoring.totals import score_year
from supervision.errors import DomainError
from supervision.evidence.services import storage
from supervision.extensions import db


@dataclass
class Verification:
    inputs_intact: bool = True
    mismatches: list[str] = field(default_factory=list)  # stored score differs from the recomputed one
    data_changes: list[str] = field(default_factory=list)  # today's data differ from the frozen inputs
    file_problems: list[str] = field(default_factory=list)  # a frozen evidence file is missing or altered

    @property
    def consistent(self) -> bool:
        return self.inputs_intact and not self.mismatches and not self.file_problems


def _file_ok(sha256: str) -> bool:
    return storage().is_intact(sha256)  # on the local disk or in the object store


def _compare_milestones(frozen: list[dict], current: list[dict]) -> list[str]:
    changes = []
    now = {m["id"]: m for m in current}
    for m in frozen:
        other = now.pop(m["id"], None)
        name = f"《{m['title']}》（节点 {m['id']}）"
        if other is None:
            changes.append(f"{name}已不存在")
            continue
        if m["report"] != other["report"]:
            changes.append(f"{name}的报告审核或报送记录有变化")
        if m["contributions"] != other["contributions"]:
            changes.append(f"{name}的配合情况有变化")
        if m["evidence"] != other["evidence"]:
            changes.append(f"{name}的佐证材料或采信结论有变化")
        if m["due"] != other["due"]:
            changes.append(f"{name}的截止日期由 {m['due']} 改为 {other['due']}")
    changes += [f"新增节点《{m['title']}》（节点 {m['id']}）" for m in now.values()]
    return changes


def verify_year(year: int) -> Verification:
    """Recompute every score from the frozen inputs and report anything that no longer agrees."""
    round_ = round_for(year)
    if round_ is None:
        raise DomainError("该年度尚未计算考核结果。")
    result = Verification()
    inputs = round_.inputs
    result.inputs_intact = digest(inputs) == round_.inputs_sha256
    recomputed = score_year(inputs)
    stored = {a.department_id: a for a in db.session.scalars(select(Assessment).where(Assessment.year == year))}
    for dept_id, fresh in recomputed.items():
        row = stored.get(dept_id)
        if row is None:
            result.mismatches.append(f"{fresh['name']}：缺少保存的考核结果")
            continue
        if (row.total, row.rank, row.grade) != (fresh["total"], fresh["rank"], fresh["grade"]):
            result.mismatches.append(
                f"{fresh['name']}：保存为 {row.total}/{row.rank}/{row.grade}，"
                f"重新核算为 {fresh['total']}/{fresh['rank']}/{fresh['grade']}"
            )
    current = collect_data(year, round_.as_of, inputs["scheme"]["kinds"])
    result.data_changes = _compare_milestones(inputs["data"]["milestones"], current["milestones"])
    if inputs["data"]["tasks"] != current["tasks"]:
        result.data_changes.append("任务的牵头或配合部门有变化")
    if inputs["manual"] != collect_manual(year):
        result.data_changes.append("人工录入（质量评定、指标、加减分）与计算时不同")
    for m in inputs["data"]["milestones"]:
        for e in m["evidence"]:
            if e["verdict"] == "accepted" and not _file_ok(e["sha256"]):
                result.file_problems.append(f"佐证材料“{e['filename']}”（{e['sha256'][:12]}…）缺失或内容已改变")
    return result
