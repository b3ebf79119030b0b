"""The sysadmin's bulk import of accounts from Excel, and its template."""

from __future__ import annotations

from io import BytesIO

from flask import flash, make_response, render_template, request, send_file
from flask_login import current_user

from supervision.accounts.bulk_import import COLUMNS, AccountImportError, import_accounts, template_bytes
from supervision.accounts.views.users import bp
from supervision.db import utcnow
from supervision.extensions import db
from supervision.permissions import require_role
from supervision.spreadsheets import XLSX_MIMETYPE


@bp.route("/import", methods=["GET", "POST"])
@require_role("sysadmin")
def import_users():
    if request.method == "GET":
        return render_template("accounts/admin/import.html", columns=COLUMNS, errors=[])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("请选择要导入的 Excel 文件（.xlsx）。", "danger")
        return render_template("accounts/admin/import.html", columns=COLUMNS, errors=[]), 400
    try:
        result = import_accounts(upload.stream, actor=current_user, now=utcnow())
    except AccountImportError as refused:
        db.session.rollback()
        page = render_template(
            "accounts/admin/import.html", columns=COLUMNS, errors=refused.errors, message=refused.message
        )
        return page, 400
    db.session.commit()
    response = make_response(render_template("accounts/admin/import_result.html", result=result))
    response.headers["Cache-Control"] = "no-store"  # the initial passwords are shown once
    return response


@bp.route("/import/template.xlsx")
@require_role("sysadmin")
def import_template():
    return send_file(
        BytesIO(template_bytes()), as_attachment=True, download_name="账号导入模板.xlsx", mimetype=XLSX_MIMETYPE
    )
