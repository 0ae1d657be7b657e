"""Saved files become rebuilds: the curriculum and its seed files, watched with watchfiles.

watchfiles (the Rust `notify` watcher behind uvicorn's reloader) groups the
burst of events one save makes (editors write, rename and touch) into one
batch, so one save means one rebuild.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

from .session import Outcome, PreviewSession, is_ledger

QUIET_MS = 50  # a batch of changes ends after this long without another
LONGEST_BATCH_MS = 1600


class CurriculumChanges(watchfiles.DefaultFilter):
    """Changes that call for a rebuild: any file in the curriculum folder (but the revision ledger and the
    preview's own outputs) and the seed files; editors' swap and backup files are ignored."""

    def __init__(self, session: PreviewSession):
        super().__init__()
        self.session = session
        self.root = session.settings.curriculum_root.resolve()
        self.out = session.settings.out_root.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        changed = Path(path)
        if changed == self.out or self.out in changed.parents or is_ledger(changed, self.root):
            return False
        return self.root in changed.parents or changed in self.session.seed_files()


def watch_and_rebuild(session: PreviewSession, stop: threading.Event,
                      on_rebuild: Callable[[Outcome, list[str]], None]) -> None:
    """Rebuild after every save until `stop` is set; Ctrl-C raises KeyboardInterrupt out of here."""
    while not stop.is_set():
        folders = session.watched_folders()
        for changes in watchfiles.watch(*folders, watch_filter=CurriculumChanges(session), stop_event=stop,
                                        debounce=LONGEST_BATCH_MS, step=QUIET_MS):
            outcome = session.rebuild()
            on_rebuild(outcome, sorted({path for _, path in changes}))
            if session.watched_folders() != folders:
                break  # the seed files moved: watch the new folders
        else:
            return
