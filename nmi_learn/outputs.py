"""Where outputs go, and writing them so that a failure never leaves half a file.

Generators return `Artifact`s in memory; `write_all` checks every target,
writes every artifact to a temporary file beside its target, and only when
all of them are written renames them into place, holding a lock on the
output folder so that two builds never mix their files. A failure or an
interrupt (SIGINT, SIGTERM) before the renames leaves every previous output
untouched and no temporary behind; the renames themselves are not
interrupted.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from .errors import OutputError
from .manifest import MANIFEST_NAME, digest_of
from .spool import Spooled, move_or_copy

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not locked
    fcntl = None

KINDS = ("decks", "quizzes", "handouts", "exports", "reports")
INDEX = "index"  # the build's index page, at the top of the output folder
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")  # no '..', no '\\', no '/x'



@dataclass(frozen=True)
class Artifact:
    """One output file: its kind (the directory it goes to), its name there, its bytes (in memory, or in
    the build's spool until written)."""

    kind: str
    name: str
    body: bytes | Spooled
    description: str = ""
    inputs: str = ""  # digest of what it was made from (see cache.py); empty when it is cheap to make

    @property
    def content(self) -> bytes:
        return self.body.read() if isinstance(self.body, Spooled) else self.body

    @property
    def sha256(self) -> str:
        return self.body.sha256 if isinstance(self.body, Spooled) else digest_of(self.body)


Keep = Callable[[Artifact], Artifact]  # takes a finished file and gives it back to wait until written (spool.py)


@dataclass(frozen=True)
class OutputLayout:
    """The directory of each kind of output."""

    dirs: Mapping[str, Path]

    @classmethod
    def default(cls, cwd: Path) -> "OutputLayout":
        """Decks in `decks/`, everything else under `build/` (the index at its top)."""
        return cls({**{kind: cwd / ("decks" if kind == "decks" else f"build/{kind}") for kind in KINDS},
                    INDEX: cwd / "build"})

    @classmethod
    def under(cls, out: Path) -> "OutputLayout":
        """Everything under one directory: `out/decks/`, `out/quizzes/`, ..., and `out/index.html`."""
        return cls({**{kind: out / kind for kind in KINDS}, INDEX: out})

    @property
    def manifest_path(self) -> Path:
        """Where the record of written outputs lives: beside the outputs, not among the decks."""
        others = [d for kind, d in self.dirs.items() if kind != "decks"] or list(self.dirs.values())
        return Path(os.path.commonpath([os.path.abspath(d) for d in others])) / MANIFEST_NAME

    @property
    def root(self) -> Path:
        """The folder that holds every output directory: the one a build locks."""
        return Path(os.path.commonpath([os.path.abspath(d) for d in self.dirs.values()]))

    def path_for(self, artifact: Artifact) -> Path:
        """The target path, refusing any name that would leave its directory."""
        base = self.dirs[artifact.kind].resolve()
        target = (base / artifact.name).resolve()
        if not SAFE_NAME.fullmatch(artifact.name) or base not in target.parents:
            raise OutputError(f"refusing to write '{artifact.name}' outside {base}")
        return target


Waiting = Callable[[Path], None]  # told the locked folder when another build holds it


def write_all(artifacts: Iterable[Artifact], layout: OutputLayout, first: Sequence[tuple[Path, bytes]] = (),
              on_wait: Waiting | None = None, last: Sequence[tuple[Path, bytes]] = (),
              remove: Sequence[Path] = (), skip: Iterable[Path] = ()) -> list[Path]:
    """Write every artifact atomically, after the files in `first` and before those in `last`, then remove
    the files in `remove`; return the artifacts' paths, in order.

    `first` holds files outside the layout that must be in place before any
    output is (the revision ledger): should one of them fail, no output has
    been replaced. `last` holds the record of what was written; `remove`,
    outputs of an earlier build this one no longer makes; `skip`, targets that
    already hold exactly the artifact's bytes and are not written again.
    """
    planned = [(layout.path_for(artifact), artifact.body) for artifact in artifacts]
    paths = [target for target, _ in planned]
    unchanged = set(skip)  # files that already hold exactly these bytes: left alone
    planned = [(target, content) for target, content in planned if target not in unchanged]
    check_targets([target for target, _ in [*first, *planned, *last]])
    staged: list[tuple[Path, Path]] = []
    with interrupts_clean_up():
        try:
            with _locked(layout.root, on_wait):
                for target, content in [*first, *planned, *last]:
                    staged.append((_stage(target, content), target))
                _flush_to_disk([temporary for temporary, _ in staged])
                _replace_all(staged)
                _remove_outputs(remove, layout)
        except BaseException:  # an interrupt too: no temporary is left behind
            _remove(staged)
            raise
    return paths


def write_atomic(target: Path, content: bytes) -> None:
    """Write one file outside any build (a new course's files): whole or not at all."""
    check_targets([target])
    temporary = _stage(target, content)
    try:
        _flush_to_disk([temporary])
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{_shown(target)}: cannot write ({exc.strerror or exc})") from None


def check_targets(targets: Iterable[Path]) -> None:
    """Refuse, before anything is written, targets that a file cannot replace."""
    for target in targets:
        if target.is_dir():
            raise OutputError(f"{_shown(target)}: is a directory, so the output cannot be written there; "
                              "move it away (nothing was written)")


def writable_reason(target: Path) -> str | None:
    """None if a file can be written at `target` (tried with a temporary file), else why not."""
    try:
        check_targets([target])
        _stage(target, b"").unlink()
    except OutputError as exc:
        return exc.message
    return None


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename every temporary onto its target, signals held back until the last one is in place."""
    with _signals_deferred():
        for done, (temporary, target) in enumerate(staged):
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise OutputError(f"{_shown(target)}: cannot replace ({exc.strerror or exc}); "
                                  f"{done} of {len(staged)} files were replaced before it") from None


def _remove_outputs(paths: Sequence[Path], layout: OutputLayout) -> None:
    """Delete outputs an earlier build wrote and this one no longer makes, and folders they leave empty."""
    homes = {d.resolve() for d in layout.dirs.values()}
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"{_shown(path)}: an outdated output could not be removed ({exc.strerror or exc}); "
                              "the new outputs are in place") from None
        folder = path.parent.resolve()
        while folder not in homes and any(home in folder.parents for home in homes):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent


def _remove(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


@contextmanager
def _locked(root: Path, on_wait: Waiting | None) -> Iterator[None]:
    """Hold an exclusive lock on the output folder; wait (saying so) while another build holds it.

    The lock is `flock` on the folder itself: no lock file to clutter the
    outputs or go stale, and the system releases it when a build dies. It is
    taken before the first temporary is written, so a waiting build replaces
    nothing and adds nothing but its hidden spool (spool.py), gone when it ends.
    """
    descriptor = None
    if fcntl is not None:
        try:
            root.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:  # no folder to lock: writing the first file there fails and says why
            pass
    if descriptor is None:
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(root)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


class _Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while temporaries existed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def interrupts_clean_up() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM first let the cleanup code within run (a build's spool is removed),
    then take their own course, as they would have (a SIGTERM ends the process)."""
    try:
        with _signals_raise():
            yield
    except _Interrupted as interrupt:
        signal.raise_signal(interrupt.signum)  # our handler is gone: the signal's own action now
        raise OutputError("interrupted; no output was replaced") from None


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise `_Interrupted`, so that cleanup code runs."""
    def interrupt(signum, frame):
        raise _Interrupted(signum)

    with _handling(interrupt):
        yield


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM are held back; they are delivered again on leaving."""
    pending: list[int] = []
    with _handling(lambda signum, frame: pending.append(signum)):
        yield
    for signum in pending[:1]:
        signal.raise_signal(signum)


@contextmanager
def _handling(handler) -> Iterator[None]:
    """Install `handler` for SIGINT and SIGTERM (main thread only; ignored signals stay ignored)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    for signum, before in previous.items():
        if before is not signal.SIG_IGN:
            signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before if before is not None else signal.SIG_DFL)


def _stage(target: Path, content: bytes | Spooled) -> Path:
    """Write `content` to a temporary file in the target's directory (a spooled file is moved there)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{_shown(target.parent)}: cannot write here ({exc.strerror or exc})") from None
    temporary = Path(name)
    try:
        if isinstance(content, Spooled):
            os.close(handle)
            move_or_copy(content, temporary)
        else:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        os.chmod(temporary, 0o644)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{_shown(target)}: cannot write ({exc.strerror or exc})") from None
    except BaseException:  # an interrupt while writing: leave no temporary behind
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _flush_to_disk(temporaries: Sequence[Path]) -> None:
    """Make the staged files durable before any of them replaces a file, so that even a power cut
    never leaves an output half written: one `syncfs` for each file system they are on (Linux), which
    costs about what one `fsync` does, else an `fsync` for each file."""
    syncfs = _syncfs() if len(temporaries) > 1 else None
    try:
        on_device: dict[int, list[Path]] = {}
        for temporary in temporaries:
            on_device.setdefault(os.stat(temporary).st_dev if syncfs else 0, []).append(temporary)
        for files in on_device.values():
            if syncfs is None or not _synced(files[0], syncfs):
                for temporary in files:
                    _synced(temporary, os.fsync)
    except OSError as exc:
        raise OutputError(f"{_shown(temporaries[0].parent)}: cannot write to disk ({exc.strerror or exc})") from None


def _synced(path: Path, sync) -> bool:
    """Whether `sync` (fsync, or syncfs for the file's whole file system) succeeded on the open file."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return sync(descriptor) in (None, 0)  # os.fsync returns None, or raises
    finally:
        os.close(descriptor)


@lru_cache(maxsize=1)
def _syncfs():
    """The C library's `syncfs` (flush one file system), where there is one."""
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
