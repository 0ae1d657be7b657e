"""Write a synthetic curriculum of N facts, with seed texts and verbatim quotes.

Used by bench.py to measure how the engine scales. Every fact is valid:
its quote occurs in its seed, it has a cloze, distractors of its type;
people and glossary terms are mentioned. About one fact in six has a date
(as in the NMI curriculum), over 170 years in clusters with gaps, in the
mix of forms real curricula use (days, months, years, spans, a few that
lasted, some approximate or worked out), in four lanes, with eras.
"""

from __future__ import annotations

import random
from pathlib import Path

FACTS_PER_MODULE = 100
FACTS_PER_SEED = 50
TYPES = ["place", "person", "number", "organisation", "concept", "date"]
PLACES = ["Harbour Town", "North Ridge", "Stone Bay", "Elm Crossing", "Mill Vale", "Fox Point", "Ash Ford", "Oak Reach"]
NAMES = ["Ada Brook", "Ben Cole", "Cara Dunn", "Dev Eald", "Eli Fenn", "Fay Gold", "Gus Hale", "Ivy Jarl"]
ORGS = ["Harbour Board", "Pilot Guild", "Coast Trust", "Light Society", "Tide Office", "Bay Council"]
CONCEPTS = ["tidal survey", "lamp rotation", "fog signal", "beacon repair", "chart update", "buoy check"]
DATED_EVERY = 6
LANES = ["keepers", "board", "pilots", "weather"]
ERA_YEARS = 25


def date_for(number: int, rng: random.Random) -> tuple[str, bool]:
    """A date in one of the forms curricula use, and whether the event lasted; busy decades and quiet ones."""
    decade = rng.choice([d for d in range(1850, 2020, 10) if d % 30 != 0])  # every third decade is quiet
    year, month, day = decade + rng.randrange(10), rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.25:
        return f"{year}-{month:02d}-{day:02d}", False
    if form < 0.65:
        return f"{year}-{month:02d}", False
    if form < 0.78:
        return str(year), False
    if form < 0.88:
        return f"{year}-{month:02d}/{year}-{min(12, month + rng.randint(1, 4)):02d}", False
    if form < 0.93:
        return f"{year}/{year + rng.randint(2, 9)}", True
    return rng.choice([f"{year}-{month:02d}~", f"early {year}", f"late {year}", f"{year}?"]), False


def answer_for(kind: str, rng: random.Random) -> str:
    if kind == "place":
        return rng.choice(PLACES)
    if kind == "person":
        return rng.choice(NAMES)
    if kind == "number":
        return f"{rng.randint(2, 999):,}"
    if kind == "organisation":
        return rng.choice(ORGS)
    if kind == "date":
        return str(rng.randint(1850, 2020))
    return rng.choice(CONCEPTS)


def distractors_for(kind: str, answer: str, rng: random.Random) -> list[str]:
    found: list[str] = []
    while len(found) < 3:
        candidate = answer_for(kind, rng)
        if candidate != answer and candidate not in found:
            found.append(candidate)
    return found


def write_curriculum(root: Path, facts: int, seed: int = 7) -> Path:
    """Create `root/curriculum` and `root/seeds`; return the curriculum directory."""
    rng = random.Random(seed)
    dates = random.Random(seed + 1)  # a stream of its own, so the answers stay as they were
    curriculum, seeds = root / "curriculum", root / "seeds"
    (curriculum / "facts").mkdir(parents=True)
    seeds.mkdir()
    modules = max(1, facts // FACTS_PER_MODULE)
    seed_count = max(1, -(-facts // FACTS_PER_SEED))
    (curriculum / "course.yaml").write_text(
        "id: synthetic\ntitle: Synthetic Harbour\ndescription: A generated curriculum for benchmarks.\n", "utf-8")
    sentences: dict[int, list[str]] = {s: [] for s in range(seed_count)}
    fact_entries: dict[int, list[str]] = {m: [] for m in range(modules)}
    for number in range(facts):
        kind = TYPES[number % len(TYPES)]
        answer = answer_for(kind, rng)
        seed_index = number // FACTS_PER_SEED
        subject = f"record {number}"
        sentence = f"In {subject} of the harbour ledger, the entry reads {answer} for item {number}."
        sentences[seed_index].append(sentence)
        distractors = ", ".join(f'"{d}"' for d in distractors_for(kind, answer, rng))
        date_lines = ""
        if number % DATED_EVERY == 0:
            date, lasting = date_for(number, dates)
            label = f"Record {number}: {dates.choice(CONCEPTS)} at {dates.choice(PLACES)}"
            date_lines = (f"    date: {date}\n    label: \"{label}\"\n    actor: {LANES[dates.randrange(len(LANES))]}\n"
                          + ("    lasting: true\n" if lasting else "")
                          + ("    derived_from: The year is worked out from the ledger's page.\n"
                             if dates.random() < 0.4 else ""))
        fact_entries[number % modules].append(
            f"  - id: fact-{number}\n"
            f"    topic: Records {number // 10 * 10}s\n"
            f"    statement: \"In {subject} of the harbour ledger, the entry reads {answer} for item {number}.\"\n"
            f"    prompt: \"What does {subject} of the harbour ledger read for item {number}?\"\n"
            f"    answer: \"{answer}\"\n"
            f"    answer_type: {'date' if kind == 'date' else kind}\n"
            f"    distractors: [{distractors}]\n"
            f"    cloze: \"In {subject} of the harbour ledger, the entry reads {{{{c1::{answer}}}}} for item {number}.\"\n"
            f"{date_lines}"
            f"    people: [person-{number % 40}]\n"
            f"    terms: [term-{number % 30}]\n"
            f"    citations:\n"
            f"      - source: seed-{seed_index}\n"
            f"        quote: \"the entry reads {answer} for item {number}\"\n")
    for index, lines in sentences.items():
        extra = [f"Person {p} keeps the log, and term {p} names a harbour duty." for p in range(40)] if index == 0 else []
        (seeds / f"seed-{index}.txt").write_text(f"Harbour ledger {index}\n\n" + "\n".join(lines + extra) + "\n", "utf-8")
    (curriculum / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - id: seed-{i}\n    file: ../seeds/seed-{i}.txt\n    title: Harbour ledger {i}\n    publisher: Harbour Press\n"
        f"    published: {{date: 2020-01, basis: Synthetic.}}\n    not_taught:\n      - lines: 1\n        reason: headline\n"
        for i in range(seed_count)), "utf-8")
    (curriculum / "modules.yaml").write_text("modules:\n" + "".join(
        f"  - id: module-{m}\n    title: Harbour records part {m + 1}\n    order: {m + 1}\n"
        f"    objectives: [Recall the records of part {m + 1}.]\n" for m in range(modules)), "utf-8")
    for m, entries in fact_entries.items():
        (curriculum / "facts" / f"{m:03d}.yaml").write_text(f"module: module-{m}\nfacts:\n" + "".join(entries), "utf-8")
    (curriculum / "people.yaml").write_text("people:\n" + "".join(
        f"  - id: person-{p}\n    name: Keeper Number {p}\n    role: Keeper of log {p}\n    affiliation: Harbour Board\n"
        f"    citations: [{{source: seed-0, quote: \"Person {p} keeps the log\"}}]\n" for p in range(40)), "utf-8")
    (curriculum / "glossary.yaml").write_text("terms:\n" + "".join(
        f"  - id: term-{t}\n    term: T{t}\n    expansion: Term number {t}\n    meaning: A harbour duty.\n"
        f"    citations: [{{source: seed-0, quote: \"term {t} names a harbour duty\"}}]\n" for t in range(30)), "utf-8")
    eras = "".join(f"  - id: era-{start}\n    label: Harbour era from {start}\n    start: {start}\n    end: {start + ERA_YEARS - 1}\n"
                   f"    citations: [{{source: seed-0, quote: \"Person 0 keeps the log\"}}]\n"
                   for start in range(1850, 2020, ERA_YEARS))
    (curriculum / "timeline.yaml").write_text(
        "actors:\n" + "".join(f"  - {{id: {lane}, label: {lane.title()}}}\n" for lane in LANES) + "eras:\n" + eras,
        "utf-8")
    return curriculum
