"""Accounts in bulk: the sysadmin's Excel import (all or nothing, errors by row in Chinese) and its template.

Columns: 用户名, 姓名, 部门, 角色, 邮箱, 手机. Roles are written by their Chinese names, several separated by 、
or a comma. An account with an e-mail address gets a one-time activation link through the outbox; the others
get an initial password that the result page shows once.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import Any, BinaryIO

from sqlalchemy import select

from supervision.accounts.activation import issue_activation
from supervision.accounts.models import ADMIN_ROLES, BUSINESS_ROLES, ROLE_LABELS, Department, User
from supervision.accounts.passwords import temporary_password
from supervision.accounts.queries import active_departments
from supervision.accounts.services import create_user, find_department, parse_roles
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.spreadsheets import ImportTooLarge, import_limits, read_import, rows_over_limit, xlsx_bytes
from supervision.validation import check_text

COLUMNS = ["用户名", "姓名", "部门", "角色", "邮箱", "手机"]
REQUIRED = ("用户名", "姓名", "部门", "角色")
ROLE_BY_LABEL = {label: role.value for role, label in ROLE_LABELS.items()}
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+() -]{3,40}$")
ROLE_SEPARATORS = re.compile(r"[、,，;；/\s]+")
NOT_XLSX = "无法读取该文件：请上传 Excel 工作簿（.xlsx），可先下载导入模板。"


class AccountImportError(DomainError):
    """The file was refused; `errors` lists every problem (by row), nothing was created."""

    status = 400

    def __init__(self, errors: list[str]):
        super().__init__(f"导入失败（{len(errors)} 处错误），未创建任何账号。")
        self.errors = errors


@dataclass
class AccountRow:
    row: int
    username: str
    display_name: str
    department: Department | None
    roles: list[str]
    email: str | None
    phone: str | None


@dataclass
class ImportResult:
    activated: list[User] = field(default_factory=list)  # e-mail sent with an activation link
    passwords: list[tuple[User, str]] = field(default_factory=list)  # initial password, shown once


def template_bytes() -> bytes:
    """The import template: the header and two example rows (the department names are real)."""
    names = [d.name for d in active_departments()[:2]] or ["市卫生健康委", "市卫生健康委"]
    rows = [
        ["zhangsan", "张三", names[0], "部门联络员", "zhangsan@example.gov.cn", "13800000000"],
        ["lisi", "李四", names[-1], "部门负责人、部门联络员", "", ""],
    ]
    return xlsx_bytes(COLUMNS, rows, title="账号")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return str(value).strip()


def _open(data: bytes | BinaryIO):
    from openpyxl import load_workbook

    try:
        raw = read_import(data)
    except ImportTooLarge as error:
        raise AccountImportError([error.message]) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions in files from Excel/WPS
            return load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        raise AccountImportError([NOT_XLSX]) from None


def read_rows(data: bytes | BinaryIO) -> list[dict[str, str]]:
    """The data rows of the first sheet as {column: text}, with `_row` the row number in Excel."""
    workbook = _open(data)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_cell(v) for v in next(rows, ())]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise AccountImportError([f"第 1 行（表头）缺少列：{'、'.join(missing)}。请使用导入模板。"])
        index = {c: header.index(c) for c in COLUMNS}
        _bytes, max_rows = import_limits()
        found = []
        for number, values in enumerate(rows, start=2):
            cells = {c: _cell(values[i]) if i < len(values) else "" for c, i in index.items()}
            if not any(cells.values()):
                continue
            if len(found) >= max_rows:
                raise AccountImportError([rows_over_limit(max_rows).message])
            found.append(cells | {"_row": str(number)})
        return found
    finally:
        workbook.close()


def _roles(text: str, errors: list[str], where: str) -> list[str]:
    values = []
    for label in (p for p in ROLE_SEPARATORS.split(text) if p):
        role = ROLE_BY_LABEL.get(label)
        if role is None:
            allowed = "、".join(ROLE_LABELS[r] for r in sorted(BUSINESS_ROLES))
            errors.append(f"{where}角色“{label}”不存在。可用角色：{allowed}。")
        else:
            values.append(role)
    if not values:
        return []
    try:
        parse_roles(values)  # the separation of duties (三员分立) the app enforces everywhere
    except DomainError as error:
        errors.append(where + error.message)
        return []
    if set(values) & ADMIN_ROLES:
        errors.append(f"{where}三员账号（系统管理员、安全管理员、审计员）只能在服务器上用 flask user 命令创建。")
        return []
    return values


def check_rows(rows: list[dict[str, str]]) -> tuple[list[AccountRow], list[str]]:
    """Every row checked; the errors name the row and the column, in Chinese."""
    errors: list[str] = []
    accepted: list[AccountRow] = []
    names = [r["用户名"] for r in rows if r["用户名"]]
    taken = set(db.session.scalars(select(User.username).where(User.username.in_(names)))) if names else set()
    first_row: dict[str, str] = {}
    for row in rows:
        where = f"第 {row['_row']} 行："
        before = len(errors)
        for column in REQUIRED:
            if not row[column]:
                errors.append(f"{where}“{column}”不能为空。")
        for column, model_column in (("姓名", User.display_name), ("邮箱", User.email), ("手机", User.phone)):
            try:
                check_text(row[column], model_column, label=f"“{column}”")
            except DomainError as error:
                errors.append(where + error.message)
        username = row["用户名"]
        if username and not USERNAME.match(username):
            errors.append(f"{where}用户名“{username}”无效：只能包含字母、数字、下划线、点和连字符，最多 64 个字符。")
        elif username in taken:
            errors.append(f"{where}用户名“{username}”已存在。")
        elif username.lower() in first_row:
            errors.append(f"{where}用户名“{username}”与第 {first_row[username.lower()]} 行重复。")
        if username:
            first_row.setdefault(username.lower(), row["_row"])
        department = find_department(row["部门"]) if row["部门"] else None
        if row["部门"] and (department is None or not department.active):
            errors.append(f"{where}部门“{row['部门']}”不存在或已停用。")
        if row["邮箱"] and not EMAIL.match(row["邮箱"]):
            errors.append(f"{where}邮箱“{row['邮箱']}”格式不正确。")
        if row["手机"] and not PHONE.match(row["手机"]):
            errors.append(f"{where}手机“{row['手机']}”格式不正确。")
        roles = _roles(row["角色"], errors, where) if row["角色"] else []
        if len(errors) == before:
            accepted.append(
                AccountRow(
                    int(row["_row"]), username, row["姓名"], department, roles, row["邮箱"] or None, row["手机"] or None
                )
            )
    return accepted, errors


def import_accounts(data: bytes | BinaryIO, *, actor: User, now: datetime) -> ImportResult:
    """Create every account of the file, or none (AccountImportError lists the problems by row)."""
    rows = read_rows(data)
    if not rows:
        raise AccountImportError(["文件中没有账号数据（第 2 行起填写，每行一个账号）。"])
    accepted, errors = check_rows(rows)
    if errors:
        raise AccountImportError(errors)
    result = ImportResult()
    for row in accepted:
        password = temporary_password()
        user = create_user(
            username=row.username,
            password=password,
            department_name=row.department.name,
            roles=row.roles,
            display_name=row.display_name,
            email=row.email,
            phone=row.phone,
            must_change_password=True,
            actor=actor,
        )
        if user.email:
            issue_activation(user, now, actor=actor)
            result.activated.append(user)
        else:
            result.passwords.append((user, password))
    record_event(
        "user.bulk_import",
        object_type="user",
        after={"created": len(accepted), "activation_links": len(result.activated)},
        category="security",
        user=actor,
    )
    return result
