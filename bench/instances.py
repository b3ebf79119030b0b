"""One app instance against two behind a round-robin proxy: the same page load, throughput at equal p95.

Both set-ups go through the same proxy (bench/proxy.py), with one backend and then with two, so the
proxy's own cost is in both. Each backend is gunicorn with 2 sync workers on the same database; the second
has its own instance folder and shares the first one's evidence folder (as two machines share an object
store). The liaisons' pages (workbench, task page, indicator dashboard and page, evidence download) are
requested back to back, with no think time, by 1, 2, 4 and 8 concurrent users; each level gives a
throughput and a p95. The throughput of each set-up is read at the same p95 (the 150 ms page target when
both curves reach it, else the lower of the two curves' highest p95, interpolated linearly), and the
ratio two/one is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from load import Session, saturate

ROOT = Path(__file__).resolve().parent.parent
LEVELS = (1, 2, 4, 8)
BUDGET_P95_MS = 150.0


def start_proxy(port: int, backends: list[str]) -> subprocess.Popen:
    ports = [b.rsplit(":", 1)[1] for b in backends]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "proxy.py"), str(port), *ports], stdout=subprocess.PIPE, text=True
    )
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError("the bench proxy did not start")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)
    if process.stdout:
        process.stdout.close()


def curve(users: list[tuple[Session, dict[str, str]]], base: str, seconds: float) -> list[dict]:
    at_proxy = [(session.at(base), pages) for session, pages in users]
    for session, pages in at_proxy[:4]:  # warm every backend: templates, caches, connections
        for path in pages.values():
            session.get(path)
    points = []
    for level in LEVELS:
        chosen = [at_proxy[i % len(at_proxy)] for i in range(level)]
        points.append({"users": level, **saturate(chosen, seconds)})
    return points


def throughput_at(points: list[dict], p95: float) -> float:
    """Requests per second the curve sustains at this p95 (linear between the levels that bracket it)."""
    below = [p for p in points if p["p95_ms"] <= p95]
    if not below:  # even one user is slower than this: the lightest load's figure
        return points[0]["rps"]
    last = max(below, key=lambda p: p["users"])
    above = [p for p in points if p["users"] > last["users"] and p["p95_ms"] > p95]
    if not above:
        return max(p["rps"] for p in below)
    nxt = min(above, key=lambda p: p["users"])
    share = (p95 - last["p95_ms"]) / (nxt["p95_ms"] - last["p95_ms"])
    return last["rps"] + share * (nxt["rps"] - last["rps"])


def compare(
    env: dict,
    first: str,
    start_gunicorn: Callable[[dict], tuple[subprocess.Popen, str]],
    free_port: Callable[[], int],
    users: list[tuple[Session, dict[str, str]]],
    seconds: float,
) -> dict:
    """`first` is the running instance; a second one is started beside it for the two-instance run."""
    instance = Path(env["SUPERVISION_INSTANCE"])
    second_env = env | {
        "SUPERVISION_INSTANCE": str(instance.with_name(instance.name + "-b")),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(instance / "uploads"),
    }
    second, second_base = start_gunicorn(second_env)
    try:
        port = free_port()
        proxy = start_proxy(port, [first])
        try:
            one = curve(users, f"http://127.0.0.1:{port}", seconds)
        finally:
            stop(proxy)
        port = free_port()
        proxy = start_proxy(port, [first, second_base])
        try:
            two = curve(users, f"http://127.0.0.1:{port}", seconds)
        finally:
            stop(proxy)
    finally:
        second.terminate()
        second.wait(timeout=30)
    reached = min(max(p["p95_ms"] for p in one), max(p["p95_ms"] for p in two))
    p95 = min(BUDGET_P95_MS, reached)
    rps_one, rps_two = throughput_at(one, p95), throughput_at(two, p95)
    return {
        "load_average": os.getloadavg(),
        "one": one,
        "two": two,
        "p95_ms": p95,
        "rps_one": rps_one,
        "rps_two": rps_two,
        "ratio": rps_two / rps_one if rps_one else float("nan"),
    }


def report(result: dict) -> bool:
    load = " ".join(f"{x:.2f}" for x in result.get("load_average", ()))
    print(f"\none instance against two behind the round-robin proxy (same page load, no think time; load {load})")
    print(f"{'users':>6}{'one: req/s':>12}{'p95 ms':>9}{'two: req/s':>12}{'p95 ms':>9}")
    for a, b in zip(result["one"], result["two"], strict=True):
        print(f"{a['users']:6d}{a['rps']:12.1f}{a['p95_ms']:9.1f}{b['rps']:12.1f}{b['p95_ms']:9.1f}")
    print(
        f"throughput at equal p95 ({result['p95_ms']:.0f} ms): one {result['rps_one']:.1f} req/s, "
        f"two {result['rps_two']:.1f} req/s, ratio two/one = {result['ratio']:.2f}"
    )
    errors = sum(p["errors"] for p in result["one"] + result["two"])
    if errors:
        print(f"errors during the instance comparison: {errors}")
    return errors == 0
