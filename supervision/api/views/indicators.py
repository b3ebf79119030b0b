"""Indicators with their yearly values; the owner's write token enters (and submits) a value."""

from __future__ import annotations

from supervision.api import indicators
from supervision.api.auth import current_token, require_write
from supervision.api.schemas import (
    IndicatorArgs,
    IndicatorPage,
    IndicatorSchema,
    IndicatorValueInput,
    IndicatorValueSchema,
)
from supervision.api.views import bp
from supervision.extensions import db


@bp.route("/indicators")
@bp.etag
@bp.arguments(IndicatorArgs, location="query")
@bp.response(200, IndicatorPage)
def list_indicators(args):
    """指标列表（含年度数值与达标情况）：已审核通过的数值，以及令牌所代表部门负责指标的全部数值"""
    return indicators.indicators(current_token(), args)


@bp.route("/indicators/<int:indicator_id>")
@bp.etag
@bp.response(200, IndicatorSchema)
@bp.alt_response(404, description="指标不存在")
def get_indicator(indicator_id: int):
    """单个指标"""
    return indicators.indicator_row(current_token(), indicators.indicator_or_404(indicator_id))


@bp.route("/indicators/<int:indicator_id>/values/<int:year>", methods=["PUT"])
@bp.arguments(IndicatorValueInput)
@bp.response(200, IndicatorValueSchema)
@bp.alt_response(403, description="只读令牌，或令牌不代表该指标的责任部门")
@bp.alt_response(404, description="指标不存在")
@bp.alt_response(409, description="数值已被他人修改，或已提交、已通过而不能修改")
def put_indicator_value(data, indicator_id: int, year: int):
    """填报（并可提交）某年的指标数值，规则与网页填报相同，须提交读取到的 updated_at"""
    token = require_write()
    value = indicators.save_indicator_value(token, indicators.indicator_or_404(indicator_id), year, data)
    db.session.commit()
    return value
