"""Run a preview: build once, serve, rebuild on every save, and stop cleanly on Ctrl-C.

The preview builds into a private temporary folder (removed when it stops),
so the author's own outputs and revision ledger are never touched.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..build import BuildOptions
from ..errors import NmiLearnError
from ..wording import counted
from .server import PreviewServer
from .session import Outcome, PreviewSession, PreviewSettings
from .watch import watch_and_rebuild

Say = Callable[[str], None]


@dataclass(frozen=True)
class PreviewRequest:
    """What `nmi-learn serve` was asked for."""

    curriculum_root: Path
    host: str = "127.0.0.1"
    port: int = 8000
    options: BuildOptions = BuildOptions(record_revisions=False)
    open_browser: bool = False


def serve_preview(request: PreviewRequest, say: Say, warn: Say) -> None:
    """Serve until Ctrl-C (or SIGTERM); `say` prints progress, `warn` prints to stderr."""
    out_root = Path(tempfile.mkdtemp(prefix="nmi-learn-preview-"))
    session = PreviewSession(PreviewSettings(request.curriculum_root, out_root, request.options))
    stop = threading.Event()
    server: PreviewServer | None = None
    serving: threading.Thread | None = None
    # Ctrl-C and SIGTERM both stop the preview cleanly, even when started with SIGINT ignored (as `cmd &` does).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)} \
        if _in_main_thread() else {}
    try:
        server = _open_server(request, session)
        if not server.local_only:
            warn(f"warning: the preview listens on {request.host}: other machines on the network can read it")
        say("Building the preview…")
        first = session.rebuild()
        serving = threading.Thread(target=server.serve_forever, name="nmi-learn-preview", daemon=True)
        serving.start()
        say(f"Preview of {session.course_title or request.curriculum_root} at {server.url}")
        say("It rebuilds on every save to the curriculum or its articles. Press Ctrl-C to stop.")
        _report(first, [], say)
        if request.open_browser:
            import webbrowser

            webbrowser.open(server.url)
        watch_and_rebuild(session, stop, lambda outcome, paths: _report(outcome, paths, say))
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        session.close()
        if serving is not None:
            server.shutdown()  # waits for serve_forever to return
        if server is not None:
            server.server_close()
        shutil.rmtree(out_root, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say("Stopped the preview.")


def _open_server(request: PreviewRequest, session: PreviewSession) -> PreviewServer:
    try:
        return PreviewServer((request.host, request.port), session, local_only=_is_loopback(request.host))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise NmiLearnError(f"port {request.port} on {request.host} is in use; choose another with --port "
                                "(--port 0 picks a free one)") from None
        raise NmiLearnError(f"cannot listen on {request.host}:{request.port}: {error.strerror or error}") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _report(outcome: Outcome, changed: list[str], say: Say) -> None:
    """One line per build on the terminal, with the problems of a failed one."""
    finished = outcome.as_json()["finished"]
    cause = ""
    present = [path for path in changed if os.path.exists(path)]  # not an editor's short-lived temporary file
    if present or changed:
        names = [os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
                 for path in present or changed]
        cause = f"{names[0]} changed: " if len(names) == 1 else f"{len(names)} files changed: "
    if outcome.ok:
        cautions = [f for f in outcome.findings if f.severity == "warning"]
        extra = f", {counted(len(cautions), 'warning')}" if cautions else ""
        pages = f"pages in {outcome.pages_seconds:.2f} s, " if outcome.pages_seconds is not None else ""
        say(f"{finished}  {cause}built: {pages}everything in {outcome.seconds:.2f} s{extra}")
        return
    errors = [f for f in outcome.findings if f.severity == "error"]
    say(f"{finished}  {cause}{counted(len(errors), 'problem')}; the preview shows them, "
        "and the last good build stays:")
    for finding in errors[:10]:
        say(f"  {finding.where + ': ' if finding.where else ''}{finding.message}")
    if len(errors) > 10:
        say(f"  … and {len(errors) - 10} more in the preview")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
