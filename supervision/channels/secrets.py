"""Channel addresses and secrets at rest: AES-256-GCM under a key derived from the instance's BACKUP_KEY
(the environment or `instance/backup_key`, as for backups), with its own HKDF label."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

INFO = b"jkhz-channel-secret"
NONCE_BYTES = 12
UNREADABLE = "无法解密已保存的渠道地址或密钥（本实例的 BACKUP_KEY 可能已更换），请办公室在消息渠道页重新填写。"


class SecretUnreadable(ValueError):
    """Sealed under another key, or changed."""


def _aead(context: str) -> tuple[AESGCM, bytes]:
    key = str(current_app.config["BACKUP_KEY"]).encode()
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(key)), context.encode()


def seal(text: str, context: str) -> str:
    """`text` encrypted; `context` (e.g. "dingtalk:12:secret") binds it to its row and field."""
    aead, aad = _aead(context)
    nonce = os.urandom(NONCE_BYTES)
    return base64.b64encode(nonce + aead.encrypt(nonce, text.encode(), aad)).decode("ascii")


def unseal(sealed: str, context: str) -> str:
    aead, aad = _aead(context)
    try:
        raw = base64.b64decode(sealed)
        return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad).decode()
    except (InvalidTag, ValueError) as error:
        raise SecretUnreadable(UNREADABLE) from error
