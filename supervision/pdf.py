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
