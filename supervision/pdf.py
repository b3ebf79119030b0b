"""PDF support: the only module that imports WeasyPrint (lazily), and the start-up font check."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import render_template

from supervision.config import ROOT

log = logging.getLogger(__name__)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # seven INFO lines per document otherwise


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


def _allowed_url(url: str) -> bool:
    """WeasyPrint may read files under static/ and data: URLs, nothing else (no network, no other files)."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme == "file":
        return Path(unquote(parts.path)).resolve().is_relative_to((ROOT / "static").resolve())
    return False


def _static_only_fetcher():
    """A URL fetcher limited to `_allowed_url` (WeasyPrint 68+ takes a URLFetcher, older ones a function)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):

        class StaticOnlyFetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not _allowed_url(url):
                    raise ValueError(f"PDF 资源不允许访问：{url}")
                return super().fetch(url, headers)

        return StaticOnlyFetcher(allowed_protocols=("file", "data"))

    def fetcher(url: str, *args, **kwargs):
        if not _allowed_url(url):
            raise ValueError(f"PDF 资源不允许访问：{url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetcher


_local = threading.local()


def _font_config():
    """One FontConfiguration per thread: WeasyPrint then loads and indexes the fonts once, not per PDF."""
    if getattr(_local, "font_config", None) is None:
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(template_name: str, **context) -> bytes:
    """Render `templates/<template_name>` (HTML with its CSS under static/pdf/) to PDF bytes."""
    from weasyprint import HTML

    html = render_template(template_name, **context)
    base_url = (ROOT / "static").as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher())
    return document.write_pdf(font_config=_font_config())
