"""Edit-to-preview latency of `nmi-learn serve` for the shipped course, measured in a real browser.

The time runs from saving a fact file to the moment the browser's card
preview shows the edited sentence: the watcher's wait for the save to
settle, the rebuild, the event to the page and the page's reload. Needs
the test tools (`make bench` installs them): Playwright and Debian's chromium.

    .venv/bin/python bench/preview_latency.py [--edits N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NMI_LEARN = Path(sys.executable).parent / "nmi-learn"
# (page shown, file edited, the sentence end a marker is put after): a card's back, and a study guide's text.
EDITS = (("reports/cards.html", "facts/03-people.yaml", r"the lasting defeat of IS\."),
         ("handouts/module-03-people.html", "modules.yaml", r"who said IS was\s+rebuilding\."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10, help="edits to time for each page (default 10)")
    edits = parser.parse_args().edits
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(REPO / "curriculum", root / "curriculum")
        shutil.copytree(REPO / "seeds", root / "seeds")
        server = subprocess.Popen([str(NMI_LEARN), "serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            url = _url(server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                for shown, edited, anchor in EDITS:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.goto(f"{url}#{shown}")
                    page.frame_locator("#page").locator("text=McGurk").first.wait_for(timeout=60_000)
                    page.evaluate(LOAD_LOG)
                    timings = [_time_one_edit(root / "curriculum" / edited, anchor, page, n)
                               for n in range(1, edits + 1)]
                    print(f"{shown}: edit-to-preview median {statistics.median(timings):.2f} s, "
                          f"fastest {min(timings):.2f} s, slowest {max(timings):.2f} s ({edits} edits)")
                    page.close()
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            log = server.communicate(timeout=30)[0]
    builds = [float(m) for m in re.findall(r"pages in ([0-9.]+) s", log)]
    print(f"server: pages ready {statistics.median(builds):.2f} s (median of {len(builds)}) after a save is seen")


LOAD_LOG = """() => { window.loads = [];
  document.getElementById('page').addEventListener('load', () => window.loads.push(Date.now())); }"""


def _url(server: subprocess.Popen) -> str:
    for line in server.stdout:
        found = re.search(r" at (http://\S+)", line)
        if found:
            return found.group(1)
    raise SystemExit("nmi-learn serve stopped before it served")


def _time_one_edit(path: Path, anchor: str, page, number: int) -> float:
    """Seconds from the save to the end of loading the page that shows it (the page's own load event)."""
    marker = f"Probe{number}x{path.stem.replace('-', '')}"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(rf"({anchor})( Probe\w+\.)?", rf"\1 {marker}.", text, count=1)
    page.evaluate("() => { window.loads = []; }")
    saved = time.time()
    path.write_text(edited, encoding="utf-8")
    page.frame_locator("#page").locator(f"text={marker}").first.wait_for(timeout=60_000)
    loads = page.evaluate("() => window.loads")
    time.sleep(1.5)  # let the second pass (PDFs) finish before the next edit
    return loads[-1] / 1000 - saved


if __name__ == "__main__":
    main()
