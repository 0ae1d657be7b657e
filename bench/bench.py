"""Benchmark the build (not a test; prints tables).

    python bench/bench.py [--runs N] [--scale 1000 10000]

Part 1 times the default build of the shipped curriculum and each output
kind. Part 2 writes synthetic curricula of the given sizes (see
synthetic.py) and times checking them and building the deck, one
100-question exam in two variants, the exports and the handouts; it prints
the growth from the smallest to the largest size, and compares the deck
step with genanki alone writing the same notes. Part 3 times the timeline
alone at each size: its layout, its PDF and its HTML. Each figure is a
median of N runs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import genanki
import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_curriculum  # noqa: E402

from nmi_learn.build import TARGETS, BuildOptions, build  # noqa: E402
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir  # noqa: E402
from nmi_learn.flashcards import notes_for  # noqa: E402
from nmi_learn.generators import anki  # noqa: E402
from nmi_learn.ledger import Ledger  # noqa: E402
from nmi_learn.generators.timeline_view import timeline_data  # noqa: E402
from nmi_learn.outputs import OutputLayout  # noqa: E402
from nmi_learn.render import TypstRenderer, render_html  # noqa: E402
from nmi_learn.timeline import TypstMeasure  # noqa: E402

SCALE_TARGETS = ("decks", "quizzes", "exports", "handouts")


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [headers] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if index == 0:
            print("  ".join("-" * w for w in widths))
    print()


def default_build(runs: int) -> None:
    root = shipped_curriculum_dir()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        layout = OutputLayout.under(Path(scratch))
        rows.append(["load and validate", median_seconds(lambda: open_curriculum(root), runs), ""])
        curriculum = open_curriculum(root)
        for target in TARGETS:
            options = BuildOptions(targets=(target,))
            files = len(build(curriculum, layout, options).written)
            rows.append([f"build {target}", median_seconds(lambda: build(curriculum, layout, options), runs),
                         f"{files} files"])
        everything = BuildOptions()
        files = len(build(curriculum, layout, everything).written)
        rows.append(["whole default build (in process)",
                     median_seconds(lambda: build(open_curriculum(root), layout, everything), runs), f"{files} files"])
        command = [sys.executable, "-m", "nmi_learn", "build", "--out", str(Path(scratch) / "cli")]
        rows.append(["`nmi-learn build` command (wall)",
                     median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), runs),
                     "includes start-up"])
    print("Default build of the shipped curriculum")
    print_table(["step", "seconds", "note"], rows)


def raw_genanki_seconds(curriculum, runs: int) -> float:
    """genanki alone writing the same notes (same note types, fields, tags and decks) to a file."""
    specs = notes_for(curriculum)
    models = {kind: genanki.Model(anki.NOTE_TYPE_IDS[kind], anki.NOTE_TYPE_NAMES[kind],
                                  fields=[{"name": f} for f in anki.FIELDS[kind]],
                                  templates=[dict(t) for t in anki._TEMPLATES[kind]],
                                  model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK)
              for kind in anki.FIELDS}
    decks = {m.id: genanki.Deck(anki.stable_id(curriculum.course.id, m.id), anki.deck_name(curriculum, m.id))
             for m in curriculum.modules}
    for spec in specs:
        decks[spec.module_id].add_note(genanki.Note(model=models[spec.note_type], tags=list(spec.tags),
                                                    fields=[spec.fields[f] for f in anki.FIELDS[spec.note_type]],
                                                    guid=anki.note_guid(curriculum.course.id, spec.key)))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "raw.apkg"
        return median_seconds(lambda: genanki.Package(list(decks.values())).write_to_file(path, timestamp=0), runs)


def scaling(sizes: list[int], runs: int) -> None:
    rows, totals, deck_rows = [], {}, []
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            root = write_curriculum(Path(scratch) / "src", size)
            layout = OutputLayout.under(Path(scratch) / "out")
            check = median_seconds(lambda: open_curriculum(root), runs)
            curriculum = open_curriculum(root)
            row: list[object] = [f"{size:,} facts", check]
            total = check
            for target in SCALE_TARGETS:
                options = BuildOptions(targets=(target,), quizzes="exam", exam_questions=100, source_date_epoch=1)
                build(curriculum, layout, options)  # first build stamps the ledger
                seconds = median_seconds(lambda: build(curriculum, layout, options), runs)
                row.append(seconds)
                total += seconds
            together = BuildOptions(targets=SCALE_TARGETS, quizzes="exam", exam_questions=100, source_date_epoch=1)
            one_build = check + median_seconds(lambda: build(curriculum, layout, together), runs)
            command = [sys.executable, "-m", "nmi_learn", "build", *SCALE_TARGETS, "--quizzes", "exam",
                       "--exam-questions", "100", "--curriculum", str(root), "--out", str(Path(scratch) / "cli")]
            wall = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), runs)
            row += [total, one_build, wall]
            rows.append(row)
            totals[size] = one_build
            ours = median_seconds(lambda: anki.generate(curriculum, Ledger.load(root), now=1), runs)
            raw = raw_genanki_seconds(curriculum, runs)
            deck_rows.append([f"{size:,} facts", len(notes_for(curriculum)), ours, raw, f"{ours / raw:.2f}x"])
    print("Scaling: check, then deck, a 100-question exam in 2 variants (PDF, HTML, keys), exports and handouts\n"
          "(timeline, a study guide per module, overview), each kind built alone (sum), then all in one build\n"
          "(which builds the question bank once), then the command")
    print_table(["curriculum", "check", "deck", "exam", "exports", "handouts", "sum", "check + one build",
                 "command (wall)"], rows)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        growth = totals[large] / totals[small]
        print(f"growth from {small:,} to {large:,} facts: {growth:.1f}x the time for {large / small:.0f}x the facts"
              f" ({'no worse than' if growth <= large / small else 'worse than'} linear)\n")
    print("Deck step against genanki alone writing the same notes")
    print_table(["curriculum", "notes", "nmi-learn deck", "genanki alone", "ratio"], deck_rows)


def timeline_scaling(sizes: list[int], runs: int) -> None:
    """The timeline alone: layout (with the label measurement), its PDF and its HTML, at each size."""
    rows, totals = [], {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            curriculum = open_curriculum(write_curriculum(Path(scratch) / "src", size))
            base = {"course": curriculum.course.title, "subtitle": "", "date": {"year": 2020, "month": 1, "day": 1}}
            view_seconds = median_seconds(lambda: timeline_data(curriculum, "a4", TypstMeasure()), runs)
            view = {**base, **timeline_data(curriculum, "a4", TypstMeasure())}
            pdf_seconds = median_seconds(lambda: TypstRenderer(0).pdf("timeline.typ", view), runs)
            html_seconds = median_seconds(lambda: render_html("timeline.html.j2", v=view), runs)
            pages = len(pypdf.PdfReader(io.BytesIO(TypstRenderer(0).pdf("timeline.typ", view))).pages)
            total = view_seconds + pdf_seconds + html_seconds
            totals[size] = view_seconds
            rows.append([f"{size:,} facts", view["event_count"], len(view["panels"]), pages, view_seconds,
                         pdf_seconds, html_seconds, total])
    print("Timeline alone (A4): layout of the print and screen figures, PDF, HTML")
    print_table(["curriculum", "events", "figure parts", "PDF pages", "layout", "PDF", "HTML", "total"], rows)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        growth = totals[large] / totals[small]
        print(f"layout growth from {small:,} to {large:,} facts: {growth:.1f}x the time for {large / small:.0f}x"
              f" the facts\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    default_build(args.runs)
    if args.scale:
        scaling(sorted(args.scale), args.runs)
        timeline_scaling(sorted(args.scale), args.runs)


if __name__ == "__main__":
    main()
