"""The content of an evaluation report, one structure for the PDF template and the Word writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supervision.evaluations.facts import Summary, TaskFacts, summarize, task_facts
from supervision.evaluations.indicators import IndicatorLine, indicator_lines
from supervision.evaluations.models import SECTIONS, Evaluation
from supervision.plans.models import Plan

TASK_HEADERS = ["序号", "任务", "牵头部门", "到期节点", "已通过", "按时率", "采信佐证", "年末状态", "完成结论"]
INDICATOR_HEADERS = ["序号", "指标", "单位", "基期值", "目标值", "实际值", "完成情况"]


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class EvaluationDocument:
    plan: Plan
    as_of: date
    final: bool
    tasks: list[TaskFacts]
    indicators: list[IndicatorLine]
    summary: Summary
    sections: list[tuple[str, str]]  # (heading, office's text)

    @property
    def kind(self) -> str:
        return "终期评估" if self.final else "中期评估"

    @property
    def title(self) -> str:
        return f"{self.plan.title}{self.kind}报告"

    @property
    def subtitle(self) -> str:
        return f"{self.plan.period_label} · 数据截至 {cn_day(self.as_of)}"

    def task_rows(self) -> list[list[str]]:
        rows = []
        for f in self.tasks:
            t = f.task
            verdict = f.verdict + (f"（调整：{f.reason}）" if f.reason else "")
            rows.append(
                [
                    f"{t.kind_label}{t.number}",
                    t.name + ("" if t.status == "open" else f"（{t.status_label}）"),
                    "、".join(d.name for d in t.lead_departments) or "未交办",
                    str(f.due),
                    str(f.approved),
                    percent(f.on_time, f.due),
                    str(f.evidence_accepted),
                    f.lights_text,
                    verdict,
                ]
            )
        return rows

    def indicator_rows(self) -> list[list[str]]:
        return [[str(i.number), i.name, i.unit, i.baseline, i.target, i.actual, i.attainment] for i in self.indicators]

    def overview(self) -> str:
        s = self.summary
        verdicts = "，".join(f"{v} {n} 项" for v, n in s.by_verdict.items())
        return (
            f"{self.plan.title}（{self.plan.code}）共 {len(self.tasks)} 项任务：{verdicts}。"
            f"主要指标 {s.indicators_total} 项，已达标 {s.indicators_met} 项。"
        )

    def on_time_rows(self) -> list[list[str]]:
        return [
            [f"{y}年", str(due), str(on), percent(on, due)] for y, (on, due) in self.summary.on_time_by_year.items()
        ]


def build_document(plan: Plan, evaluation: Evaluation | None, as_of: date) -> EvaluationDocument:
    """Generate the figures from the data as of `as_of` and add the office's sections and verdicts."""
    overrides = {v.task_id: (v.verdict, v.reason) for v in evaluation.verdicts} if evaluation else {}
    facts = task_facts(plan, as_of, overrides)
    indicators = indicator_lines(plan.code, as_of)
    summary = summarize(plan, as_of, facts, [i.attainment for i in indicators])
    sections = [(label, getattr(evaluation, key, "") if evaluation else "") for key, label in SECTIONS.items()]
    return EvaluationDocument(plan, as_of, as_of.year > plan.end_year, facts, indicators, summary, sections)
