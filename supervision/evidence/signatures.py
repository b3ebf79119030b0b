"""The file kinds evidence may be, by extension, MIME type and magic bytes (the one table of them).

Nothing here depends on Flask or the database; `filetypes` checks uploads against it and the download
view sends each kind with its MIME type.
"""

from __future__ import annotations

# kind -> extensions (lower case, without dot) that may carry it
KIND_EXTENSIONS: dict[str, frozenset[str]] = {
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
EXTENSION_KIND = {ext: kind for kind, exts in KIND_EXTENSIONS.items() for ext in exts}
ALLOWED_EXTENSIONS: frozenset[str] = frozenset(EXTENSION_KIND)

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

IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
OOXML_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ZIP_KINDS = frozenset({"zip", *OOXML_FOLDER})
# Stream names (UTF-16LE in the OLE2 directory) that a legacy Office file must contain.
OLE2_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}

DANGEROUS_EXTENSIONS = frozenset(
    {"exe", "bat", "cmd", "com", "js", "vbs", "ps1", "sh", "scr", "msi", "jar", "html", "htm", "svg"}
)

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXECUTABLE_MAGICS = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat binary / Java class
    b"#!",  # shebang script
)
HTML_STARTS = ("<!doctype html", "<html", "<script", "<head", "<body", "<iframe")


def content_kind(head: bytes) -> str | None:
    """The kind suggested by the magic bytes alone ("zip" and "ole2" for containers)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
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
