"""Who sees which part of the audit log: the auditor sees every event, the office business events only."""

from __future__ import annotations

from supervision.audit.filters import AuditFilter
from supervision.audit.labels import ACTION_LABELS

SECURITY_ACTION_PREFIXES = ("auth.", "user.", "security.", "audit.", "access.", "backup.", "file.")


def business_only(user) -> bool:
    """The office reads business events only; the auditor (三员) reads the whole log."""
    return not user.has_role("auditor")


def filter_for(user, args) -> AuditFilter:
    """The search in `args`, held to what `user` may see."""
    return AuditFilter.from_args(args, business_only=business_only(user))


def visible_actions(f: AuditFilter) -> list[str]:
    """The known actions (no scan of the log: its size must not slow the page down)."""
    actions = set(ACTION_LABELS)
    if f.business_only:
        actions = {a for a in actions if not a.startswith(SECURITY_ACTION_PREFIXES)}
    return sorted(actions | ({f.action} if f.action else set()))
