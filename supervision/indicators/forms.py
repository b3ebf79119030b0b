"""Forms of the indicator pages."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from supervision.forms import DateText, Form, Present, YearText


class ValueForm(Form):
    year = YearText("年份", validators=[Present("请填写有效的年份。")])
    quarter = SelectField("期间", choices={0: "全年", 1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}, coerce=int)
    value = StringField("数值", validators=[InputRequired("请填写数值。"), Length(max=100)])
    source = StringField("数据来源", validators=[Optional(), Length(max=200, message="数据来源不能超过 200 字。")])
    basis_note = TextAreaField(
        "口径说明", validators=[Optional(), Length(max=500, message="口径说明不能超过 500 字。")]
    )


class ReviewForm(Form):
    decision = SelectField("审核结果", choices={"approve": "通过", "return": "退回"})
    comment = TextAreaField("意见", validators=[Optional(), Length(max=500, message="意见不能超过 500 字。")])


class OwnerForm(Form):
    owner = SelectField("责任部门", coerce=int, validate_choice=False)
    contributors = SelectMultipleField("配合部门", coerce=int, validate_choice=False)


class SettingsForm(Form):
    rule = StringField("目标规则（仅无法识别的表述需要）", validators=[Optional(), Length(max=100)])
    tolerance = StringField("接近的容差（目标值的百分比）", validators=[Optional(), Length(max=12)])
    use_path = BooleanField("按基期到目标的直线路径逐年评判")


class TargetRuleForm(Form):
    """The office's hand-written rule of a task target the document's wording cannot be judged by; empty clears it."""

    wording = StringField(
        "人工设定评判规则", validators=[Optional(), Length(max=100, message="评判规则不能超过 100 字。")]
    )


def _readable_date(form, field) -> None:
    if field.data is None and field.raw_data and field.raw_data[0].strip():
        raise ValidationError("请填写有效的报送截止日期（如 2027-03-31），或留空。")


class YearForm(Form):
    """The office's settings of one year: the value's due date and, for 省下达 wordings, the province's figure."""

    year = YearText("年份", validators=[Present("请填写有效的年份。")])
    due_date = DateText("报送截止日期", validators=[_readable_date])
    province_target = StringField(
        "省下达目标", validators=[Optional(), Length(max=100, message="省下达目标不能超过 100 字。")]
    )


class FileForm(Form):
    file = FileField(validators=[FileRequired("请选择要上传的文件。")])
