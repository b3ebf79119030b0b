"""Content-based type checks for uploaded evidence files (佐证材料).

Nothing here depends on Flask or the database. The functions look at the real bytes of
an upload, not only at its name, and reject anything that could be executed or rendered
by a browser (executables, scripts, HTML, SVG) as well as ZIP bombs and path-traversal
archives.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
from pathlib import Path

__all__ = [
    "ALLOWED_EXTENSIONS",
    "HEAD_SIZE",
    "MIME_TYPES",
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

# --- kinds -------------------------------------------------------------------------------

# kind -> extensions (lower case, without dot) that may carry it
_KIND_EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "xlsx": frozenset({"xlsx"}),
    "pptx": frozenset({"pptx"}),
    "doc": frozenset({"doc"}),
    "xls": frozenset({"xls"}),
    "ppt": frozenset({"ppt"}),
    "png": frozenset({"png"}),
    "jpeg": frozenset({"jpg", "jpeg"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "zip": frozenset({"zip"}),
}
_EXTENSION_KIND = {ext: kind for kind, exts in _KIND_EXTENSIONS.items() for ext in exts}
ALLOWED_EXTENSIONS: frozenset[str] = frozenset(_EXTENSION_KIND)

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "zip": "application/zip",
}

_IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
_OOXML_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ZIP_KINDS = frozenset({"zip", *_OOXML_FOLDER})
# Stream names (UTF-16LE in the OLE2 directory) that a legacy Office file must contain.
_OLE2_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}

_DANGEROUS_EXTENSIONS = frozenset(
    {"exe", "bat", "cmd", "com", "js", "vbs", "ps1", "sh", "scr", "msi", "jar", "html", "htm", "svg"}
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLE_MAGICS = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat binary / Java class
    b"#!",  # shebang script
)
_HTML_STARTS = ("<!doctype html", "<html", "<script", "<head", "<body", "<iframe")


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
    if len(segments) >= 2 and any(segment in _DANGEROUS_EXTENSIONS for segment in segments):
        raise UploadRejected(MSG_DOUBLE_EXTENSION)
    if ext in ("html", "htm"):
        raise UploadRejected(MSG_HTML)
    if ext in _DANGEROUS_EXTENSIONS:
        raise UploadRejected(MSG_EXECUTABLE)
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected(MSG_NOT_ALLOWED)
    return ext


# --- content sniffing --------------------------------------------------------------------


def _content_kind(head: bytes) -> str | None:
    """The kind suggested by the magic bytes alone ("zip" and "ole2" for containers)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE2_MAGIC):
        return "ole2"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    return None


def sniff(head: bytes, filename: str) -> str | None:
    """Return the kind ("pdf", "docx", "zip", "png", ...) of a file from its first bytes and name.

    The magic bytes must agree with the extension; None means the upload is not allowed.
    ZIP and OLE2 containers are only recognised here by their magic bytes: `check_upload`
    additionally looks inside them. Image extensions are interchangeable (a PNG saved as
    ``.jpg`` is accepted) and the returned kind is the real one.
    """
    ext = _extension(filename)
    expected = _EXTENSION_KIND.get(ext)
    actual = _content_kind(head)
    if expected is None or actual is None:
        return None
    if actual == "zip":
        return expected if expected in _ZIP_KINDS else None
    if actual == "ole2":
        return expected if expected in _OLE2_STREAMS else None
    if actual in _IMAGE_KINDS and expected in _IMAGE_KINDS:
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
    if head.startswith(_EXECUTABLE_MAGICS):
        raise UploadRejected(MSG_EXECUTABLE)
    text = _text_start(head)
    if text.startswith("<svg") or (text.startswith(("<?xml", "<!doctype svg", "<!--")) and "<svg" in text):
        raise UploadRejected(MSG_SVG)
    if text.startswith(_HTML_STARTS):
        raise UploadRejected(MSG_HTML)


# --- containers --------------------------------------------------------------------------


def _zip_member_count(path: Path, limit: int) -> int:
    """Count central-directory entries without building ZipInfo objects, stopping above `limit`.

    `zipfile` would allocate one object per entry for however many entries the archive
    holds; this walk bounds the work before handing the archive to `zipfile`.
    """
    with path.open("rb") as f:
        size = f.seek(0, 2)
        tail_len = min(size, 22 + 65535)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or len(tail) - pos < 22:
            raise UploadRejected(MSG_ZIP_BROKEN)
        eocd = size - tail_len + pos
        _, _, _, _, declared, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[pos : pos + 22])
        cd_end = eocd
        if eocd >= 20 and (declared == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF):
            f.seek(eocd - 20)
            if f.read(4) == b"PK\x06\x07":  # ZIP64 end-of-central-directory locator
                record = eocd - 20 - 56
                if record < 0:
                    raise UploadRejected(MSG_ZIP_BROKEN)
                f.seek(record)
                data = f.read(56)
                if len(data) < 56 or data[:4] != b"PK\x06\x06":
                    raise UploadRejected(MSG_ZIP_BROKEN)
                declared, cd_size = struct.unpack("<QQ", data[32:48])
                cd_end = record
        if declared > limit:
            return declared
        pos = cd_end - cd_size
        if pos < 0:
            raise UploadRejected(MSG_ZIP_BROKEN)
        count = 0
        while pos < cd_end:
            f.seek(pos)
            header = f.read(46)
            if len(header) < 46 or header[:4] != b"PK\x01\x02":
                raise UploadRejected(MSG_ZIP_BROKEN)
            name_len, extra_len, comment_len = struct.unpack("<3H", header[28:34])
            pos += 46 + name_len + extra_len + comment_len
            count += 1
            if count > limit:
                break
        return count


def _unsafe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]", name)


def _check_zip(path: Path, kind: str) -> None:
    if _zip_member_count(path, ZIP_MAX_MEMBERS) > ZIP_MAX_MEMBERS:
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
    folder = _OOXML_FOLDER.get(kind)
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
    needles = tuple(name.encode("utf-16-le") for name in _OLE2_STREAMS[kind])
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
    if kind in _ZIP_KINDS:
        _check_zip(path, kind)
    elif kind in _OLE2_STREAMS:
        _check_ole2(path, kind)
    return kind
