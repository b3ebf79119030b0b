"""The office's channel pages: the departments and their channels, one department's settings, 测试发送."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.channels import services
from supervision.channels.forms import ActionForm, ChannelForm
from supervision.channels.models import KIND_LABELS
from supervision.channels.rules import DEFAULTS, PLACEHOLDERS
from supervision.permissions import require_role

bp = Blueprint("channels", __name__, url_prefix="/channels")
KIND = "<any(dingtalk, wecom, webhook, sms):kind>"


@bp.route("/")
@require_role("office")
def index():
    return render_template("channels/index.html", rows=services.channel_overview(), kinds=KIND_LABELS)


@bp.route("/<int:department_id>")
@require_role("office")
def department(department_id: int):
    unit = services.get_department_or_404(department_id)
    channels = services.department_channels(unit)
    forms = {}
    for kind in KIND_LABELS:
        saved = channels.get(kind)
        form = ChannelForm(prefix=kind, formdata=None, data=dict(saved.options or {}) if saved else None)
        form.enabled.data = saved.enabled if saved else True
        forms[kind] = form
    return render_template(
        "channels/department.html",
        department=unit,
        channels=channels,
        forms=forms,
        kinds=KIND_LABELS,
        secret_kinds=services.SECRET_KINDS,
        placeholders=PLACEHOLDERS,
        sms_defaults=DEFAULTS,
    )


def _back(department_id: int):
    return redirect(url_for("channels.department", department_id=department_id), code=303)


@bp.route(f"/<int:department_id>/{KIND}", methods=["POST"])
@require_role("office")
def save(department_id: int, kind: str):
    unit = services.get_department_or_404(department_id)
    form = ChannelForm(prefix=kind)
    if form.validate_or_flash():
        data = services.ChannelInput(
            url=form.url.data or "",
            secret=form.secret.data or "",
            clear_secret=form.clear_secret.data,
            enabled=form.enabled.data,
            options=form.sms_options(),
        )
        attempt(lambda: services.save_channel(unit, kind, data, actor=current_user), f"{KIND_LABELS[kind]}已保存。")
    return _back(department_id)


@bp.route(f"/<int:department_id>/{KIND}/remove", methods=["POST"])
@require_role("office")
def remove(department_id: int, kind: str):
    unit = services.get_department_or_404(department_id)
    if ActionForm().validate_or_flash():
        attempt(lambda: services.remove_channel(unit, kind, actor=current_user), f"{KIND_LABELS[kind]}已删除。")
    return _back(department_id)


@bp.route(f"/<int:department_id>/{KIND}/test", methods=["POST"])
@require_role("office")
def test(department_id: int, kind: str):
    unit = services.get_department_or_404(department_id)
    if ActionForm().validate_or_flash():
        attempt(
            lambda: services.send_test(unit, kind, actor=current_user),
            "测试消息已排队，发送任务将在一分钟内发出；结果见“催办管理 › 发送记录”。",
        )
    return _back(department_id)
