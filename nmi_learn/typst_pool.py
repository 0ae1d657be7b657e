"""Typst compiles on every core: worker processes, each with its own compiler.

A Typst compile holds Python's global interpreter lock for most of its
work, so threads barely run two at once; processes do. The workers are
plain child processes (`python -m nmi_learn.typst_pool`) that read jobs
from their standard input and write results to their standard output, one
pickled tuple each. Unlike a `multiprocessing` pool they never import the
caller's main script again (a script that calls `build()` is not run once
more in each worker), and a worker ends by itself when its parent does,
however that happened, as its input then closes.

Workers start the first time a build has many documents and serve every
later build of the process. Each compile is independent and reproducible,
so where a document is compiled never changes its bytes.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MOST_WORKERS = 4


@dataclass(frozen=True)
class Job:
    """One document: its template's source, the data as JSON, where its imports are found, its date."""

    root: str  # the templates folder: `import "common.typ"` is read from here
    source: bytes
    data: str
    timestamp: int
    fresh: bool = False  # a large document: compiled by a process that has compiled nothing before it


@dataclass(frozen=True)
class Compiled:
    """A compile's result: the PDF, or Typst's error, and its warnings."""

    pdf: bytes | None
    error: str | None
    warnings: tuple[str, ...]


def worker_count() -> int:
    """How many processes compile at once: one per core, at most MOST_WORKERS."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(MOST_WORKERS, cores))


def submit(jobs: list[Job]) -> list[Future]:
    """Start compiling every job in the workers; the futures hold `Compiled` results, in order."""
    return [_pool().submit(job) for job in jobs]


class _Worker:
    """One child process and its pipes; restarted if it died."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._used = False  # the process has compiled a document

    def compile(self, job: Job) -> Compiled:
        if job.fresh and self._used:  # what Typst keeps from earlier documents would add to its memory
            self.close()
        if self._process is None or self._process.poll() is not None:
            self._process = _start_process()
        self._used = True
        try:
            _send(self._process.stdin, (job.root, job.source, job.data, job.timestamp))
            pdf, error, warnings = _receive(self._process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self._process.kill()
            self._process = None
            raise RuntimeError(f"a Typst worker process ended unexpectedly ({exc})") from None
        return Compiled(pdf, error, tuple(warnings))

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()  # the worker's input ends: it exits
            self._process.wait()
            self._process.stdout.close()
            self._process = None


class _Pool:
    """Worker processes fed from one queue by a thread each, so results come back as they finish."""

    def __init__(self, size: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Job, Future] | None] = queue.SimpleQueue()
        self._workers = [_Worker() for _ in range(size)]
        self._threads = [threading.Thread(target=self._serve, args=(worker,), daemon=True)
                         for worker in self._workers]
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        """Let each worker finish its document, then end it and wait for it."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        for worker in self._workers:
            worker.close()

    def submit(self, job: Job) -> Future:
        future: Future = Future()
        self._jobs.put((job, future))
        return future

    def _serve(self, worker: _Worker) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(worker.compile(job))
            except BaseException as exc:  # handed to whoever waits for this document
                future.set_exception(exc)


_pool_instance: _Pool | None = None
_pool_lock = threading.Lock()


def _pool() -> _Pool:
    """The process's workers, started on first use."""
    global _pool_instance
    with _pool_lock:
        if _pool_instance is None:
            _pool_instance = _Pool(worker_count())
        return _pool_instance


def shutdown() -> None:
    """End the workers, if any, and wait for them (the next compile starts new ones)."""
    global _pool_instance
    with _pool_lock:
        if _pool_instance is not None:
            _pool_instance.close()
            _pool_instance = None


def _start_process() -> subprocess.Popen:
    package_parent = str(Path(__file__).resolve().parent.parent)  # so the worker finds this very package
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.Popen([sys.executable, "-m", "nmi_learn.typst_pool"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": path},
                            start_new_session=True)  # a Ctrl-C reaches the build, which stops the workers


def _send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> tuple:
    size = stream.read(8)
    if len(size) < 8:
        raise EOFError("no answer")
    data = stream.read(int.from_bytes(size, "little"))
    if len(data) < int.from_bytes(size, "little"):
        raise EOFError("a partial answer")
    return pickle.loads(data)


def compile_in_this_process(root: str, source: bytes, data: str, timestamp: int,
                            compilers: dict[str, object]) -> tuple[bytes | None, str | None, list[str]]:
    """Compile one document with this process's compiler for the templates folder `root`."""
    import typst

    compiler = compilers.get(root)
    if compiler is None:
        compiler = compilers[root] = typst.Compiler(root=root, ignore_system_fonts=True)
    try:
        pdf, warnings = compiler.compile_with_warnings(input=source, format="pdf", sys_inputs={"data": data},
                                                       timestamp=timestamp)
    except typst.TypstError as exc:
        return None, exc.message, []
    return pdf, None, sorted({warning.message for warning in warnings})


def serve(jobs: BinaryIO, results: BinaryIO) -> None:
    """A worker's life: compile each job read from `jobs`, answer on `results`, until `jobs` closes."""
    compilers: dict[str, object] = {}
    while True:
        try:
            job = _receive(jobs)
        except EOFError:
            return
        _send(results, compile_in_this_process(*job, compilers))


if __name__ == "__main__":
    from nmi_learn.memory import return_large_blocks

    return_large_blocks()  # Typst's freed documents go back to the system between compiles
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides what an interrupt stops
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nothing printed can mix with the answers
    serve(sys.stdin.buffer, answers)
