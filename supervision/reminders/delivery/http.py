"""POST a JSON body to a gateway or robot, telling refusals, outages and unknown outcomes apart."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from supervision.reminders.delivery.channel import UNKNOWN_OUTCOME, DeliveryError

HTTP_TIMEOUT = 10


def check_url(url: str | None, problem: str) -> str:
    if not url or urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError(problem, retry=False)
    return url


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def post_json(url: str, body: bytes, headers: dict[str, str], label: str = "网关") -> bytes:
    """The answer's body; a DeliveryError when the receiver refused, was unreachable or did not answer."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        error.close()
        raise DeliveryError(
            f"{label}返回 HTTP {error.code}", retry=error.code >= 500 or error.code in (408, 429)
        ) from None
    except urllib.error.URLError as error:  # raised while connecting or sending the request
        raise DeliveryError(f"无法连接{label}：{error.reason}", retry=True) from error
    except (OSError, http.client.HTTPException) as error:  # raised while waiting for the answer
        raise DeliveryError(f"等待{label}应答时出错（{error}）{UNKNOWN_OUTCOME}", retry=False) from error


def answer_json(raw: bytes, label: str) -> dict:
    """A robot's JSON answer; one that cannot be read leaves the outcome unknown."""
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        raise DeliveryError(f"{label}的应答无法识别{UNKNOWN_OUTCOME}", retry=False)
    return answer
