"""The preview's web server: the build's outputs under /out/, the preview page at /, nothing else.

Every path is checked before a file is opened: no `..`, no hidden file (the
build's manifest and cache), nothing that resolves outside the output
folder, whatever the URL's encoding. Bound to the local machine, it also
refuses a request whose Host is not a local name, so that a web page
cannot reach the preview through a DNS name it controls.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..render import render_html
from .session import Outcome, PreviewSession

OUTPUTS_PREFIX = "/out/"
OWN_PREFIX = "/_preview/"
OWN_FILES = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}
KEEP_ALIVE_SECONDS = 15.0
COMMON_HEADERS = {
    "Cache-Control": "no-cache",  # always asked again, answered "304 Not Modified" while the file is the same
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",  # the preview page frames the outputs; no other site may
    "Referrer-Policy": "no-referrer",
}
SHELL_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; "
                "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


MISSING_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="nmi-learn-missing" content="page">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Not in this build</title></head>
<body><main><h1>Not in this build</h1>
<p>The current build has no page here: its module may have been renamed or removed.</p>
<p><a href="/" target="_top">All outputs of the current build</a></p></main></body></html>
"""
MISSING_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"


def output_file(out_root: Path, url_path: str) -> Path | None:
    """The output file a URL path under /out/ names, or None when it names nothing the preview may serve."""
    if not url_path.startswith(OUTPUTS_PREFIX):
        return None
    try:
        relative = unquote(url_path[len(OUTPUTS_PREFIX):], errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in relative or "\x00" in relative or ":" in relative:
        return None
    parts = relative.split("/")
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(part == "" or part.startswith(".") for part in parts):
        return None
    root = out_root.resolve()
    try:
        target = root.joinpath(*parts).resolve()
    except (OSError, RuntimeError):
        return None
    if root not in target.parents or not target.is_file():
        return None
    return target


def is_local_host(host_header: str | None) -> bool:
    """Whether a Host header names this machine (with or without a port)."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):
        name = host[1:host.find("]")] if "]" in host else ""
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOCAL_NAMES


class PreviewServer(ThreadingHTTPServer):
    """Serves one preview session; handler threads never keep the process alive."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], session: PreviewSession, local_only: bool):
        super().__init__(address, PreviewHandler)
        self.session = session
        self.local_only = local_only

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "nmi-learn-preview"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # the terminal shows builds, not requests
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _refuse_method(self) -> None:
        self._send_plain(HTTPStatus.METHOD_NOT_ALLOWED, "The preview only answers GET and HEAD.",
                         extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def _answer(self, send_body: bool) -> None:
        if self.server.local_only and not is_local_host(self.headers.get("Host")):
            self._send_plain(HTTPStatus.FORBIDDEN, "This preview answers only requests addressed to this machine.",
                             send_body)
            return
        path = urlsplit(self.path).path
        if path == "/favicon.ico":  # browsers ask; there is none
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
        elif path == "/":
            self._send(HTTPStatus.OK, self._shell(), "text/html; charset=utf-8", send_body,
                       {"Content-Security-Policy": SHELL_POLICY})
        elif path == OWN_PREFIX + "events" and send_body:
            self._stream_events()
        elif path == OWN_PREFIX + "status":
            latest = self.server.session.latest()
            body = json.dumps(latest.as_json() if latest else None).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json", send_body)
        elif path.startswith(OWN_PREFIX) and path[len(OWN_PREFIX):] in OWN_FILES:
            name = path[len(OWN_PREFIX):]
            body = resources.files("nmi_learn").joinpath("templates", "preview", name).read_bytes()
            self._send(HTTPStatus.OK, body, OWN_FILES[name], send_body)
        else:
            target = output_file(self.server.session.settings.out_root, path)
            if target is None and path.startswith(OUTPUTS_PREFIX) and path.endswith(".html"):
                self._send(HTTPStatus.NOT_FOUND, MISSING_PAGE, "text/html; charset=utf-8", send_body,
                           {"Content-Security-Policy": MISSING_POLICY})
                return
            if target is None:
                self._send_plain(HTTPStatus.NOT_FOUND, "Not found: the preview serves only the build's outputs.",
                                 send_body)
                return
            try:
                body = target.read_bytes()
            except OSError:  # replaced by a rebuild between the check and the read
                self._send_plain(HTTPStatus.NOT_FOUND, "Not found (the file is being rebuilt).", send_body)
                return
            tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            if tag in (self.headers.get("If-None-Match") or ""):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", tag)
                for name, value in COMMON_HEADERS.items():
                    self.send_header(name, value)
                self.end_headers()
                return
            self._send(HTTPStatus.OK, body, _content_type(target), send_body, {"ETag": tag})

    def _shell(self) -> bytes:
        session = self.server.session
        return render_html("preview/preview.html.j2", v={
            "course": session.course_title or "Course preview",
            "curriculum": str(session.settings.curriculum_root),
        })

    def _stream_events(self) -> None:
        """Server-sent events: the latest build now, then each new one as it finishes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        for name, value in COMMON_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        session = self.server.session
        outcome = session.latest()
        generation = 0
        try:
            if outcome is not None:
                self._event(outcome)
                generation = outcome.generation
            while not session.closed:
                newer = session.wait_newer(generation, KEEP_ALIVE_SECONDS)
                if newer is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    self._event(newer)
                    generation = newer.generation
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return  # the page was closed

    def _event(self, outcome: Outcome) -> None:
        data = json.dumps(outcome.as_json(), ensure_ascii=True)
        self.wfile.write(f"event: build\nid: {outcome.generation}\ndata: {data}\n\n".encode("ascii"))
        self.wfile.flush()

    def _send_plain(self, status: HTTPStatus, text: str, send_body: bool = True,
                    extra: dict[str, str] | None = None) -> None:
        self._send(status, (text + "\n").encode("utf-8"), "text/plain; charset=utf-8", send_body, extra)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, send_body: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**COMMON_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _content_type(path: Path) -> str:
    known = {".apkg": "application/octet-stream", ".gift": "text/plain; charset=utf-8",
             ".tsv": "text/tab-separated-values; charset=utf-8", ".woff2": "font/woff2"}
    if path.suffix in known:
        return known[path.suffix]
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed in ("application/json", "application/xml", "text/javascript")
    return f"{guessed}; charset=utf-8" if textual else guessed
