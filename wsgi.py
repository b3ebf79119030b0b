"""WSGI entry point: `gunicorn wsgi:app`."""

from supervision.app import create_app

app = create_app()
