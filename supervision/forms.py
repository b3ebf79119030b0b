"""Shared form parts: a base form that flashes its first error (in Chinese), and lenient fields.

The fields read what the user typed without raising WTForms' English messages: a number or date that
cannot be read is None (or the field's default), and a `Present(message)` validator refuses it in Chinese.
Range rules stay in the services, which refuse with their own Chinese message.
"""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from supervision.validation import parse_date, parse_id, parse_int, parse_year

__all__ = ["parse_int"]  # re-exported: the integer parser of supervision.validation


class Form(FlaskForm):
    def first_error(self) -> str | None:
        return next((message for messages in self.errors.values() for message in messages), None)

    def validate_or_flash(self) -> bool:
        """Validate the submitted form; when it is refused, flash its first error and return False."""
        if self.validate_on_submit():
            return True
        flash(self.first_error() or "提交的内容无效，请刷新页面后重试。", "danger")
        return False


class Present:
    """Refuse a field that could not be read (its data is None) with `message`."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data is None:
            raise StopValidation(self.message)


class IntegerText(StringField):
    """An integer typed in a text or number input; the field's default when the text is not one."""

    def process_formdata(self, valuelist):
        if valuelist:
            value = parse_int(valuelist[0])
            if value is not None:
                self.data = value


class YearText(StringField):
    """A year from MIN_YEAR to MAX_YEAR (supervision.validation); None when the text is not one."""

    def process_formdata(self, valuelist):
        self.data = parse_year(valuelist[0]) if valuelist else None


class DateText(StringField):
    """An ISO date (2025-10-11) of a sane year; None when the text is not one."""

    def process_formdata(self, valuelist):
        self.data = parse_date(valuelist[0]) if valuelist else None


class IntegerList(Field):
    """The ids of a repeated input (checkboxes); values that are not ids are left out."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist):
        self.data = [n for n in (parse_id(v) for v in valuelist) if n is not None]


class NumberedValues(Field):
    """The inputs named `<field name>_<number>` (target_12, target_15 ...) as {number: text}."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors, self.raw_data, self.data = [], [], {}
        prefix = self.name + "_"
        for name, value in formdata.items() if formdata is not None else ():
            number = parse_id(name[len(prefix) :]) if name.startswith(prefix) else None
            if number is not None:
                self.data[number] = value
