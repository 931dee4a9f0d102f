"""The web page's server: waitress, its own error responses (a body over the size limit, a malformed request)
styled as the application's pages."""

from __future__ import annotations

from flask import Flask, render_template

from pipeline.apps.web_uploads import request_limit


def make_server(app: Flask, host: str, port: int, max_mb: float):
    """The waitress server of ``app``, its own error responses styled as the application's pages."""
    from waitress import create_server

    server = create_server(app, host=host, port=port, threads=8, ident="planreview",
                           max_request_body_size=request_limit(max_mb) + 65536)
    channel = styled_error_channel(error_pages(app, max_mb))
    for each in [server, *getattr(server, "map", {}).values()]:  # one server, or one per address
        if hasattr(each, "channel_class"):
            each.channel_class = channel
    return server


def error_pages(app: Flask, max_mb: float) -> dict[int, bytes]:
    """The pages waitress answers with itself, before the application sees the request (a body over the
    size limit, a malformed request), styled as the application's own: code → HTML."""
    messages = {
        413: (f"Tệp quá lớn (tối đa {max_mb:g} MB mỗi tệp, {request_limit(max_mb) / 1048576:g} MB mỗi lần tải)",
              f"File too large (max {max_mb:g} MB a file, {request_limit(max_mb) / 1048576:g} MB an upload)"),
        400: ("Yêu cầu không hợp lệ", "Bad request"),
        431: ("Tiêu đề yêu cầu quá lớn", "Request header fields too large"),
        500: ("Lỗi máy chủ", "Internal server error"),
    }
    with app.test_request_context("/"):
        return {code: render_template("web/refused.html", m=f"{vi} / {en}", code=code).encode("utf-8")
                for code, (vi, en) in messages.items()}


def styled_error_channel(pages: dict[int, bytes]):
    """waitress's HTTP channel with its plain-text error responses ("Request Entity Too Large … exceeds
    max_body") replaced by ``pages``."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class StyledErrorTask(ErrorTask):
        def execute(self) -> None:
            error = self.request.error
            body = pages.get(error.code, pages[500])
            self.status = f"{error.code} {error.reason}"
            self.response_headers.append(("Content-Type", "text/html; charset=utf-8"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class StyledChannel(HTTPChannel):
        error_task_class = StyledErrorTask

    return StyledChannel
