"""Pages of 年度考核."""

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/assessment")
