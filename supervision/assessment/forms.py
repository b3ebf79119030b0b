"""Forms of 年度考核."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional


class ReasonForm(FlaskForm):
    reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])


class AdjustmentForm(FlaskForm):
    department_id = SelectField("单位", coerce=int)
    item = SelectField("事项")  # "<kind>:<item>"
    level = SelectField("级别", validators=[Optional()])
    count = IntegerField("次数", default=1, validators=[NumberRange(1, 100, "次数应为 1 到 100。")])
    reason = StringField("事由", validators=[DataRequired("请填写事由。")])
    document = StringField("依据（文件、文号）", validators=[Optional()])
    change_reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])


class IndicatorForm(FlaskForm):
    indicator_id = SelectField("指标", coerce=int)
    outcome = SelectField("调整为", choices={"met": "达标", "improved": "有改善未达标", "worse": "未改善"})
    note = StringField("调整理由", validators=[Optional()])  # required by the service, refused in Chinese
    change_reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])


class SchemeForm(FlaskForm):
    text = TextAreaField("评分细则（YAML）", validators=[DataRequired("评分细则不能为空。")])
    reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])


class SchemeImportForm(FlaskForm):
    file = FileField("YAML 文件", validators=[FileRequired("请选择要导入的 YAML 文件。")])
    reason = StringField("修改理由（结果发布后必填）", validators=[Optional()])
