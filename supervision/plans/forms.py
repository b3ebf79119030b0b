from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    file = FileField("Excel 文件（.xlsx）", validators=[FileRequired("请选择要导入的 Excel 文件。")])
