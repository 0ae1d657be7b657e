"""The build's spool: large finished files wait on disk, never outlive the build, and write the same bytes."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from conftest import replace_in, run
from nmi_learn import build as build_module
from nmi_learn.errors import OutputError
from nmi_learn.outputs import Artifact
from nmi_learn.spool import PREFIX, SPOOL_FROM, Spool, Spooled


def spools(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{PREFIX}*"))


def test_large_files_wait_on_disk_and_small_ones_in_memory(tmp_path: Path):
    large, small = os.urandom(SPOOL_FROM), b"<p>small</p>"
    with Spool(tmp_path) as spool:
        kept_large = spool.keep(Artifact("quizzes", "a.pdf", large, "a paper", "inputs"))
        kept_small = spool.keep(Artifact("quizzes", "a.html", small))
        assert isinstance(kept_large.body, Spooled) and kept_large.body.path.parent.parent == tmp_path
        assert kept_large.content == large and kept_large.sha256 == hashlib.sha256(large).hexdigest()
        assert (kept_large.kind, kept_large.name, kept_large.description, kept_large.inputs) == (
            "quizzes", "a.pdf", "a paper", "inputs")
        assert kept_small.body is small
        assert len(spools(tmp_path)) == 1
    assert spools(tmp_path) == []


def test_a_build_leaves_no_spool_and_its_files_hold_what_was_made(tiny: Path, tmp_path: Path, monkeypatch):
    kept: list[Artifact] = []
    original = Spool.keep

    def keep(self, artifact):
        kept.append(original(self, artifact))
        return kept[-1]

    monkeypatch.setattr(Spool, "keep", keep)
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    spooled = [artifact for artifact in kept if isinstance(artifact.body, Spooled)]
    assert len(spooled) >= 10  # the deck, papers, guides, pages: the files a large course is heavy with
    for artifact in spooled:
        target = out / artifact.kind / artifact.name
        assert hashlib.sha256(target.read_bytes()).hexdigest() == artifact.sha256
    assert spools(out) == []


def test_a_failed_build_removes_its_spool_and_an_output_folder_it_made(tiny: Path, tmp_path: Path, monkeypatch):
    def broken(inputs):
        raise OutputError("exports: simulated failure")

    monkeypatch.setitem(build_module.GENERATORS, "exports", broken)
    out = tmp_path / "new" / "out"
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 1 and "simulated failure" in result.output
    assert not out.exists()


def test_the_spool_of_a_build_that_died_is_removed_and_a_running_builds_is_not(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    abandoned, running = out / f"{PREFIX}dead", out / f"{PREFIX}alive"
    for spool in (abandoned, running):
        spool.mkdir()
        (spool / "tmp1").write_bytes(b"%PDF- half a build")
    holder = os.open(running, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a running build holds its own
    try:
        replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
        assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
        assert spools(out) == [running]
    finally:
        os.close(holder)
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: Forty thousand pounds", "answer: 40,000 pounds")
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    assert spools(out) == []
