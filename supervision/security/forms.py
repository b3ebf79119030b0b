from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from supervision.security.models import POLICY_FIELDS


class PolicyForm(FlaskForm):
    require_2fa_for_all = BooleanField("所有用户均须使用双因素登录")


for _name, (_default, _low, _high, _label) in POLICY_FIELDS.items():
    setattr(
        PolicyForm,
        _name,
        IntegerField(
            _label,
            validators=[
                InputRequired("请填写此项。"),
                NumberRange(_low, _high, f"须为 {_low} 到 {_high} 之间的整数。"),
            ],
        ),
    )
