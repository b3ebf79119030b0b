"""Imports every model module so that the metadata (and Alembic) sees all tables."""

from supervision.accountability import models as _accountability_models  # noqa: F401
from supervision.accounts.models import Department, DepartmentAlias, User, UserRole  # noqa: F401
from supervision.api.models import ApiToken, ApiTokenDepartment  # noqa: F401
from supervision.appeals import models as _appeals_models  # noqa: F401
from supervision.assessment import models as _assessment_models  # noqa: F401
from supervision.audit.models import AuditEvent  # noqa: F401
from supervision.bulletins.models import Bulletin, BulletinExcerpt, BulletinFile, BulletinRecipient  # noqa: F401
from supervision.calendar.models import CalendarException  # noqa: F401
from supervision.channels.models import DepartmentChannel  # noqa: F401
from supervision.districts.models import LocalPlan  # noqa: F401
from supervision.evaluations.models import Evaluation, EvaluationVerdict  # noqa: F401
from supervision.evidence.models import Evidence  # noqa: F401
from supervision.indicators.models import Indicator, IndicatorEvidence, IndicatorValue, IndicatorYear  # noqa: F401
from supervision.milestones.models import Milestone, MilestoneTemplate  # noqa: F401
from supervision.outcomes.models import OutcomeNotice  # noqa: F401
from supervision.plans.models import Plan  # noqa: F401
from supervision.rectification import models as _rectification_models  # noqa: F401
from supervision.reminders import models as _reminder_models  # noqa: F401
from supervision.reports.models import Contribution, Report, ReportTargetValue  # noqa: F401
from supervision.reviews.models import Review  # noqa: F401
from supervision.security.models import SecurityPolicy  # noqa: F401
from supervision.tasks.models import Task, TaskDepartment, TaskTarget  # noqa: F401
