"""Forms of the evidence list on the milestone page."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField

from supervision.forms import Form


class UploadForm(Form):
    file = FileField(validators=[FileRequired("请选择要上传的文件。")])


class VerdictForm(Form):
    """采信 (accepted) or 不采信 (rejected, with a reason); the service checks both."""

    verdict = StringField(default="")
    reason = StringField(default="")


class WithdrawForm(Form):
    """No field: only the CSRF token."""
