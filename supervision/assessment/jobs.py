"""The scheduled job: after the year's cut-off, compute the drafts and render their scorecards once."""

from __future__ import annotations

import logging
from datetime import date, datetime

from supervision import clock
from supervision.assessment.output.files import all_pdfs
from supervision.assessment.scheme.document import day_in
from supervision.assessment.scoring.services import compute_year, round_for, scheme_for
from supervision.db import utcnow
from supervision.extensions import db
from supervision.pdf import SlowPdfRefused, require_fast_pdf

log = logging.getLogger(__name__)


def run_annual_assessment(today: date | None = None) -> dict:
    """For the year before `today`: on or after the scheme's draft date (default 15 January), once, compute
    the draft scores and render every scorecard and the summary for download. Published years are left alone."""
    today = today or clock.today()
    year = today.year - 1
    config = scheme_for(year).config
    due = day_in(config["calendar"]["draft_compute"], year)
    round_ = round_for(year)
    if today < due or (round_ is not None and (round_.published or round_.auto_run_at is not None)):
        db.session.commit()  # keeps the scheme copied in for the year, if it was
        return {"year": year, "computed": 0, "pdfs": 0}
    round_ = compute_year(year, today)
    round_.auto_run_at = utcnow()
    db.session.commit()
    try:
        require_fast_pdf()
    except SlowPdfRefused as refusal:
        log.error("年度考核：%s 评分表未生成，可在下载时逐份生成。", refusal)
        return {"year": year, "computed": 1, "pdfs": 0}
    files = all_pdfs(round_)
    db.session.commit()
    return {"year": year, "computed": 1, "pdfs": len(files)}


def annual_assessment(now: datetime) -> str:
    """The scheduler's entry (supervision/scheduler.py calls jobs as `func(now=...)`); daily is fine."""
    result = run_annual_assessment(now.astimezone(clock.SHANGHAI).date())
    if not result["computed"]:
        return f"{result['year']} 年度：未到计算日期、已计算或已发布，未运行"
    return f"{result['year']} 年度考核草稿已计算，生成评分表 {result['pdfs']} 份"
