"""Indexes over a year's frozen inputs, shared by the measures, the deductions and the scorecards."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from supervision.milestones.lights import LIGHT_LABELS, worst_light


class YearView:
    def __init__(self, inputs: dict) -> None:
        data = inputs["data"]
        self.year: int = inputs["year"]
        self.version: int = inputs.get("version", 1)  # 2: participation rule and computed indicators
        self.indicators: list[dict] | None = data.get("indicators")  # None in inputs frozen before version 2
        self.as_of = date.fromisoformat(inputs["as_of"])
        self.scheme: dict = inputs["scheme"]
        self.manual: dict = inputs["manual"]
        self.departments = {d["id"]: d for d in data["departments"]}
        self.facts: list[dict] = data.get("facts", [])  # deduction events of other domains (DEDUCTION_FACTS)
        self.tasks = {t["id"]: t for t in data["tasks"]}
        self.milestones_of: dict[int, list[dict]] = defaultdict(list)
        for m in data["milestones"]:
            self.milestones_of[m["task_id"]].append(m)
        self.tasks_of: dict[tuple[int, str], list[dict]] = defaultdict(list)
        for task in data["tasks"]:
            for role in ("lead", "cooperating"):
                for dept_id in task[role]:
                    self.tasks_of[(dept_id, role)].append(task)

    @staticmethod
    def approved_by(report: dict | None, day: date) -> bool:
        return bool(report and report["approved"] and report["approved"] <= day.isoformat())

    def is_due(self, milestone: dict) -> bool:
        return milestone["due"] <= self.as_of.isoformat()

    def due_milestones(self, dept_id: int, role: str) -> list[dict]:
        return [m for task in self.tasks_of[(dept_id, role)] for m in self.milestones_of[task["id"]] if self.is_due(m)]

    def tasks_with_due(self, dept_id: int, role: str) -> list[dict]:
        return [t for t in self.tasks_of[(dept_id, role)] if any(self.is_due(m) for m in self.milestones_of[t["id"]])]

    def red_on(self, task: dict, day: date) -> list[dict]:
        """The task's milestones that were red on `day`: due before it and not approved by it."""
        return [
            m
            for m in self.milestones_of[task["id"]]
            if m["due"] < day.isoformat() and not self.approved_by(m["report"], day)
        ]

    def task_lights(self, dept_id: int) -> list[dict]:
        """The department's tasks with their light as of the cut-off, lead tasks first."""
        rows = []
        for role in ("lead", "cooperating"):
            for task in self.tasks_of[(dept_id, role)]:
                milestones = self.milestones_of[task["id"]]
                light = worst_light([m["light"] for m in milestones]) if milestones else "grey"
                done = sum(1 for m in milestones if m["light"] == "done")
                rows.append(
                    {
                        "task_id": task["id"],
                        "label": task["label"],
                        "name": task["name"],
                        "role": role,
                        "light": light,
                        "light_label": LIGHT_LABELS[light],
                        "done": done,
                        "milestones": len(milestones),
                    }
                )
        return rows
