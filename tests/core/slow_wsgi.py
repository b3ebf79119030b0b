"""The real app with one slow page, served by gunicorn in tests/core/test_gunicorn.py."""

import os
import time

from supervision.app import create_app

app = create_app(
    {
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": os.environ["SLOW_WSGI_DATABASE_URL"],
        "UPLOAD_DIR": os.environ["SLOW_WSGI_UPLOAD_DIR"],
    }
)


@app.route("/_slow")
def slow():
    time.sleep(60)
    return "finished"
