"""Password policy."""

from __future__ import annotations

import string

from supervision.errors import DomainError

MIN_LENGTH = 8


def check_password_policy(password: str, username: str) -> None:
    """Raise a DomainError with a Chinese message when the password is too weak."""
    if len(password) < MIN_LENGTH:
        raise DomainError(f"密码至少需要 {MIN_LENGTH} 个字符。")
    classes = sum(
        [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if classes < 3:
        raise DomainError("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。")
    if username and username.lower() in password.lower():
        raise DomainError("密码不能包含用户名。")
