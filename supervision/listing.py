"""Lists in daily use: pagination of computed rows, sorting by a whitelisted key, export to Excel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from math import ceil
from typing import Any

from flask import request, send_file

from supervision.spreadsheets import XLSX_MIMETYPE, xlsx_bytes
from supervision.validation import parse_int

MAX_PAGE = 10**9  # page × page size stays far within the database's integers (OFFSET)


@dataclass
class RowPage:
    """The same interface as Flask-SQLAlchemy's Pagination, for rows computed in Python."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    def iter_pages(self, left_edge=2, left_current=2, right_current=4, right_edge=2):
        last = 0
        for number in range(1, self.pages + 1):
            if (
                number <= left_edge
                or self.page - left_current - 1 < number < self.page + right_current
                or number > self.pages - right_edge
            ):
                if last + 1 != number:
                    yield None
                yield number
                last = number


def paginate_rows(rows: Sequence, per_page: int = 50, arg: str = "page") -> RowPage:
    page = parse_page(arg)
    pages = max(1, ceil(len(rows) / per_page))
    page = min(page, pages)
    return RowPage(list(rows[(page - 1) * per_page : page * per_page]), page, per_page, len(rows))


def parse_page(arg: str = "page") -> int:
    """The `?page=` of the request: a positive ASCII integer, else 1 (a page past the end shows the last)."""
    return parse_int(request.args.get(arg), 1, low=1, high=MAX_PAGE)


def sort_rows(rows: list, keys: dict[str, Callable[[Any], Any]], default: str) -> tuple[list, str, bool]:
    """Sort by `?sort=key` (or `-key` for descending) among the allowed keys."""
    value = request.args.get("sort", default)
    descending = value.startswith("-")
    name = value.lstrip("-")
    if name not in keys:
        name, descending = default, False
    return sorted(rows, key=keys[name], reverse=descending), name, descending


def wants_excel() -> bool:
    return request.args.get("format") == "xlsx"


def excel_response(title: str, headers: list[str], rows: list[list], filename: str):
    """Send rows as an .xlsx download with a bold, frozen Chinese header row."""
    return send_file(
        BytesIO(xlsx_bytes(headers, rows, title=title)),
        as_attachment=True,
        download_name=f"{filename}.xlsx",
        mimetype=XLSX_MIMETYPE,
    )
