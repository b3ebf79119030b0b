"""Forms of the task pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField


class AssignForm(FlaskForm):
    lead = SelectMultipleField("牵头部门", coerce=int)
    cooperating = SelectMultipleField("配合部门", coerce=int)
