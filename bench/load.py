"""A bounded HTTP load against the app on this machine: virtual users that each wait 1-3 s between requests.

Traffic goes only to 127.0.0.1; every loop stops after `duration` seconds.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


class Session:
    """One logged-in browser: cookies and the CSRF token of the login form; or, with `authorization`
    (e.g. "Bearer hzdb_..."), an external system calling the API with its token."""

    def __init__(self, base: str, authorization: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if authorization:
            self.opener.addheaders.append(("Authorization", authorization))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def at(self, base: str) -> Session:
        """The same browser (its cookies) talking to another address, e.g. the round-robin proxy."""
        other = Session(base)
        other.jar = self.jar
        other.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        return other

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.status, response.geturl()

    def login(self, username: str, password: str, totp_secret: str | None = None) -> None:
        """Password, then (for the office) the authenticator code, as a person would."""
        _status, url = self._form("/auth/login", {"username": username, "password": password})
        if urllib.parse.urlsplit(url).path.endswith("/two-factor"):
            import pyotp

            _status, url = self._form(urllib.parse.urlsplit(url).path, {"code": pyotp.TOTP(totp_secret).now()})
        if urllib.parse.urlsplit(url).path.startswith("/auth/login"):
            raise RuntimeError(f"login failed for {username} at {url}")

    def _form(self, path: str, data: dict) -> tuple[int, str]:
        _status, html = self.get(path)
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html).group(1).decode()
        return self.post(path, {**data, "csrf_token": token})


@dataclass
class Result:
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, page: str, seconds: float, ok: bool) -> None:
        self.samples.setdefault(page, []).append(seconds)
        if not ok:
            self.errors[page] = self.errors.get(page, 0) + 1

    def percentiles(self) -> dict[str, tuple[float, float, int]]:
        table = {}
        for page, values in sorted(self.samples.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            table[page] = (statistics.median(ordered) * 1000, p95 * 1000, len(ordered))
        return table


def run(users: list[tuple[Session, dict[str, str]]], duration: float, seed: int = 7) -> Result:
    """Each (session, pages) pair is one virtual user choosing among its pages until `duration` ends."""
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def user_loop(index: int, session: Session, pages: dict[str, str]) -> None:
        rng = random.Random(seed + index)
        time.sleep(rng.uniform(0, 2))  # users do not all start at once
        while time.monotonic() < deadline:
            name = rng.choice(list(pages))
            started = time.perf_counter()
            status, _body = session.get(pages[name])
            elapsed = time.perf_counter() - started
            with lock:
                result.add(name, elapsed, status == 200)
            time.sleep(rng.uniform(1, 3))

    threads = [threading.Thread(target=user_loop, args=(i, s, p)) for i, (s, p) in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    return result


def saturate(users: list[tuple[Session, dict[str, str]]], duration: float, seed: int = 11) -> dict:
    """Closed loop, no think time: each (session, pages) pair requests its pages back to back for `duration`
    seconds. Returns the throughput (requests per second), the p95 over all requests and the errors."""
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + duration

    def user_loop(index: int, session: Session, pages: dict[str, str]) -> None:
        rng = random.Random(seed + index)
        names = list(pages)
        while time.monotonic() < deadline:
            begun = time.perf_counter()
            status, _body = session.get(pages[rng.choice(names)])
            elapsed = time.perf_counter() - begun
            with lock:
                samples.append(elapsed)
                errors[0] += status != 200

    threads = [threading.Thread(target=user_loop, args=(i, s, p)) for i, (s, p) in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000 if ordered else float("nan")
    return {"rps": len(samples) / (time.monotonic() - started), "p95_ms": p95, "n": len(samples), "errors": errors[0]}


def upload(session: Session, path: str, size_mb: int, csrf_page: str) -> int:
    """POST a `size_mb` MB PDF as multipart, streamed in 1 MiB chunks (never held in memory)."""
    _status, html = session.get(csrf_page)
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html).group(1).decode()
    boundary = "----bench" + str(random.getrandbits(64))
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
    size = len(head) + size_mb * len(chunk) + len(tail)

    def body():
        yield head
        for _ in range(size_mb):
            yield chunk
        yield tail

    request = urllib.request.Request(
        session.base + path,
        data=body(),
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(size)},
    )
    with session.opener.open(request, timeout=120) as response:
        return response.status


def peak_rss_mb(pids: list[int]) -> dict[int, float]:
    """VmHWM (peak resident memory) of each process, in MB."""
    peaks = {}
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[pid] = int(line.split()[1]) / 1024
    return peaks


def children(pid: int) -> list[int]:
    result = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        result.extend(int(c) for c in text)
    return result
