"""`nmi-learn serve`, tested for real: the command started on a free port, a real browser, real edits, Ctrl-C.

The live tests wait for the page to change (Playwright's waits); no test asserts how fast it changes: the
edit-to-preview latency is a figure of `bench/preview_latency.py`.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import watchfiles

from browser import axe_violations
from conftest import replace_in
from nmi_learn.ledger import LEDGER_FILE
from nmi_learn.preview.server import is_local_host, output_file
from nmi_learn.preview.session import PreviewSession, PreviewSettings
from nmi_learn.preview.watch import CurriculumChanges

NMI_LEARN = str(Path(sys.executable).parent / "nmi-learn")
WAIT_MS = 60_000  # generous: a slow machine is not a failure


class Preview:
    """A running `nmi-learn serve` and what it said."""

    def __init__(self, process: subprocess.Popen, url: str, scratch: Path):
        self.process, self.url, self.scratch = process, url, scratch
        self.port = int(url.rsplit(":", 1)[1].strip("/"))

    def request(self, path: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes, dict]:
        """A raw request: the path is sent exactly as given (no client-side clean-up of `..`)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body, dict(response.getheaders())

    def stop(self) -> str:
        """Ctrl-C, and everything the command printed."""
        self.process.send_signal(signal.SIGINT)
        output, _ = self.process.communicate(timeout=60)
        return output


@pytest.fixture
def preview(tiny: Path, tmp_path: Path) -> Iterator[Preview]:
    scratch = tmp_path / "scratch"  # the preview's temporary folder goes here, to see it removed
    scratch.mkdir()
    process = subprocess.Popen([NMI_LEARN, "serve", "--port", "0"], cwd=tiny.parent, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    url = None
    for line in process.stdout:
        found = re.search(r" at (http://127\.0\.0\.1:\d+/)", line)
        if found:
            url = found.group(1)
            break
    assert url, f"nmi-learn serve did not start: {process.communicate(timeout=30)[0]}"
    running = Preview(process, url, scratch)
    yield running
    if process.poll() is None:
        process.kill()
        process.communicate()


def test_an_edit_appears_a_broken_file_shows_where_and_ctrl_c_stops(preview: Preview, tiny: Path, browser):
    ledger = tiny / LEDGER_FILE
    ledger_before = ledger.read_bytes() if ledger.exists() else None
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe is injected
    page.goto(preview.url + "#reports/cards.html")
    frame = page.frame_locator("#page")
    frame.locator("text=was first lit in 1873").first.wait_for(timeout=WAIT_MS)
    assert page.locator("#status").inner_text().startswith("Built at")
    assert axe_violations(page) == []

    facts = tiny / "facts" / "01-history.yaml"
    replace_in(facts, "statement: The Northpoint lighthouse was first lit in 1873.",
               "statement: The Northpoint lighthouse was first lit, by oil lamp, in 1873.")
    frame.locator("text=was first lit, by oil lamp, in 1873").first.wait_for(timeout=WAIT_MS)

    course = tiny / "course.yaml"
    good_course = course.read_text(encoding="utf-8")
    course.write_text(good_course + "colour: blue\n", encoding="utf-8")
    problem = page.locator("#problem-list li").first
    problem.wait_for(timeout=WAIT_MS)
    line = len(good_course.splitlines()) + 1
    assert problem.locator(".where").inner_text().endswith(f"course.yaml:{line}")
    assert "colour" in problem.inner_text()
    assert problem.locator(".excerpt").inner_text() == "colour: blue"
    assert page.locator("#page").is_hidden()  # the problems instead of the outputs
    assert "1 problem" in page.locator("#status").inner_text()
    assert axe_violations(page) == []
    status, body, _ = preview.request("/out/reports/cards.html")
    assert status == 200 and b"by oil lamp" in body  # the last good build stays

    course.write_text(good_course, encoding="utf-8")
    page.locator("#problems").wait_for(state="hidden", timeout=WAIT_MS)
    frame.locator("text=by oil lamp").first.wait_for(timeout=WAIT_MS)
    assert page.locator("#page").is_visible()
    page.close()

    output = preview.stop()
    assert preview.process.returncode == 0
    assert output.rstrip().endswith("Stopped the preview.")
    assert "Traceback" not in output
    assert f"course.yaml:{line}: " in output  # the terminal names the problem too
    assert list(preview.scratch.iterdir()) == []  # the preview's own folder is gone
    assert (ledger.read_bytes() if ledger.exists() else None) == ledger_before  # a preview records no revision
    assert not (tiny.parent / "build").exists() and not (tiny.parent / "decks").exists()


def test_the_phone_width_button_shows_the_page_at_390_px(preview: Preview, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(preview.url + "#handouts/module-01-history.html")
    page.frame_locator("#page").locator("h1").first.wait_for(timeout=WAIT_MS)
    page.click("#width")
    assert page.locator("#width").get_attribute("aria-pressed") == "true"
    assert page.locator("#page").bounding_box()["width"] == 390
    page.close()


def test_a_page_renamed_away_falls_back_to_all_outputs(preview: Preview, tiny: Path, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(preview.url + "#handouts/module-02-repairs.html")
    frame = page.frame_locator("#page")
    frame.locator("h1").first.wait_for(timeout=WAIT_MS)
    replace_in(tiny / "modules.yaml", "id: repairs", "id: upkeep")
    for path in (tiny / "facts").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("module: repairs", "module: upkeep"), encoding="utf-8")
    frame.locator("text=Everything in this build").wait_for(timeout=WAIT_MS)
    assert "module-02-repairs.html is not in the current build" in page.locator("#status").inner_text()
    assert page.evaluate("location.hash") == "#index.html"
    status, body, _ = preview.request("/out/handouts/module-02-repairs.html")
    assert status == 404 and b"Not in this build" in body
    page.close()


@pytest.mark.parametrize("path", [
    "/out/../../../../etc/passwd",
    "/out/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/out/..%2f..%2f..%2fetc%2fpasswd",
    "/out/%2Fetc%2Fpasswd",
    "/out//etc/passwd",
    "/out/.nmi-learn-manifest.json",
    "/out/index.html%00.png",
    "/out/..\\..\\curriculum\\course.yaml",
    "/curriculum/course.yaml",
    "/../curriculum/course.yaml",
    "/out/%ff%fe",
    "/_preview/../out/index.html",
])
def test_nothing_outside_the_outputs_is_served(preview: Preview, path: str):
    status, body, _ = preview.request(path)
    assert status == 404
    assert b"root:" not in body and b"northpoint-light" not in body


def test_only_local_requests_and_only_reads_are_answered(preview: Preview):
    assert preview.request("/out/index.html")[0] == 200
    assert preview.request("/out/index.html", host="localhost")[0] == 200
    status, _, _ = preview.request("/out/index.html", host="attacker.example")
    assert status == 403  # a page of another site cannot reach the preview through its own DNS name
    status, _, headers = preview.request("/out/index.html", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    status, body, headers = preview.request("/out/index.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, _, headers = preview.request("/")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_port_in_use_is_a_clean_error(tiny: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([NMI_LEARN, "serve", "--port", str(port)], cwd=tiny.parent, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_paths_stay_in_the_output_folder(tmp_path: Path):
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "cards.html").write_text("cards")
    (out / "index.html").write_text("index")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "reports" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    assert output_file(out, "/out/reports/cards.html") == (out / "reports" / "cards.html").resolve()
    assert output_file(out, "/out/") == (out / "index.html").resolve()
    assert output_file(out, "/out/reports/escape.txt") is None  # a link out of the folder is not followed
    assert output_file(out, "/out/reports/../../secret.txt") is None
    assert output_file(out, "/out/reports") is None  # a folder is not a file
    assert output_file(out, "/elsewhere/index.html") is None
    assert is_local_host("127.0.0.1:8000") and is_local_host("localhost") and is_local_host("[::1]:8000")
    assert not is_local_host("127.0.0.1.attacker.example") and not is_local_host(None)


def test_the_watcher_ignores_the_ledger_outputs_and_editor_files(tiny: Path, tmp_path: Path):
    session = PreviewSession(PreviewSettings(tiny, tmp_path / "preview-out"))
    session.rebuild()
    wanted = CurriculumChanges(session)
    modified = watchfiles.Change.modified
    assert wanted(modified, str(tiny.resolve() / "facts" / "01-history.yaml"))
    assert wanted(modified, str((tiny.parent / "seeds").resolve() / "lighthouse-gazette.txt"))
    assert not wanted(modified, str(tiny.resolve() / LEDGER_FILE))
    assert not wanted(modified, str(tiny.resolve() / "facts" / ".01-history.yaml.swp"))
    assert not wanted(modified, str(tiny.resolve() / "facts" / "01-history.yaml~"))
    assert not wanted(modified, str((tmp_path / "preview-out" / "index.html").resolve()))
    assert not wanted(modified, str((tiny.parent / "seeds").resolve() / "unrelated.txt"))
