"""Pages of 催办与通知: my notifications, supervision notices (list and PDF)."""

from __future__ import annotations

from io import BytesIO

from flask import redirect, render_template, send_file, url_for
from flask_login import current_user

from supervision.errors import PermissionDenied
from supervision.extensions import db
from supervision.listing import parse_page
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.reminders.models import KIND_LABELS, SupervisionNotice
from supervision.reminders.notices import may_read_notice, readable_notices, render_notice
from supervision.reminders.notifications import mark_all_read, mark_read, notifications_for, own_notification
from supervision.reminders.views import bp


@bp.route("/")
@require_role(*BUSINESS_READERS)
def notifications():
    page = notifications_for(current_user, parse_page())
    return render_template("reminders/notifications.html", page=page, kind_labels=KIND_LABELS)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@require_role(*BUSINESS_READERS)
def read(notification_id: int):
    mark_read(own_notification(current_user, notification_id))
    db.session.commit()
    return redirect(url_for(".notifications"), code=303)


@bp.route("/read-all", methods=["POST"])
@require_role(*BUSINESS_READERS)
def read_all():
    mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for(".notifications"), code=303)


@bp.route("/notices/")
@require_role(*BUSINESS_READERS)
def notices():
    page = db.paginate(readable_notices(current_user), page=parse_page(), per_page=50, error_out=False)
    return render_template("reminders/notices.html", page=page)


@bp.route("/notices/<int:notice_id>.pdf")
@require_role(*BUSINESS_READERS)
def notice_pdf(notice_id: int):
    notice = db.get_or_404(SupervisionNotice, notice_id)
    if not may_read_notice(current_user, notice):
        raise PermissionDenied("只有办公室和被督办单位可以查看该督办通知单。")
    response = send_file(
        BytesIO(render_notice(notice)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"督办通知单_{notice.year}_{notice.number}_{notice.department.name}.pdf",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
