from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length


class ImportForm(FlaskForm):
    file = FileField("Excel 文件（.xlsx）", validators=[FileRequired("请选择要导入的 Excel 文件。")])


class PlanStateForm(FlaskForm):
    status = SelectField(
        "改为",
        choices={"evaluating": "收尾评估", "closed": "已结束", "running": "执行中（重新启用）"},
        validate_choice=False,
    )
    reason = TextAreaField(
        "原因", validators=[DataRequired("请填写原因。"), Length(max=500, message="原因不能超过 500 字。")]
    )
