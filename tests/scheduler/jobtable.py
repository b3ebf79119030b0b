"""A short job table for the leader tests (SCHEDULER_JOB_TABLE=tests.scheduler.jobtable:JOBS).

Two daily jobs at the times given in TEST_QUICK_AT and TEST_SLOW_AT (HH:MM:SS, Asia/Shanghai); each
appends "<event> <pid>" to TEST_JOB_LOG."""

from __future__ import annotations

import os
import time

from supervision.scheduler.table import Job


def _at(name: str) -> dict[str, int]:
    hour, minute, second = (int(part) for part in os.environ[name].split(":"))
    return {"hour": hour, "minute": minute, "second": second}


def _log(event: str) -> None:
    with open(os.environ["TEST_JOB_LOG"], "a") as log:
        log.write(f"{event} {os.getpid()}\n")


def quick(now) -> str:
    _log("quick")
    return "ok"


def slow(now) -> str:
    _log("slow-start")
    time.sleep(float(os.environ.get("TEST_SLOW_SECONDS", "4")))
    _log("slow-done")
    return "ok"


JOBS = (
    [
        Job("test.quick", "测试：快", "tests.scheduler.jobtable:quick", _at("TEST_QUICK_AT")),
        Job("test.slow", "测试：慢", "tests.scheduler.jobtable:slow", _at("TEST_SLOW_AT")),
    ]
    if os.environ.get("TEST_QUICK_AT")
    else []
)
