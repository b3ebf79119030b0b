"""Forms of the channel pages: one form per channel kind (the service checks every value)."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, StringField, TextAreaField

from supervision.forms import Form


class ChannelForm(Form):
    url = StringField("Webhook 地址", default="")
    secret = PasswordField("密钥", default="")  # never rendered with a value
    clear_secret = BooleanField("删除已保存的密钥", default=False)
    enabled = BooleanField("启用", default=True)
    template_id = StringField("短信模板编号", default="")
    phone_field = StringField("手机号字段名", default="")
    template_field = StringField("模板编号字段名", default="")
    params_field = StringField("模板参数字段名", default="")
    params = TextAreaField("模板参数", default="")
    result_field = StringField("应答结果字段名", default="")
    result_ok = StringField("表示成功的值", default="")

    SMS_FIELDS = ("template_id", "phone_field", "template_field", "params_field", "params", "result_field", "result_ok")

    def sms_options(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in self.SMS_FIELDS}


class ActionForm(Form):
    """测试发送 and 删除: a CSRF token only."""
