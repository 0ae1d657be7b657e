"""Benchmark: time the default build and each output kind (not a test; prints a table).

    python bench/bench.py [--runs N]

Each figure is the median of N runs in one process (imports excluded),
plus the wall time of the whole `nmi-learn build` command as a user runs
it (interpreter start-up and imports included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nmi_learn.build import TARGETS, BuildOptions, build
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.outputs import OutputLayout


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = shipped_curriculum_dir()
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        layout = OutputLayout.under(Path(scratch))
        rows.append(("load and validate", median_seconds(lambda: open_curriculum(root), args.runs), ""))
        curriculum = open_curriculum(root)
        for target in TARGETS:
            options = BuildOptions(targets=(target,))
            report = build(curriculum, layout, options)
            seconds = median_seconds(lambda: build(curriculum, layout, options), args.runs)
            rows.append((f"build {target}", seconds, f"{len(report.written)} files"))
        everything = BuildOptions()
        total = median_seconds(lambda: build(open_curriculum(root), layout, everything), args.runs)
        rows.append(("whole default build (in process)", total, f"{len(build(curriculum, layout, everything).written)} files"))
        command = [sys.executable, "-m", "nmi_learn", "build", "--out", str(Path(scratch) / "cli")]
        wall = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), args.runs)
        rows.append(("`nmi-learn build` command (wall)", wall, "includes start-up"))
    width = max(len(name) for name, *_ in rows)
    print(f"{'step':<{width}}  {'seconds':>8}  note")
    print(f"{'-' * width}  {'-' * 8}  ----")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:>8.3f}  {note}")


if __name__ == "__main__":
    main()
