"""Who may use the web page, and as whom: the Host header (DNS rebinding), cross-site POSTs, the shared
access token off loopback, and the owner of each request — the browser's random session cookie, or, for a
client that sends only the token (a script), the token itself. Every job belongs to one owner."""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, g, request

from pipeline.apps.job_store import owner_of

SESSION_COOKIE = "planreview_session"
TOKEN_COOKIE = "planreview_token"
TOKEN_HEADER = "X-Planreview-Token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_SESSION = re.compile(r"[A-Za-z0-9_-]{32,64}")


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> set[str] | None:
    """Host header values accepted (port stripped); None when bound to every address (the token protects)."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", "::", ""):
        return None
    return set(LOOPBACK_NAMES) if is_loopback(bare) else {bare.lower()}


def host_of(header: str) -> str:
    try:
        return (urlsplit("//" + header).hostname or "").lower()
    except ValueError:
        return ""


def request_owner() -> str:
    """The owner of this request (for the error handlers that run before the guard)."""
    return getattr(g, "owner", "") or owner_of(request.cookies.get(SESSION_COOKIE, ""))


def install_guard(app: Flask, host: str, token: str | None, keep_days: float,
                  refuse: Callable[[int, str, str], object]) -> None:
    """Check every request (host, token, origin) and name its owner; set the cookies and safe headers."""
    allowed = allowed_hosts(host)

    @app.before_request
    def guard():
        if allowed is not None and host_of(request.host) not in allowed:
            return refuse(403, "Tên máy trong yêu cầu không khớp máy chủ (Host header)",
                          "Host header does not match the server (possible DNS rebinding)")
        given = ""
        if token:
            given = request.args.get("token") or request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)
            if not given or not secrets.compare_digest(given, token):
                return refuse(403, "Cần mã truy cập (?token=...)", "An access token is required (?token=...)")
        if request.method == "POST":
            origin = request.headers.get("Origin") or request.headers.get("Referer")
            if request.headers.get("Sec-Fetch-Site") == "cross-site" or origin == "null" or (
                    origin and urlsplit(origin).netloc.lower() != request.host.lower()):
                return refuse(403, "Từ chối yêu cầu gửi từ trang web khác", "Cross-site request refused")
        session = request.cookies.get(SESSION_COOKIE, "")
        if not _SESSION.fullmatch(session) and token and request.headers.get(TOKEN_HEADER) == given:
            g.new_session, g.session = False, ""  # a script with the token only: its jobs are the token's
            g.owner = owner_of("token:" + token)
            return None
        g.new_session = not _SESSION.fullmatch(session)
        g.session = secrets.token_urlsafe(32) if g.new_session else session
        g.owner = owner_of(g.session)
        return None

    @app.after_request
    def headers(response):
        if getattr(g, "new_session", False):
            response.set_cookie(SESSION_COOKIE, g.session, max_age=int(keep_days * 86400), httponly=True,
                                samesite="Lax")
        if token and request.args.get("token") == token:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Lax")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # a same-site POST keeps its Origin
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        # nothing is loaded from elsewhere: the page works offline and a finding's text cannot pull content in
        response.headers["Content-Security-Policy"] = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                                       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                                       "frame-ancestors 'self'")
        return response
