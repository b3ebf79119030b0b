"""The optional ClamAV scan over clamd's INSTREAM protocol, against a small fake clamd on a unix socket."""

import io
import socket
import struct
import threading
from pathlib import Path

import pytest

from supervision.evidence.filetypes import UploadRejected
from supervision.evidence.storage import EvidenceStorage
from supervision.security.clamav import InfectedFile, scan_file

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class FakeClamd:
    """Answers INSTREAM like clamd: 'stream: OK' or 'stream: Eicar-Test-Signature FOUND'."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen()
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.answer(conn)

    def read(self, conn, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def answer(self, conn):
        assert self.read(conn, len(b"zINSTREAM\0")) == b"zINSTREAM\0"
        body = b""
        while length := struct.unpack("!L", self.read(conn, 4))[0]:
            body += self.read(conn, length)
        self.received.append(body)
        verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in body else b"stream: OK\0"
        conn.sendall(verdict)

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(tmp_path):
    fake = FakeClamd(tmp_path / "clamd.sock")
    yield fake
    fake.close()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_clean_file_is_stored_after_the_scan(tmp_path, clamd):
    store = EvidenceStorage(tmp_path / "ev", 1024 * 1024, clamd_socket=clamd.path)
    big = PDF + b"\x00" * 200_000  # several INSTREAM chunks
    stored = store.save(io.BytesIO(big), "总结.pdf")
    assert stored.path.read_bytes() == big and clamd.received == [big]


def test_infected_file_is_refused_and_nothing_kept(tmp_path, clamd):
    store = EvidenceStorage(tmp_path / "ev", 1024 * 1024, clamd_socket=clamd.path)
    with pytest.raises(UploadRejected, match="病毒扫描.*Eicar-Test-Signature"):
        store.save(io.BytesIO(PDF + EICAR), "报告.pdf")
    assert stored_files(tmp_path / "ev") == []
    with pytest.raises(InfectedFile):
        (tmp_path / "x.pdf").write_bytes(EICAR)
        scan_file(tmp_path / "x.pdf", clamd.path)


def test_when_clamd_cannot_be_reached_the_upload_is_refused(tmp_path):
    store = EvidenceStorage(tmp_path / "ev", 1024 * 1024, clamd_socket=str(tmp_path / "missing.sock"))
    with pytest.raises(UploadRejected, match="病毒扫描服务暂时不可用"):
        store.save(io.BytesIO(PDF), "报告.pdf")
    assert stored_files(tmp_path / "ev") == []


def test_the_socket_comes_from_clamd_socket_and_no_setting_means_no_scan(tmp_path, clamd, monkeypatch):
    monkeypatch.setenv("CLAMD_SOCKET", clamd.path)
    with pytest.raises(UploadRejected):
        EvidenceStorage(tmp_path / "a", 1024 * 1024).save(io.BytesIO(PDF + EICAR), "a.pdf")
    monkeypatch.delenv("CLAMD_SOCKET")
    assert EvidenceStorage(tmp_path / "b", 1024 * 1024).save(io.BytesIO(PDF + EICAR), "b.pdf").size
    assert len(clamd.received) == 1
