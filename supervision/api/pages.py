"""The system administrator's page of API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, url_for
from flask_login import current_user

from supervision.accounts.queries import active_departments
from supervision.actions import attempt
from supervision.api.forms import TokenForm
from supervision.api.models import ApiToken
from supervision.api.services import create_token, list_tokens, revoke_token, token_state
from supervision.db import utcnow
from supervision.errors import NotFound
from supervision.extensions import db
from supervision.permissions import require_role

bp = Blueprint("api_tokens", __name__, url_prefix="/admin/api-tokens")


def _page(form: TokenForm, secret: str | None = None, created=None):
    now = utcnow()
    rows = [(token, token_state(token, now)) for token in list_tokens()]
    response = make_response(render_template("api/tokens.html", form=form, rows=rows, secret=secret, created=created))
    response.headers["Cache-Control"] = "no-store"
    return response


def _form() -> TokenForm:
    form = TokenForm()
    form.departments.choices = {d.name: d.name for d in active_departments()}
    return form


@bp.route("/", methods=["GET", "POST"])
@require_role("sysadmin")
def index():
    form = _form()
    if form.validate_on_submit():
        result = {}

        def action():
            result["token"], result["secret"] = create_token(
                name=form.name.data,
                scope=form.scope.data,
                department_names=form.departments.data,
                days=form.days.data,
                actor=current_user,
            )
            return result["token"]

        if attempt(action, lambda token: f"已创建令牌“{token.name}”，请立即复制保存，离开本页后不再显示。"):
            return _page(_form(), result["secret"], result["token"])
    return _page(form)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@require_role("sysadmin")
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("令牌不存在。")
    attempt(lambda: revoke_token(token, actor=current_user), f"已吊销令牌“{token.name}”。")
    return redirect(url_for("api_tokens.index"), code=303)
