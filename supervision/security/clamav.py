"""Virus scanning through a ClamAV daemon (clamd) on a unix socket, with the INSTREAM command.

Protocol: send ``zINSTREAM\\0``, then chunks each prefixed by its length as a 4-byte big-endian number,
then a zero length; clamd answers ``stream: OK`` or ``stream: <signature> FOUND`` (or ``... ERROR``),
terminated by NUL. Only the standard library is used.
"""

from __future__ import annotations

import socket
import struct
from pathlib import Path

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


class ScanUnavailable(Exception):
    """clamd could not be reached or did not answer a verdict."""


class InfectedFile(Exception):
    """clamd found a signature; `signature` names it."""

    def __init__(self, signature: str):
        super().__init__(signature)
        self.signature = signature


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        data = sock.recv(4096)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan_file(path: Path, socket_path: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Return when clamd reports the file clean; raise InfectedFile or ScanUnavailable otherwise."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock, Path(path).open("rb") as f:
            sock.settimeout(timeout)
            sock.connect(socket_path)
            sock.sendall(b"zINSTREAM\0")
            while chunk := f.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = _read_reply(sock)
    except OSError as error:
        raise ScanUnavailable(str(error)) from error
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        raise InfectedFile(signature or "unknown")
    if not reply.endswith("OK"):
        raise ScanUnavailable(reply or "no answer")
