"""Evidence storage: content checks, streaming limits, dedupe and clean-up on failure."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from supervision.evidence import filetypes, storage
from supervision.evidence.filetypes import UploadRejected, check_upload, safe_filename, sniff
from supervision.evidence.storage import CHUNK_SIZE, EvidenceStorage

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
NOT_ALLOWED = filetypes.MSG_NOT_ALLOWED


@pytest.fixture
def store(tmp_path):
    return EvidenceStorage(tmp_path / "evidence", max_bytes=1024 * 1024)


def leftover_files(store: EvidenceStorage) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rejected(store: EvidenceStorage, data: bytes, filename: str) -> str:
    """Assert the upload is refused and leaves no file behind; return the message."""
    before = leftover_files(store)
    with pytest.raises(UploadRejected) as info:
        store.save(io.BytesIO(data), filename)
    assert leftover_files(store) == before
    assert not any((store.root / "tmp").glob("*"))
    return info.value.message


class EndlessStream:
    """Yields zeros forever, counting what was read."""

    def __init__(self, first: bytes = b"%PDF-1.7\n"):
        self.first = first
        self.read_total = 0

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "storage must read in bounded chunks"
        chunk = (self.first + b"\x00" * size)[:size]
        self.first = b""
        self.read_total += len(chunk)
        return chunk


class BrokenStream:
    """Returns a few chunks and then fails like a dropped connection."""

    def __init__(self, error: BaseException, good_chunks: int = 3):
        self.error = error
        self.left = good_chunks

    def read(self, size: int = -1) -> bytes:
        if self.left == 0:
            raise self.error
        self.left -= 1
        return b"%PDF-1.7\n".ljust(size, b"\x00")


# --- saving ------------------------------------------------------------------------------


def test_pdf_with_chinese_name_is_stored_by_hash(store):
    stored = store.save(io.BytesIO(PDF), "2024年健康杭州工作总结（第一季度）.pdf")

    sha = hashlib.sha256(PDF).hexdigest()
    assert stored.sha256 == sha
    assert stored.size == len(PDF)
    assert stored.kind == "pdf"
    assert stored.filename == "2024年健康杭州工作总结（第一季度）.pdf"
    assert stored.path == store.root / "objects" / sha[:2] / sha[2:4] / sha
    assert stored.path.read_bytes() == PDF
    assert store.path_for(sha) == stored.path
    with store.open(sha) as f:
        assert f.read() == PDF
    assert list((store.root / "tmp").iterdir()) == []


def test_same_content_is_stored_once(store):
    first = store.save(io.BytesIO(PDF), "a.pdf")
    second = store.save(io.BytesIO(PDF), "另一个名字.pdf")

    assert first.sha256 == second.sha256
    assert first.path == second.path
    assert second.filename == "另一个名字.pdf"
    objects = [p for p in (store.root / "objects").rglob("*") if p.is_file()]
    assert objects == [first.path]
    assert list((store.root / "tmp").iterdir()) == []


def test_file_at_exact_limit_is_accepted(tmp_path):
    data = PDF.ljust(1000, b"\n")
    store = EvidenceStorage(tmp_path, max_bytes=len(data))
    assert store.save(io.BytesIO(data), "a.pdf").size == len(data)


def test_oversize_upload_is_rejected_while_streaming(tmp_path):
    store = EvidenceStorage(tmp_path / "evidence", max_bytes=5 * 1024 * 1024)
    stream = EndlessStream()

    with pytest.raises(UploadRejected) as info:
        store.save(stream, "大文件.pdf")

    assert info.value.message == "文件超过大小上限（5 MB）。"
    assert stream.read_total <= store.max_bytes + CHUNK_SIZE
    assert leftover_files(store) == []


def test_name_is_refused_before_the_body_is_read(store):
    stream = EndlessStream()
    with pytest.raises(UploadRejected):
        store.save(stream, "setup.exe")
    assert stream.read_total == 0


# --- rejected content --------------------------------------------------------------------


def test_exe_renamed_pdf_is_rejected(store):
    message = rejected(store, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "通知.pdf")
    assert message == filetypes.MSG_EXECUTABLE


def test_elf_renamed_docx_is_rejected(store):
    assert rejected(store, b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a.docx") == filetypes.MSG_EXECUTABLE


def test_unknown_content_with_pdf_name_is_rejected(store):
    message = rejected(store, b"just some text, not a PDF", "说明.pdf")
    assert message == (
        "文件内容与扩展名不符或类型不受支持：仅接受 PDF、Word、Excel、PowerPoint、图片（PNG/JPG/GIF）和 ZIP 压缩包。"
    )


def test_pdf_renamed_docx_is_rejected(store):
    assert rejected(store, PDF, "a.docx") == NOT_ALLOWED


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body>hi</body></html>",
        b"\xef\xbb\xbf  \n<html><script>alert(1)</script></html>",
        b"\n\t<script>alert(1)</script>",
        "\ufeff<HTML></HTML>".encode("utf-16"),
    ],
)
def test_html_renamed_pdf_is_rejected(store, content):
    assert rejected(store, content, "报告.pdf") == filetypes.MSG_HTML


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "图.svg"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "图.png"),
        (PNG, "图.svg"),
    ],
)
def test_svg_is_rejected(store, content, filename):
    assert rejected(store, content, filename) == filetypes.MSG_SVG


@pytest.mark.parametrize("filename", ["报告.pdf.exe", "a.exe.pdf", "照片.js.png", "说明.HTML.pdf", "x.exe .pdf"])
def test_double_extension_is_rejected(store, filename):
    content = PNG if filename.endswith(".png") else PDF
    assert rejected(store, content, filename) == filetypes.MSG_DOUBLE_EXTENSION


@pytest.mark.parametrize("filename", ["run.bat", "a.js", "a.html", "a.txt", "a", "a.docm", "a.svgz"])
def test_other_extensions_are_rejected(store, filename):
    rejected(store, PDF, filename)


def test_disguised_extension_with_rtl_override_is_cleaned(store):
    # "报告\u202efdp.exe" displays as "报告exe.pdf" in some viewers
    rejected(store, PDF, "报告\u202efdp.exe")


def test_empty_file_is_rejected(store):
    assert rejected(store, b"", "a.pdf") == filetypes.MSG_EMPTY


# --- images and legacy Office ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "kind"),
    [
        (PNG, "a.png", "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "照片.JPG", "jpeg"),
        (b"\xff\xd8\xff\xe1" + b"\x00" * 32, "照片.jpeg", "jpeg"),
        (b"GIF89a" + b"\x00" * 32, "a.gif", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "a.webp", "webp"),
        (PNG, "微信图片.jpg", "png"),  # image extensions are interchangeable; the kind is the real one
    ],
)
def test_images_are_accepted(store, content, filename, kind):
    assert store.save(io.BytesIO(content), filename).kind == kind


def test_legacy_office_needs_its_main_stream(store):
    doc = OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
    assert store.save(io.BytesIO(doc), "旧版文档.doc").kind == "doc"
    xls = OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 100
    assert store.save(io.BytesIO(xls), "旧版表格.xls").kind == "xls"
    assert rejected(store, doc, "a.xls") == NOT_ALLOWED
    assert rejected(store, OLE2 + b"\x00" * 100, "installer.doc") == NOT_ALLOWED  # e.g. an MSI renamed .doc


# --- ZIP containers ----------------------------------------------------------------------

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def test_real_docx_and_xlsx_are_accepted(store):
    docx = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
    xlsx = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
    pptx = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"})

    assert store.save(io.BytesIO(docx), "工作方案.docx").kind == "docx"
    assert store.save(io.BytesIO(xlsx), "指标台账.xlsx").kind == "xlsx"
    assert store.save(io.BytesIO(pptx), "汇报.pptx").kind == "pptx"
    assert store.save(io.BytesIO(docx), "打包.zip").kind == "zip"


def test_office_container_without_its_folder_is_rejected(store):
    xlsx = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
    assert rejected(store, xlsx, "伪装.docx") == NOT_ALLOWED
    assert rejected(store, zip_bytes({"a.txt": b"hello"}), "a.pptx") == NOT_ALLOWED


def test_plain_zip_is_accepted(store):
    data = zip_bytes({"材料/照片1.jpg": b"\xff\xd8\xff" + b"\x01" * 100, "材料/说明.txt": "说明".encode()})
    assert store.save(io.BytesIO(data), "佐证材料.zip").kind == "zip"


def test_zip_bomb_is_rejected(tmp_path):
    store = EvidenceStorage(tmp_path, max_bytes=10 * 1024 * 1024)
    bomb = zip_bytes({"zeros.bin": bytes(20 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert rejected(store, bomb, "材料.zip") == filetypes.MSG_ZIP_BOMB
    docx_bomb = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/a.bin": bytes(20 * 1024 * 1024)})
    assert rejected(store, docx_bomb, "a.docx") == filetypes.MSG_ZIP_BOMB


def test_zip_total_uncompressed_size_is_limited(store, monkeypatch):
    monkeypatch.setattr(filetypes, "ZIP_MAX_TOTAL", 1000)
    data = zip_bytes({"a.bin": os.urandom(600), "b.bin": os.urandom(600)}, zipfile.ZIP_STORED)
    assert rejected(store, data, "a.zip") == filetypes.MSG_ZIP_BOMB


def test_zip_with_too_many_members_is_rejected(store, monkeypatch):
    monkeypatch.setattr(filetypes, "ZIP_MAX_MEMBERS", 5)
    data = zip_bytes({f"{i}.txt": b"x" for i in range(6)})
    assert "文件数量过多" in rejected(store, data, "a.zip")
    assert store.save(io.BytesIO(zip_bytes({f"{i}.txt": b"x" for i in range(5)})), "b.zip").kind == "zip"


@pytest.mark.parametrize("member", ["../evil.sh", "a/../../evil", "/etc/passwd", "..\\evil.bat", "C:/evil.txt"])
def test_zip_with_unsafe_path_is_rejected(store, member):
    assert rejected(store, zip_bytes({member: b"x"}), "a.zip") == filetypes.MSG_ZIP_UNSAFE_PATH


def test_corrupt_zip_is_rejected(store):
    data = zip_bytes({"word/document.xml": b"<w:document/>"})
    assert rejected(store, data[: len(data) // 2], "a.docx") == filetypes.MSG_ZIP_BROKEN


# --- failures while saving ---------------------------------------------------------------


def _raise_enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("function", ["replace", "fsync"])
def test_disk_full_gives_chinese_message_and_leaves_nothing(store, monkeypatch, function):
    monkeypatch.setattr(storage.os, function, _raise_enospc)
    with pytest.raises(UploadRejected) as info:
        store.save(io.BytesIO(PDF), "a.pdf")
    assert info.value.message == "服务器存储空间不足，文件未保存，请联系系统管理员。"
    assert leftover_files(store) == []


def test_disk_full_while_writing(store, monkeypatch):
    class FullFile(io.FileIO):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "open", lambda fd, mode: FullFile(fd, "wb"), raising=False)
    with pytest.raises(UploadRejected, match="存储空间不足"):
        store.save(io.BytesIO(PDF), "a.pdf")
    assert leftover_files(store) == []


@pytest.mark.parametrize("error", [ConnectionResetError("client went away"), KeyboardInterrupt(), SystemExit(1)])
def test_stream_failing_midway_leaves_nothing(store, error):
    with pytest.raises(type(error)):
        store.save(BrokenStream(error), "a.pdf")
    assert leftover_files(store) == []


def test_other_os_errors_are_not_masked(store, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage.os, "replace", denied)
    with pytest.raises(PermissionError):
        store.save(io.BytesIO(PDF), "a.pdf")
    assert leftover_files(store) == []


# --- reading and maintenance -------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "abc", "../" * 10, "g" * 64, "a" * 63, "a" * 65, "a" * 64 + "\n", None])
def test_path_for_rejects_malformed_hashes(store, bad):
    with pytest.raises(FileNotFoundError):
        store.path_for(bad)


def test_missing_object_raises_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.open("a" * 64)


def test_cleanup_tmp_removes_only_stale_files(store):
    tmp = store.root / "tmp"
    tmp.mkdir(parents=True)
    stale, fresh = tmp / "upload-stale.part", tmp / "upload-fresh.part"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - 7200
    os.utime(stale, (old, old))

    assert store.cleanup_tmp(older_than_seconds=3600) == 1
    assert not stale.exists()
    assert fresh.exists()
    assert EvidenceStorage(store.root / "nowhere", 1).cleanup_tmp() == 0


# --- sniff and safe_filename -------------------------------------------------------------


def test_sniff():
    assert sniff(PDF, "a.pdf") == "pdf"
    assert sniff(PDF, "a.PDF") == "pdf"
    assert sniff(b"PK\x03\x04rest", "a.docx") == "docx"
    assert sniff(b"PK\x03\x04rest", "a.zip") == "zip"
    assert sniff(b"PK\x03\x04rest", "a.jar") is None
    assert sniff(OLE2, "a.ppt") == "ppt"
    assert sniff(OLE2, "a.msi") is None
    assert sniff(PDF, "a") is None
    assert sniff(b"MZ", "a.pdf") is None


def test_check_upload_returns_kind(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(PDF)
    assert check_upload(path, "x.pdf") == "pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\a\\b\\报告.pdf", "报告.pdf"),
        ("/tmp/x/工作总结.docx", "工作总结.docx"),
        ("a\x00b\x1fc\x7f\r\n.pdf", "abc.pdf"),
        ('评<估>:"报|告"?*.pdf', "评估报告.pdf"),
        ("...隐藏.pdf", "隐藏.pdf"),
        (".pdf", "未命名文件.pdf"),
        ("", "未命名文件"),
        ("..", "未命名文件"),
        ("../", "未命名文件"),
        ("a.exe. . ", "a.exe"),
        ("报告\u202efdp.exe", "报告fdp.exe"),
        ("  督办 材料 .pdf ", "督办 材料 .pdf"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_limits_length_keeping_extension():
    name = safe_filename("健" * 500 + ".xlsx")
    assert len(name) == 200
    assert name.endswith(".xlsx")
    assert name.startswith("健健健")

    no_extension = safe_filename("k" * 300)
    assert no_extension == "k" * 200
