"""The year's scheme: read it, edit it through a form or as YAML, export and import it."""

from __future__ import annotations

import yaml
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.forms import SchemeForm, SchemeImportForm
from supervision.assessment.publishing.services import save_scheme
from supervision.assessment.scheme.document import dump_yaml
from supervision.assessment.scheme.form import (
    KIND_CHOICES,
    YEAR_CHOICES,
    SchemeSettingsForm,
    apply_form,
    scheme_fields,
    translate,
)
from supervision.assessment.scoring.services import current_config, round_for
from supervision.assessment.views import bp
from supervision.assessment.views.files import send_download
from supervision.errors import DomainError
from supervision.permissions import require_role
from supervision.validation import check_text


def _parse(text: str | bytes) -> dict:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise DomainError("YAML 格式有误，请检查缩进和冒号。") from None


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "danger")


def _page(year: int, form: SchemeForm, settings_form: SchemeSettingsForm | None = None, typed=None):
    config = current_config(year)
    if not form.text.data:
        form.text.data = dump_yaml(config, year)
    return render_template(
        "assessment/scheme.html",
        year=year,
        config=config,
        form=form,
        import_form=SchemeImportForm(formdata=None),
        settings_form=settings_form or SchemeSettingsForm(formdata=None),
        sections=scheme_fields(config),
        typed=typed or {},
        kind_choices=KIND_CHOICES,
        year_choices=YEAR_CHOICES,
        round=round_for(year),
    )


def _save_settings(year: int, reason: str | None):
    """Apply the form to the current scheme and save it through the scheme's checks (the messages in the
    form's words)."""
    config = current_config(year)
    document = apply_form(config, request.form, request.form.getlist("kinds"))
    try:
        return save_scheme(year, document, actor=current_user, reason=check_text(reason, label="修改理由"))
    except DomainError as error:
        raise translate(error, config) from None


@bp.route("/<int:year>/scheme/settings", methods=["POST"])
@require_role("office")
def scheme_settings_save(year: int):
    """Save the scheme edited through the form; on a refusal the page comes back with the values as typed."""
    form = SchemeSettingsForm()
    saved = form.validate_on_submit() and attempt(
        lambda: _save_settings(year, form.reason.data),
        f"已保存 {year} 年度评分细则，考核结果已按新细则重新计分。",
    )
    if saved:
        return redirect(url_for(".scheme", year=year), code=303)
    _flash_errors(form)
    return _page(year, SchemeForm(formdata=None), form, typed=request.form)


@bp.route("/<int:year>/scheme")
@require_role("office", "leader")
def scheme(year: int):
    return _page(year, SchemeForm(formdata=None))


@bp.route("/<int:year>/scheme", methods=["POST"])
@require_role("office")
def scheme_save(year: int):
    """Save the edited YAML; on a refusal the page comes back with the text as typed."""
    form = SchemeForm()
    saved = form.validate_on_submit() and attempt(
        lambda: save_scheme(year, _parse(form.text.data), actor=current_user, reason=form.reason.data),
        f"已保存 {year} 年度评分细则，考核结果已按新细则重新计分。",
    )
    if saved:
        return redirect(url_for(".scheme", year=year), code=303)
    _flash_errors(form)
    return _page(year, form)


@bp.route("/<int:year>/scheme/import", methods=["POST"])
@require_role("office")
def scheme_import(year: int):
    form = SchemeImportForm()
    if form.validate_on_submit():
        data = form.file.data.read(1024 * 1024)
        attempt(
            lambda: save_scheme(year, _parse(data), actor=current_user, reason=form.reason.data),
            f"已导入 {year} 年度评分细则。",
        )
    else:
        _flash_errors(form)
    return redirect(url_for(".scheme", year=year), code=303)


@bp.route("/<int:year>/scheme.yaml")
@require_role("office", "leader")
def scheme_export(year: int):
    config = current_config(year)
    return send_download(dump_yaml(config, year).encode(), f"{year}年度考核评分细则.yaml", "application/x-yaml")
