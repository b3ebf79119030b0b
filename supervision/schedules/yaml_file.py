"""Reading a schedule from YAML, keeping the line of every value for the error messages.

year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays:
  - {name: 清明节, from: 2027-04-05, to: 2027-04-06}
workdays: [2027-04-10]
"""

from __future__ import annotations

from supervision.schedules.data import (
    Holiday,
    ScheduleData,
    ScheduleImportError,
    Workday,
    check_schedule,
    parse_day,
    parse_year,
)

KEYS = ("year", "source", "holidays", "workdays")
HOLIDAY_KEYS = ("name", "from", "to")


def _where(node) -> str:
    return f"第 {node.start_mark.line + 1} 行"


def _scalar(node, errors: list[str], what: str) -> str | None:
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if not hasattr(node.value, "strip"):
        errors.append(f"{_where(node)}：{what}应为单个值。")
        return None
    return node.value.strip()


def _items(node, errors: list[str], what: str) -> list:
    if node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node.value, list) or node.tag != "tag:yaml.org,2002:seq":
        errors.append(f"{_where(node)}：{what}应为列表（每项以“- ”开头）。")
        return []
    return node.value


def _holiday(node, errors: list[str]) -> Holiday | None:
    if node.tag != "tag:yaml.org,2002:map":
        errors.append(f"{_where(node)}：每个放假安排应写成 {{name: 节日名称, from: 开始日期, to: 结束日期}}。")
        return None
    values = {}
    for key_node, value_node in node.value:
        if key_node.value not in HOLIDAY_KEYS:
            errors.append(f"{_where(key_node)}：放假安排中有无法识别的项“{key_node.value}”（应为 name、from、to）。")
            continue
        values[key_node.value] = (_scalar(value_node, errors, key_node.value), value_node)
    name = (values.get("name") or (None, None))[0]
    if not name:
        errors.append(f"{_where(node)}：放假安排缺少节日名称（name）。")
    start_text, start_node = values.get("from") or (None, node)
    start = parse_day(start_text) if start_text else None
    if start is None:
        errors.append(f"{_where(start_node)}：放假开始日期（from）缺失或无效，应写成 2027-04-05。")
    end_text, end_node = values.get("to") or (start_text, start_node)
    end = parse_day(end_text) if end_text else None
    if end is None and start is not None:
        errors.append(f"{_where(end_node)}：放假结束日期（to）无效，应写成 2027-04-06。")
    if name and start and end:
        return Holiday(name, start, end, _where(node))
    return None


def read_yaml(content: bytes | str) -> ScheduleData:
    """Parse and check a YAML schedule; raises ScheduleImportError with every problem found."""
    import yaml

    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError:
        raise ScheduleImportError(["文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重试。"]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark else ""
        raise ScheduleImportError([f"{where}YAML 格式有误，请检查缩进、冒号和引号。"]) from None
    if root is None or root.tag != "tag:yaml.org,2002:map":
        raise ScheduleImportError(["文件内容应包含 year、source、holidays、workdays 四项。"])
    errors: list[str] = []
    nodes = {}
    for key_node, value_node in root.value:
        if key_node.value not in KEYS:
            errors.append(
                f"{_where(key_node)}：无法识别的项“{key_node.value}”（应为 year、source、holidays、workdays）。"
            )
        else:
            nodes[key_node.value] = value_node
    year = None
    if "year" not in nodes:
        errors.append("缺少年份（year）。")
    else:
        year = parse_year(_scalar(nodes["year"], errors, "year"))
        if year is None:
            errors.append(f"{_where(nodes['year'])}：年份（year）应为 2000 至 2100 之间的四位数字，例如 2027。")
    source = (_scalar(nodes["source"], errors, "source") if "source" in nodes else None) or ""
    holidays = (
        [_holiday(n, errors) for n in _items(nodes["holidays"], errors, "holidays")] if "holidays" in nodes else []
    )
    workdays = []
    for node in _items(nodes["workdays"], errors, "workdays") if "workdays" in nodes else []:
        day = parse_day(_scalar(node, errors, "调休上班日"))
        if day is None:
            errors.append(f"{_where(node)}：调休上班日“{node.value}”无效，应写成 2027-04-10。")
        else:
            workdays.append(Workday(day, _where(node)))
    data = ScheduleData(year or 0, source, [h for h in holidays if h], workdays)
    if year is not None:
        check_schedule(data, errors)
    if errors:
        raise ScheduleImportError(errors)
    return data
