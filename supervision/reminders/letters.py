"""A letter: one recipient's message of a day (subject, sections of linked lines), and its e-mail rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app, render_template
from markupsafe import Markup

from supervision.accounts.models import User

SUBJECT_PREFIX = "【健康杭州督办】"


@dataclass
class Line:
    text: str
    path: str  # a path on this site, e.g. /milestones/12


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Letter:
    user: User
    kind: str  # reminder / daily_digest / weekly_digest
    subject: str
    intro: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    def as_json(self) -> list[dict]:
        return [
            {"title": s.title, "lines": [{"text": line.text, "path": line.path} for line in s.lines]}
            for s in self.sections
            if s.lines
        ]


def site_path(endpoint: str, **values) -> str:
    """The path of a route, outside any request (jobs have no request to build URLs from)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute_url(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render_email(letter: Letter, day: date, cache: dict | None = None) -> tuple[str, str]:
    """The plain-text and HTML bodies of a letter, with absolute links (config BASE_URL). Letters of one
    batch often differ only in their recipient (a department's liaisons): with `cache`, the part after the
    greeting is rendered once for all of them."""
    sections = [s for s in letter.sections if s.lines]
    key = (letter.intro, day, tuple((s.title, tuple((line.text, line.path) for line in s.lines)) for s in sections))
    bodies = None if cache is None else cache.get(key)
    if bodies is None:
        base = current_app.config["BASE_URL"].rstrip("/")
        context = {
            "letter": letter,
            "sections": sections,
            "day": cn_day(day),
            "absolute_url": base.__add__,  # absolute_url() without reading the config for every line
            "home": absolute_url(site_path("reminders.notifications")),
        }
        bodies = (
            render_template("email/_letter_body.txt", **context),
            Markup(render_template("email/_letter_body.html", **context)),
        )
        if cache is not None:
            cache[key] = bodies
    return (
        render_template("email/letter.txt", letter=letter, body=bodies[0]),
        render_template("email/letter.html", letter=letter, body=bodies[1]),
    )
