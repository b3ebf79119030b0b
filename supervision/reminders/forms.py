"""The reminder policy form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional


class PolicyForm(FlaskForm):
    before_days = StringField("到期前提醒（工作日，逗号分隔）")
    on_due_day = BooleanField("到期当日提醒")
    overdue_every = IntegerField(
        "逾期后每隔几个工作日提醒", validators=[InputRequired("请填写提醒间隔。"), NumberRange(1, 30, "应为 1 到 30。")]
    )
    escalate_after = IntegerField(
        "逾期几个工作日后升级督办", validators=[InputRequired("请填写升级天数。"), NumberRange(1, 60, "应为 1 到 60。")]
    )
    notice_limit = IntegerField(
        "每日自动发出督办通知单的上限（份）",
        validators=[Optional(), NumberRange(1, 1000, "应为 1 到 1000。")],  # empty: unchanged
    )
    daily_digest = BooleanField("每个工作日向办公室发送逾期汇总")
    weekly_digest = BooleanField("每周第一个工作日向各部门发送待办汇总")
