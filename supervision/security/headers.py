"""Security headers on every response; the reverse proxy's forwarded headers when one is configured."""

from __future__ import annotations

from flask import Flask, Response, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline scripts or styles anywhere: templates load static/js and static/css only. Bootstrap's CSS
# draws its icons from data: SVGs and the two-factor page shows its QR code as one, hence img-src data:.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def register(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)  # a download keeps its stricter sandbox CSP
        if request.is_secure and app.config["HSTS_SECONDS"]:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains"
            )
        if request.endpoint != "static" and "_user_id" in session:  # no database read: it may be down
            response.headers.setdefault("Cache-Control", "no-store")  # pages with official data stay out of caches
        return response
