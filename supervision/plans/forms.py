from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField


class AssignForm(FlaskForm):
    lead = SelectMultipleField("牵头部门", coerce=int)
    cooperating = SelectMultipleField("配合部门", coerce=int)


class ImportForm(FlaskForm):
    file = FileField("Excel 文件（.xlsx）", validators=[FileRequired("请选择要导入的 Excel 文件。")])
