"""Loading departments from seeds/departments.yaml, idempotently."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from supervision.accounts.models import Department, DepartmentAlias, DepartmentKind
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db


def read_departments(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = data.get("departments") or []
    seen: dict[str, str] = {}
    for index, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()
        if not name:
            raise DomainError(f"{path.name} 第 {index} 个部门缺少名称。")
        if row.get("kind", "municipal") not in DepartmentKind.__members__:
            raise DomainError(f"{path.name} 中部门“{name}”的类型“{row.get('kind')}”无效。")
        for spelling in [name, *(row.get("aliases") or [])]:
            if spelling in seen:
                raise DomainError(f"{path.name} 中“{spelling}”重复出现（{seen[spelling]}）。")
            seen[spelling] = name
    return rows


def load_departments(path: Path) -> dict[str, int]:
    """Insert or update departments; rows made in the app are left alone. Returns counts."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {d.name: d for d in db.session.scalars(select(Department))}
    alias_owner = {a.alias: a for a in db.session.scalars(select(DepartmentAlias))}
    for row in read_departments(path):
        name = row["name"].strip()
        dept = existing.get(name)
        if dept is None and name in alias_owner:
            dept = alias_owner[name].department
        wanted = {
            "short_name": row.get("short_name"),
            "kind": row.get("kind", "municipal"),
            "aliases": sorted(row.get("aliases") or []),
        }
        if dept is None:
            dept = Department(name=name, short_name=wanted["short_name"], kind=wanted["kind"])
            dept.aliases = [DepartmentAlias(alias=a) for a in wanted["aliases"]]
            db.session.add(dept)
            db.session.flush()
            record_event("department.seed", object_type="department", object_id=dept.id, after=wanted)
            counts["created"] += 1
            continue
        before = {"short_name": dept.short_name, "kind": dept.kind, "aliases": sorted(dept.alias_names)}
        if before == wanted and dept.name == name:
            counts["unchanged"] += 1
            continue
        dept.name = name
        dept.short_name = wanted["short_name"]
        dept.kind = wanted["kind"]
        keep = {a.alias: a for a in dept.aliases if a.alias in wanted["aliases"]}
        dept.aliases = [keep.get(a) or DepartmentAlias(alias=a) for a in wanted["aliases"]]
        db.session.flush()
        record_event("department.seed", object_type="department", object_id=dept.id, before=before, after=wanted)
        counts["updated"] += 1
    return counts
