from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from supervision.api.services import MAX_DAYS


class TokenForm(FlaskForm):
    name = StringField(
        "外部系统名称", validators=[InputRequired("请填写名称。"), Length(max=60, message="名称不超过 60 个字符。")]
    )
    scope = RadioField("权限", choices={"read": "只读", "write": "读写（可报送进展）"}, default="read")
    departments = SelectMultipleField("可代表的部门（读写令牌必选；只读令牌不选则只读全市已报送数据）", coerce=str)
    days = IntegerField(
        "有效天数",
        default=365,
        validators=[Optional(), NumberRange(1, MAX_DAYS, f"有效天数须为 1 到 {MAX_DAYS} 之间的整数。")],
    )
