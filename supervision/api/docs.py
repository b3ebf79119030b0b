"""The readable API page: a server-rendered list of the endpoints, read from the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from supervision.permissions import require_role

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")
METHODS = ("get", "put", "post", "patch", "delete")


@bp.route("/docs")
@require_role("office", "liaison", "dept_head", "leader", "sysadmin", "secadmin", "auditor")
def index():
    spec = current_app.extensions["supervision_api"].spec.to_dict()
    endpoints = [
        (method.upper(), path, operation.get("summary", ""), operation.get("description", ""))
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in METHODS
    ]
    return render_template("api/docs.html", info=spec.get("info", {}), endpoints=endpoints)
