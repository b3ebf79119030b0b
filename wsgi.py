"""WSGI entry point: `gunicorn wsgi:app`."""

from supervision import create_app

app = create_app()
