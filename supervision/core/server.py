"""Running under gunicorn (gunicorn.conf.py): a deadline for every request below the worker timeout, and
Chinese pages in place of gunicorn's own English error pages.

gunicorn kills a sync worker whose request runs past `timeout`; the user then sees gunicorn's English
"Internal Server Error" or nothing. Each request instead gets an alarm at DEADLINE_SHARE of the timeout: it
stops with a Chinese 503 page, its transaction rolled back, and the worker lives on. The alarm (SIGALRM)
needs gunicorn's sync workers, which run each request in the main thread; Python runs the handler between
bytecodes, so a single C call running past the remaining seconds still meets gunicorn's own timeout.
"""

from __future__ import annotations

import signal
import threading

from gunicorn.util import write_nonblock

from supervision.errors import DomainError

DEADLINE_SHARE = 0.8  # of gunicorn's timeout: time left to roll back and render the page
MSG_TIMEOUT = "请求处理时间过长，已中止，未保存任何修改。请缩小范围（如分批导入、按年份导出）后重试。"
ERROR_MESSAGES = {  # gunicorn's own answers: a malformed request, or an error outside the application
    400: "请求格式有误，服务器无法处理。",
    403: "请求被拒绝。",
    431: "请求头过大，服务器无法处理。",
    501: "服务器不支持该请求方式。",
}
MSG_SERVER_ERROR = "系统内部错误，请稍后重试或联系系统管理员。"


class RequestTimeout(DomainError):
    """The request ran into its deadline (a 503 with a Chinese message, through the domain error handler)."""

    status = 503


def _expired(_signum, _frame) -> None:
    raise RequestTimeout(MSG_TIMEOUT)


def start_deadline(seconds: float) -> None:
    """Raise RequestTimeout in the request after `seconds` (only in the main thread: sync workers)."""
    if threading.current_thread() is threading.main_thread() and seconds > 0:
        signal.signal(signal.SIGALRM, _expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def stop_deadline() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.setitimer(signal.ITIMER_REAL, 0)


def error_page(status: int) -> bytes:
    """A plain Chinese page for an error gunicorn answers itself (no template: the app may not be involved)."""
    message = ERROR_MESSAGES.get(status, MSG_SERVER_ERROR)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{status} · 健康杭州任务督办系统</title></head>"
        f"<body><h1>{message}</h1><p>错误代码：{status}。如问题持续，请联系系统管理员。</p></body></html>"
    ).encode()


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """Replaces gunicorn.util.write_error: the same response with a Chinese page (gunicorn logs `mesg`)."""
    body = error_page(status_int)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    write_nonblock(sock, head.encode("latin-1") + body)
