"""Imports every model module so that the metadata (and Alembic) sees all tables."""

from supervision.accounts.models import Department, DepartmentAlias, User, UserRole  # noqa: F401
from supervision.audit.models import AuditEvent  # noqa: F401
from supervision.evidence.models import Evidence  # noqa: F401
from supervision.milestones.models import CalendarException, Milestone, MilestoneTemplate  # noqa: F401
from supervision.plans.models import Indicator, Plan, Task, TaskDepartment, TaskTarget  # noqa: F401
from supervision.reports.models import Contribution, Report, ReportTargetValue, Review  # noqa: F401
