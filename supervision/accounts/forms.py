from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。"), Length(max=256)])


class CodeForm(FlaskForm):
    code = StringField(
        "动态验证码",
        validators=[DataRequired("请输入 6 位动态验证码。"), Regexp(r"^\s*\d{6}\s*$", message="请输入 6 位数字。")],
    )


class NewPasswordForm(FlaskForm):
    new = PasswordField("新密码", validators=[DataRequired("请输入新密码。"), Length(max=256)])
    confirm = PasswordField(
        "确认新密码", validators=[DataRequired("请再次输入新密码。"), EqualTo("new", "两次输入的新密码不一致。")]
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    username = StringField(
        "用户名",
        validators=[
            DataRequired("请输入用户名。"),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="用户名只能包含字母、数字、下划线、点和连字符。"),
        ],
    )
    display_name = StringField("姓名", validators=[DataRequired("请输入姓名。"), Length(max=100)])
    department = SelectField("部门", coerce=int, validators=[DataRequired("请选择部门。")])
    roles = CheckboxesField("角色", validators=[DataRequired("请至少选择一个角色。")])
    email = EmailField("电子邮箱", validators=[Optional(), Length(max=200)])
    phone = StringField("电话", validators=[Optional(), Length(max=40)])
