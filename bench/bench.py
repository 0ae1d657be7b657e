"""Benchmark what users run (not a test; prints tables).

    python bench/bench.py [--sizes 1000 10000 20000] [--runs 5]

Part 1 times whole commands on the shipped course, each in a process of its
own as a user starts it: `nmi-learn build` (a first build into an empty
folder, an unchanged rebuild, a rebuild after one fact's prompt is edited),
`nmi-learn --help` and `nmi-learn check`. Part 2 writes synthetic curricula
of the given sizes (synthetic.py: modules of a hundred facts, one in six
dated, narratives, people and terms) and times the whole default build of
each (every target, default options) in a process of its own: each stage,
peak memory, then the unchanged rebuild and the one-fact-edit rebuild; it
prints the ratios between sizes and the fitted growth exponent. Part 3 times
the deck step against genanki alone writing the same notes.

Commands are medians of --runs runs; the large sizes are built once.
Targets (figures to read, never timed tests): 10,000 facts under 10 s and
500 MB, 20,000 under 20 s, growth exponent at most 1.1; the shipped course's
build under 1.0 s, --help and check under 0.3 s; the deck step at most 1.5x
genanki alone at 10,000 facts.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_curriculum  # noqa: E402

ONCE_FROM = 5000  # curricula this large are built once per measurement
STAGES = ("import", "load and validate", "decks", "quizzes", "handouts", "exports", "reports", "write")


def print_table(title: str, headers: list[str], rows: list[list[object]]) -> None:
    print(title)
    cells = [headers] + [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if index == 0:
            print("  ".join("-" * w for w in widths))
    print(flush=True)


def command() -> list[str]:
    """`nmi-learn` as installed beside this Python (the console script), else `python -m nmi_learn`."""
    script = Path(sys.executable).parent / "nmi-learn"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nmi_learn"]


def wall(arguments: list[str], cwd: Path, runs: int = 1, prepare=None) -> float:
    """Median wall seconds of a command (after `prepare`, untimed, before each run)."""
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        subprocess.run(arguments, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def edit_one_prompt(curriculum: Path) -> None:
    """Reword the first prompt of the first facts file: an edit that reaches the deck, a quiz, its key
    and the exports."""
    facts = sorted((curriculum / "facts").glob("*.yaml"))[0]
    text = facts.read_text("utf-8")
    edited, count = re.subn(r'^(\s*prompt: .*?)\?("?)$', r"\1 (one answer)?\2", text, count=1, flags=re.M)
    assert count == 1, f"no prompt to edit in {facts}"
    facts.write_text(edited, "utf-8")


def shipped_commands(runs: int) -> None:
    from nmi_learn.curriculum import shipped_curriculum_dir

    nmi = command()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(shipped_curriculum_dir(), work / "curriculum")
        shutil.copytree(shipped_curriculum_dir().parent / "seeds", work / "seeds")
        out = work / "out"
        build = [*nmi, "build", "--curriculum", "curriculum", "--out", str(out)]
        rows.append(["nmi-learn build (first, empty folder)",
                     wall(build, work, runs, prepare=lambda: shutil.rmtree(out, ignore_errors=True)), "1.0"])
        rows.append(["nmi-learn build (unchanged rebuild)", wall(build, work, runs), "0.3"])
        edits = []
        for _ in range(runs):  # each run edits one more prompt word, so each rebuild has an edit to make
            edit_one_prompt(work / "curriculum")
            edits.append(wall(build, work))
        rows.append(["nmi-learn build (one fact edited)", statistics.median(edits), "0.5"])
        rows.append(["nmi-learn --help", wall([*nmi, "--help"], work, runs), "0.3"])
        rows.append(["nmi-learn check", wall([*nmi, "check", "--curriculum", "curriculum"], work, runs), "0.3"])
    print_table(f"Whole commands on the shipped course (wall seconds, median of {runs})",
                ["command", "seconds", "target"], rows)


def measured_build(curriculum: Path, out: Path) -> dict:
    """A whole default build in a process of its own: its own figures, and its wall time from outside."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(HERE / "measured_build.py"), str(curriculum), str(out)],
                            check=True, capture_output=True, text=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


def unchanged_command(curriculum: Path, out: Path) -> str:
    """`nmi-learn build` into the folder of an unchanged build: wall seconds, and whether it stopped at once."""
    started = time.perf_counter()
    result = subprocess.run([*command(), "build", "--curriculum", str(curriculum), "--out", str(out)],
                            check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return f"{seconds:.2f}" + ("" if result.stdout.startswith("Nothing to build") else " (built)")


def median_build(curriculum: Path, out: Path, runs: int, fresh: bool) -> dict:
    results = []
    for _ in range(runs):
        if fresh:
            shutil.rmtree(out, ignore_errors=True)
        results.append(measured_build(curriculum, out))
    return min(results, key=lambda figures: figures["wall"]) if runs == 1 else sorted(
        results, key=lambda figures: figures["wall"])[len(results) // 2]


def growth_exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size): 1 is linear."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def synthetic_builds(sizes: list[int], runs: int, rebuilds_up_to: int | None = None) -> dict[int, Path]:
    stage_rows, summary_rows, cold = [], [], {}
    kept: dict[int, Path] = {}
    scratch = Path(tempfile.mkdtemp(prefix="nmi-learn-bench-"))
    for size in sizes:
        root = write_curriculum(scratch / f"src-{size}", size)
        kept[size] = root
        out = scratch / f"out-{size}"
        repeat = 1 if size >= ONCE_FROM else runs
        first = median_build(root, out, repeat, fresh=True)
        rebuilds = rebuilds_up_to is None or size <= rebuilds_up_to
        unchanged = median_build(root, out, repeat, fresh=False) if rebuilds else {"wall": "not measured"}
        as_command = unchanged_command(root, out) if rebuilds else "not measured"
        edit_one_prompt(root)
        edited = median_build(root, out, 1, fresh=False) if rebuilds else {"wall": "not measured"}
        cold[size] = first["wall"]
        stage_rows.append([f"{size:,} facts"] + [first.get(stage, 0.0) for stage in STAGES] + [first["wall"]])
        summary_rows.append([f"{size:,} facts", first["files"], first["wall"], f"{first['peak MB']:.0f}",
                             f"{first['worker peak MB']:.0f}", as_command, unchanged["wall"], edited["wall"]])
    print_table("Whole default build of synthetic curricula, in a process of its own: stages (seconds; 'write' "
                "includes the overview and build index, made last from the build's own files)",
                ["curriculum", *STAGES, "wall"], stage_rows)
    print_table("The same builds: wall seconds, peak memory (build process; largest Typst worker), rebuilds",
                ["curriculum", "files", "first build", "peak MB", "worker MB", "unchanged rebuild (command)",
                 "unchanged, every step run", "one fact edited"], summary_rows)
    ordered = sorted(cold)
    if len(ordered) > 1:
        lines = [f"{b:,} / {a:,} facts: {cold[b] / cold[a]:.1f}x the time for {b / a:.0f}x the facts"
                 for a, b in zip(ordered, ordered[1:])]
        print("Growth of the first build: " + "; ".join(lines))
        print(f"fitted growth exponent (log time against log facts): {growth_exponent(ordered, [cold[s] for s in ordered]):.2f}"
              " (1.00 is linear; target at most 1.1)\n", flush=True)
    return kept


def deck_against_genanki(curricula: dict[int, Path], runs: int) -> None:
    """The deck step (notes made from the curriculum, revision ledger, genanki, package) against genanki
    alone making and writing the same notes (same note types, fields, tags, GUIDs and subdecks)."""
    import genanki

    from nmi_learn import flashcards
    from nmi_learn.curriculum import open_curriculum
    from nmi_learn.generators import anki
    from nmi_learn.ledger import Ledger

    rows = []
    for size, root in sorted(curricula.items()):
        curriculum = open_curriculum(root)
        ledger = Ledger.load(root)

        def ours() -> None:
            if hasattr(flashcards, "_notes_of"):
                flashcards._notes_of.cache_clear()  # the notes are made as in a build, not taken from a cache
            plan = anki.plan(curriculum)
            anki.generate(curriculum, plan, ledger.stamp(plan.digests, 1))

        planned = anki.plan(curriculum)
        stamped = ledger.stamp(planned.digests, 1)

        def packaging() -> None:  # the notes already made (the deck, card preview and overview share them)
            anki.generate(curriculum, planned, stamped)

        specs = flashcards.notes_for(curriculum)
        with tempfile.TemporaryDirectory() as scratch:
            def raw() -> None:
                models = {kind: genanki.Model(anki.NOTE_TYPE_IDS[kind], anki.NOTE_TYPE_NAMES[kind],
                                              fields=[{"name": f} for f in anki.FIELDS[kind]],
                                              templates=[dict(t) for t in anki.CARD_TEMPLATES[kind]],
                                              model_type=genanki.Model.CLOZE if kind == flashcards.CLOZE
                                              else genanki.Model.FRONT_BACK) for kind in anki.FIELDS}
                decks = {m.id: genanki.Deck(anki.stable_id(curriculum.course.id, m.id), anki.deck_name(curriculum, m.id))
                         for m in curriculum.modules}
                for spec in specs:
                    decks[spec.module_id].add_note(genanki.Note(
                        model=models[spec.note_type], tags=list(spec.tags),
                        fields=[spec.fields[f] for f in anki.FIELDS[spec.note_type]],
                        guid=genanki.guid_for("nmi-learn", curriculum.course.id, spec.key)))
                genanki.Package(list(decks.values())).write_to_file(Path(scratch) / "raw.apkg", timestamp=1)

            repeat = max(1, runs if size < ONCE_FROM else 3)
            mine, packed, alone = best_of(ours, repeat), best_of(packaging, repeat), best_of(raw, repeat)
        rows.append([f"{size:,} facts", len(specs), mine, f"{mine / alone:.2f}x", packed, f"{packed / alone:.2f}x",
                     alone])
    print_table("Deck step against genanki alone making and writing the same notes (seconds, best of runs; target "
                "at most 1.5x at 10,000 facts). 'Deck step': the notes made from the curriculum, the revision "
                "ledger stamped, genanki, the package; 'packaging': the same with the notes already made",
                ["curriculum", "notes", "deck step", "ratio", "packaging", "ratio", "genanki alone"], rows)


def best_of(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement of the small cases")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 20000])
    parser.add_argument("--rebuilds-up-to", type=int, default=None,
                        help="measure the rebuilds only for curricula of at most this many facts")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n", flush=True)
    shipped_commands(args.runs)
    if args.sizes:
        curricula = synthetic_builds(sorted(args.sizes), args.runs, args.rebuilds_up_to)
        deck_against_genanki({size: root for size, root in curricula.items() if size <= 10000}, args.runs)
        shutil.rmtree(next(iter(curricula.values())).parent.parent, ignore_errors=True)
    print(f"benchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
