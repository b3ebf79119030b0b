"""A district's own plan (本地行动方案): the plan whose tasks the district office runs for its district."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.extensions import db
from supervision.plans.models import Plan


class LocalPlan(db.Model):
    __tablename__ = "district_local_plans"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    plan: Mapped[Plan] = relationship(lazy="joined")
    district_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)  # a district may have several
    district: Mapped[Department] = relationship(lazy="joined")
