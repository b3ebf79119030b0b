"""Wiring outcome notices into the app: subscribers at the decision points of reviews, evidence and publishing."""

from flask import Flask

from supervision.assessment.publishing.services import PUBLISH_HOOK
from supervision.evidence.services import VERDICT_HOOK
from supervision.hooks import add_hook
from supervision.outcomes.services import notify_publication, notify_review, notify_verdict
from supervision.reviews.services import REVIEW_HOOK


def init_app(app: Flask) -> None:
    add_hook(app, REVIEW_HOOK, notify_review)
    add_hook(app, VERDICT_HOOK, notify_verdict)
    add_hook(app, PUBLISH_HOOK, notify_publication)
