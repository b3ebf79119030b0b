"""PDF support: the only module that imports WeasyPrint (lazily), and the start-up font check."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
from functools import cache

log = logging.getLogger(__name__)


@cache
def pdf_support() -> dict[str, bool]:
    """Whether a CJK font and HarfBuzz subsetting (WeasyPrint's fast path) are installed."""
    cjk = False
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
        cjk = "CJK" in out or "Noto Sans SC" in out or "Noto Serif SC" in out
    subset = ctypes.util.find_library("harfbuzz-subset") is not None
    return {"cjk_font": cjk, "harfbuzz_subset": subset}


def warn_if_unsupported() -> None:
    support = pdf_support()
    if not support["cjk_font"]:
        log.warning("未找到中文字体：PDF 评分表将无法正确显示中文。请安装 fonts-noto-cjk。")
    if not support["harfbuzz_subset"]:
        log.warning("未找到 libharfbuzz-subset0：生成中文 PDF 将慢约 20 倍。请安装 libharfbuzz-subset0。")


class SlowPdfRefused(RuntimeError):
    """HarfBuzz subsetting is missing: a Chinese PDF would take about 20 times longer."""


def require_fast_pdf() -> None:
    """Commands that render many PDFs refuse to run silently slow."""
    support = pdf_support()
    if not support["cjk_font"]:
        raise SlowPdfRefused("未找到中文字体（fonts-noto-cjk），无法生成中文 PDF。")
    if not support["harfbuzz_subset"]:
        raise SlowPdfRefused(
            "未安装 libharfbuzz-subset0：生成中文 PDF 会慢约 20 倍。请先安装：apt-get install libharfbuzz-subset0"
        )


def _static_only_fetcher(url: str, *args, **kwargs):
    """WeasyPrint may read files under static/ and nothing else (no network, no other files)."""
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import default_url_fetcher

    from supervision.config import ROOT

    parts = urlsplit(url)
    static = (ROOT / "static").resolve()
    if parts.scheme == "file":
        path = Path(unquote(parts.path)).resolve()
        if path.is_relative_to(static):
            return default_url_fetcher(url, *args, **kwargs)
    if parts.scheme == "data":
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF 资源不允许访问：{url}")


def render_pdf(template_name: str, **context) -> bytes:
    """Render `templates/<template_name>` (HTML with its CSS under static/pdf/) to PDF bytes."""
    from flask import render_template
    from weasyprint import HTML

    from supervision.config import ROOT

    html = render_template(template_name, **context)
    base_url = (ROOT / "static").as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher).write_pdf()
