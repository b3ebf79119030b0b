"""Wiring reviews into the app: the count of waiting reports beside 审核工作台 in the navigation."""

from flask import Flask

from supervision.reviews.queries import inbox_count
from supervision.templating import register_nav_count


def init_app(app: Flask) -> None:
    register_nav_count(app, "reviews.inbox", inbox_count)
