"""Content-based type checks for uploaded evidence files (佐证材料).

Nothing here depends on Flask or the database. The functions look at the real bytes of
an upload, not only at its name, and reject anything that could be executed or rendered
by a browser (executables, scripts, HTML, SVG) as well as ZIP bombs and path-traversal
archives.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from supervision.evidence.signatures import (
    ALLOWED_EXTENSIONS,
    DANGEROUS_EXTENSIONS,
    EXECUTABLE_MAGICS,
    EXTENSION_KIND,
    HTML_STARTS,
    IMAGE_KINDS,
    OLE2_STREAMS,
    OOXML_FOLDER,
    ZIP_KINDS,
    content_kind,
)
from supervision.evidence.zipdir import BrokenZip, count_zip_members

__all__ = [
    "ALLOWED_EXTENSIONS",
    "HEAD_SIZE",
    "UploadRejected",
    "check_filename",
    "check_upload",
    "safe_filename",
    "sniff",
]


class UploadRejected(Exception):
    """An upload was refused; `message` is a Chinese text that can be shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- messages shown to users -------------------------------------------------------------

MSG_NOT_ALLOWED = (
    "文件内容与扩展名不符或类型不受支持：仅接受 PDF、Word、Excel、PowerPoint、图片（PNG/JPG/GIF）和 ZIP 压缩包。"
)
MSG_EMPTY = "文件为空，请重新选择文件。"
MSG_EXECUTABLE = "不允许上传可执行文件或脚本。"
MSG_HTML = "不允许上传网页（HTML）文件，请另存为 PDF 后上传。"
MSG_SVG = "不支持 SVG 图片，请转换为 PNG 或 JPG 后上传。"
MSG_DOUBLE_EXTENSION = "文件名中包含可执行或脚本类扩展名（如 .exe、.js、.html），请修改文件名后重新上传。"
MSG_ZIP_BROKEN = "压缩文件已损坏或无法读取。"
MSG_ZIP_BOMB = "压缩文件解压后体积过大或压缩比异常，疑似压缩炸弹，已拒绝。"
MSG_ZIP_TOO_MANY = "压缩文件内的文件数量过多（超过 {limit} 个）。"
MSG_ZIP_UNSAFE_PATH = "压缩文件内包含不安全的路径（绝对路径或“..”），已拒绝。"

# --- limits ------------------------------------------------------------------------------

HEAD_SIZE = 8192  # bytes of the file start that `sniff` and the HTML/SVG checks look at
ZIP_MAX_TOTAL = 500 * 1024 * 1024  # sum of declared uncompressed sizes
ZIP_MAX_RATIO = 100  # compression ratio above which a big member is suspicious ...
ZIP_RATIO_MIN_SIZE = 10 * 1024 * 1024  # ... when its uncompressed size is above this
ZIP_MAX_MEMBERS = 10_000

# --- file names --------------------------------------------------------------------------

_FORBIDDEN_CHARS = re.compile(r'[<>:"|?*]')
_MAX_NAME = 200
_MAX_EXTENSION = 16
UNNAMED = "未命名文件"


def safe_filename(name: str) -> str:
    """Return a display-safe version of an uploaded file name, keeping Chinese characters.

    Directory parts (``/`` and ``\\``), control and format characters (including the
    right-to-left override used to disguise extensions) and ``<>:"|?*`` are removed,
    leading dots and surrounding spaces stripped, and the result is limited to 200
    characters while keeping the extension. The name is never used as a filesystem path.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _FORBIDDEN_CHARS.sub("", name)
    name = name.strip().rstrip(". ")  # Windows ignores trailing dots and spaces
    stripped = name.lstrip(". ")
    if not stripped:
        return UNNAMED
    if name.startswith(".") and "." not in stripped and len(stripped) <= _MAX_EXTENSION:
        return f"{UNNAMED}.{stripped}"  # ".pdf" -> "未命名文件.pdf"
    name = stripped
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= _MAX_EXTENSION:
            name = stem[: _MAX_NAME - len(ext) - 1].rstrip(". ") + "." + ext
        else:
            name = name[:_MAX_NAME].rstrip(". ")
    return name or UNNAMED


def _extension(filename: str) -> str:
    stem, dot, ext = safe_filename(filename).rpartition(".")
    return ext.strip().lower() if dot and stem else ""


def check_filename(filename: str) -> str:
    """Check an upload's name alone; return its lower-case extension or raise `UploadRejected`.

    Useful to refuse an upload before reading its body. `check_upload` repeats this check.
    """
    safe = safe_filename(filename)
    segments = [segment.strip().lower() for segment in safe.split(".")[1:]]
    ext = segments[-1] if segments else ""
    if ext == "svg":
        raise UploadRejected(MSG_SVG)
    if len(segments) >= 2 and any(segment in DANGEROUS_EXTENSIONS for segment in segments):
        raise UploadRejected(MSG_DOUBLE_EXTENSION)
    if ext in ("html", "htm"):
        raise UploadRejected(MSG_HTML)
    if ext in DANGEROUS_EXTENSIONS:
        raise UploadRejected(MSG_EXECUTABLE)
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected(MSG_NOT_ALLOWED)
    return ext


# --- content sniffing --------------------------------------------------------------------


def sniff(head: bytes, filename: str) -> str | None:
    """Return the kind ("pdf", "docx", "zip", "png", ...) of a file from its first bytes and name.

    The magic bytes must agree with the extension; None means the upload is not allowed.
    ZIP and OLE2 containers are only recognised here by their magic bytes: `check_upload`
    additionally looks inside them. Image extensions are interchangeable (a PNG saved as
    ``.jpg`` is accepted) and the returned kind is the real one.
    """
    ext = _extension(filename)
    expected = EXTENSION_KIND.get(ext)
    actual = content_kind(head)
    if expected is None or actual is None:
        return None
    if actual == "zip":
        return expected if expected in ZIP_KINDS else None
    if actual == "ole2":
        return expected if expected in OLE2_STREAMS else None
    if actual in IMAGE_KINDS and expected in IMAGE_KINDS:
        return actual
    return actual if actual == expected else None


def _text_start(head: bytes) -> str:
    """The start of `head` as lower-case text without BOM and leading whitespace."""
    if head.startswith(b"\xef\xbb\xbf"):
        text = head[3:].decode("utf-8", "ignore")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
    else:
        text = head.decode("latin-1")
    return text.lstrip(" \t\r\n\f\v\x00\ufeff").lower()


def _reject_dangerous_content(head: bytes) -> None:
    if head.startswith(EXECUTABLE_MAGICS):
        raise UploadRejected(MSG_EXECUTABLE)
    text = _text_start(head)
    if text.startswith("<svg") or (text.startswith(("<?xml", "<!doctype svg", "<!--")) and "<svg" in text):
        raise UploadRejected(MSG_SVG)
    if text.startswith(HTML_STARTS):
        raise UploadRejected(MSG_HTML)


# --- containers --------------------------------------------------------------------------


def _unsafe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]", name)


def _check_zip(path: Path, kind: str) -> None:
    try:
        count = count_zip_members(path, ZIP_MAX_MEMBERS)
    except BrokenZip as error:
        raise UploadRejected(MSG_ZIP_BROKEN) from error
    if count > ZIP_MAX_MEMBERS:
        raise UploadRejected(MSG_ZIP_TOO_MANY.format(limit=ZIP_MAX_MEMBERS))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError) as error:
        raise UploadRejected(MSG_ZIP_BROKEN) from error
    if len(members) > ZIP_MAX_MEMBERS:
        raise UploadRejected(MSG_ZIP_TOO_MANY.format(limit=ZIP_MAX_MEMBERS))
    total = 0
    for member in members:
        if _unsafe_member_name(member.filename):
            raise UploadRejected(MSG_ZIP_UNSAFE_PATH)
        total += member.file_size
        if total > ZIP_MAX_TOTAL:
            raise UploadRejected(MSG_ZIP_BOMB)
        if member.file_size > ZIP_RATIO_MIN_SIZE and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise UploadRejected(MSG_ZIP_BOMB)
    folder = OOXML_FOLDER.get(kind)
    if folder and not any(member.filename.startswith(folder) for member in members):
        raise UploadRejected(MSG_NOT_ALLOWED)


def _file_contains_any(path: Path, needles: tuple[bytes, ...], chunk_size: int = 1024 * 1024) -> bool:
    overlap = max(len(needle) for needle in needles) - 1
    previous = b""
    with path.open("rb") as f:
        while chunk := f.read(chunk_size):
            window = previous + chunk
            if any(needle in window for needle in needles):
                return True
            previous = window[-overlap:]
    return False


def _check_ole2(path: Path, kind: str) -> None:
    """A legacy Office file must hold its main stream (an MSI installer, also OLE2, does not)."""
    needles = tuple(name.encode("utf-16-le") for name in OLE2_STREAMS[kind])
    if not _file_contains_any(path, needles):
        raise UploadRejected(MSG_NOT_ALLOWED)


def check_upload(path: Path, filename: str) -> str:
    """Check a fully written upload and return its kind, or raise `UploadRejected`.

    ZIP checks use the sizes declared in the central directory: anything that later
    extracts members must itself cap the output (``zipfile`` stops at the declared size).
    Archives nested inside a ZIP are not inspected.
    """
    path = Path(path)
    check_filename(filename)
    with path.open("rb") as f:
        head = f.read(HEAD_SIZE)
    if not head:
        raise UploadRejected(MSG_EMPTY)
    _reject_dangerous_content(head)
    kind = sniff(head, filename)
    if kind is None:
        raise UploadRejected(MSG_NOT_ALLOWED)
    if kind in ZIP_KINDS:
        _check_zip(path, kind)
    elif kind in OLE2_STREAMS:
        _check_ole2(path, kind)
    return kind
