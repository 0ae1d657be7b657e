"""Typst compiles on every core: worker processes, each with its own compilers.

A Typst compile holds Python's global interpreter lock for most of its
work, so threads barely run two at once; processes do. Workers are started
(by spawning, which is safe beside threads) the first time a build has many
documents, and serve every later build of the process. Each compile is
independent and reproducible, so where a document is compiled never changes
its bytes.

This module imports only what a worker needs, so a worker starts fast.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

MOST_WORKERS = 4
WATCH_SECONDS = 0.2  # how often a worker checks that its parent still runs


@dataclass(frozen=True)
class Job:
    """One document: its template's source, the data as JSON, where its imports are found, its date."""

    root: str  # the templates folder: `import "common.typ"` is read from here
    source: bytes
    data: str
    timestamp: int


@dataclass(frozen=True)
class Compiled:
    """A compile's result: the PDF, or Typst's error, and its warnings."""

    pdf: bytes | None
    error: str | None
    warnings: tuple[str, ...]


_compilers: dict[str, object] = {}  # in a worker (or a thread): one compiler per templates folder


def compile_job(job: Job) -> Compiled:
    """Compile one document with this process's compiler for the job's templates folder."""
    import typst

    compiler = _compilers.get(job.root)
    if compiler is None:
        compiler = _compilers[job.root] = typst.Compiler(root=job.root, ignore_system_fonts=True)
    try:
        pdf, warnings = compiler.compile_with_warnings(input=job.source, format="pdf", sys_inputs={"data": job.data},
                                                       timestamp=job.timestamp)
    except typst.TypstError as exc:
        return Compiled(None, exc.message, ())
    return Compiled(pdf, None, tuple(sorted({warning.message for warning in warnings})))


def _warm() -> None:
    import typst  # noqa: F401  (loading the library is most of a worker's start)


def _start_worker(parent: int) -> None:
    """A worker leaves signals to its parent, holds none of its output streams (a caller reading the
    parent's output to its end never waits for a worker), and ends when its parent has ended, however
    that happened."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    os.close(quiet)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def worker_count() -> int:
    """How many processes compile at once: one per core, at most MOST_WORKERS."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(MOST_WORKERS, cores))


def pool() -> ProcessPoolExecutor:
    """The process's worker pool, started on first use and shut down when the process exits."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(worker_count(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(os.getpid(),))
            for _ in range(worker_count()):
                _pool.submit(_warm)
            atexit.register(_pool.shutdown, wait=True, cancel_futures=True)
        return _pool


def submit(jobs: list[Job]) -> list[Future]:
    """Start compiling every job in the workers; the futures hold `Compiled` results, in order."""
    workers = pool()
    return [workers.submit(compile_job, job) for job in jobs]
