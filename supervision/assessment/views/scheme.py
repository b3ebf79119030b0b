"""The year's scheme: read it, edit it as YAML, export and import it."""

from __future__ import annotations

import yaml
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.forms import SchemeForm, SchemeImportForm
from supervision.assessment.publishing.services import save_scheme
from supervision.assessment.scheme.document import dump_yaml
from supervision.assessment.scoring.services import current_config, round_for
from supervision.assessment.views import bp
from supervision.assessment.views.files import send_download
from supervision.errors import DomainError
from supervision.permissions import require_role


def _parse(text: str | bytes) -> dict:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise DomainError("YAML 格式有误，请检查缩进和冒号。") from None


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "danger")


def _page(year: int, form: SchemeForm):
    config = current_config(year)
    if not form.text.data:
        form.text.data = dump_yaml(config, year)
    return render_template(
        "assessment/scheme.html",
        year=year,
        config=config,
        form=form,
        import_form=SchemeImportForm(formdata=None),
        round=round_for(year),
    )


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
