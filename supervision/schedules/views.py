"""The office's page of yearly holiday schedules: status per year, Excel template, upload; the 暂定 helpers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import WorkCalendar
from supervision.clock import today
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.permissions import require_role
from supervision.schedules.data import MAX_YEAR, MIN_YEAR, ScheduleImportError
from supervision.schedules.excel import template_xlsx
from supervision.schedules.files import read_schedule_file
from supervision.schedules.services import (
    find_schedule,
    import_schedule,
    provisional_notice,
    schedule_data,
    year_overview,
)
from supervision.spreadsheets import XLSX_MIMETYPE
from supervision.validation import parse_int

bp = Blueprint("schedules", __name__)
MAX_UPLOAD = 2 * 1024 * 1024


def _calendar() -> WorkCalendar:
    """One calendar per request for the template helpers."""
    if "work_calendar" not in g:
        g.work_calendar = work_calendar()
    return g.work_calendar


@bp.app_template_global("provisional_date")
def provisional_date(day: date | None) -> bool:
    """Whether a due date rests on an estimated year (show 暂定 next to it)."""
    return day is not None and _calendar().is_provisional(day.year)


@bp.app_template_global("calendar_notice")
def calendar_notice() -> str | None:
    """The office's banner while this year's (or, from October, next year's) dates are 暂定."""
    if not (current_user.is_authenticated and current_user.has_role("office")):
        return None
    return provisional_notice(today(), _calendar())


@bp.route("/calendar/schedules")
@require_role("office")
def index():
    this_year = today().year
    overviews = [year_overview(y, _calendar()) for y in range(this_year - 1, this_year + 5)]
    return render_template("schedules/index.html", overviews=overviews, this_year=this_year)


@bp.route("/calendar/schedules/<int:year>")
@require_role("office")
def year_detail(year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    return render_template("schedules/year.html", overview=year_overview(year, _calendar()))


@bp.route("/calendar/schedules/template.xlsx")
@require_role("office")
def template():
    year = parse_int(request.args.get("year"), today().year + 1)
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    schedule = find_schedule(year)
    payload = template_xlsx(schedule_data(schedule) if schedule else None, year)
    return send_file(
        BytesIO(payload), as_attachment=True, download_name=f"{year}年节假日安排.xlsx", mimetype=XLSX_MIMETYPE
    )


@bp.route("/calendar/schedules/import", methods=["POST"])
@require_role("office")
def import_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("请选择要导入的 YAML 或 Excel 文件。", "danger")
        return redirect(url_for(".index"), code=303)
    content = upload.read(MAX_UPLOAD + 1)
    try:
        if len(content) > MAX_UPLOAD:
            raise ScheduleImportError(["文件过大（最多 2 MB）。"])
        result = import_schedule(read_schedule_file(upload.filename, content), actor=current_user)
    except ScheduleImportError as error:
        db.session.rollback()
        return render_template("schedules/import_errors.html", errors=error.errors), 400
    except DomainError as error:
        db.session.rollback()
        return render_template("schedules/import_errors.html", errors=[error.message]), 400
    db.session.commit()
    year = result.schedule.year
    if not result.changed:
        flash(f"{year} 年节假日安排与已录入的相同，未作修改。", "info")
    else:
        moved = f"，{result.redated} 个节点的截止日期已随之调整" if result.redated else ""
        flash(f"已{'录入' if result.created else '替换'} {year} 年节假日安排{moved}。", "success")
    return redirect(url_for(".year_detail", year=year), code=303)
