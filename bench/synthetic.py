"""Write a synthetic curriculum of N facts, with seed texts and verbatim quotes.

Used by bench.py to measure how the engine scales on a course shaped like the
shipped one: modules of a hundred facts with a cited narrative, facts that
state distinct ideas (a few restate another, as real facts do), answers of
several kinds drawn from a large coined vocabulary, curated distractors, false
statements for about two facts in five, accepted forms, notes, one source or
two (a single source is named in every form, as the rules ask), people and
glossary terms that grow with the course. About one fact in six has a date
(as in the NMI curriculum), over 170 years in clusters with gaps, in the mix
of forms real curricula use (days, months, years, spans, a few that lasted,
some approximate or worked out), in four lanes, with eras.
"""

from __future__ import annotations

import random
from pathlib import Path

FACTS_PER_MODULE = 100
FACTS_PER_SEED = 50
FACTS_PER_PERSON = 25
FACTS_PER_TERM = 30
TYPES = ["place", "person", "number", "organisation", "concept", "date"]
SYLLABLES = ["ka", "ren", "mo", "tal", "vi", "sor", "den", "lu", "pra", "nel", "ost", "fi", "ga", "bru", "hel",
             "mir", "tos", "quen", "dar", "ilo", "vek", "sta", "wen", "cor"]
PLACE_WORDS = ["Bay", "Ridge", "Point", "Crossing", "Vale", "Reach", "Ford", "Haven"]
ORG_WORDS = ["Board", "Guild", "Trust", "Society", "Office", "Council", "Company", "League"]
CONCEPTS = ["tidal survey", "lamp rotation", "fog signal", "beacon repair", "chart update", "buoy check",
            "night watch", "pilot levy", "storm ledger", "harbour toll", "dredging plan", "salvage right"]
ITEMS = ["barrels", "sailors", "lanterns", "crates", "nets", "boats", "bells", "ropes"]
SEASONS = ["spring", "summer", "autumn", "winter"]
PUBLISHERS = ["Harbour Press", "Coast Gazette", "Tide Weekly", "Lantern News", "Pier Herald", "Bay Courier"]
DATED_EVERY = 6
LANES = ["keepers", "board", "pilots", "weather"]
ERA_YEARS = 25
TWO_SOURCES = 0.3  # share of facts that two articles report
RESTATED = 0.08  # share of facts that restate the fact before them in other words


def coined(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


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
        month = min(month, 11)
        return f"{year}-{month:02d}/{year}-{min(12, month + rng.randint(1, 4)):02d}", False
    if form < 0.93:
        return f"{year}/{year + rng.randint(2, 9)}", True
    return rng.choice([f"{year}-{month:02d}~", f"early {year}", f"late {year}", f"{year}?"]), False


def answer_for(kind: str, rng: random.Random) -> str:
    if kind == "place":
        return f"{coined(rng)} {rng.choice(PLACE_WORDS)}"
    if kind == "person":
        return f"{coined(rng, 2)} {coined(rng)}"
    if kind == "number":
        return f"{rng.randint(2, 99_999):,}"
    if kind == "organisation":
        return f"{coined(rng)} {rng.choice(ORG_WORDS)}"
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


def sentence_for(kind: str, subject: str, answer: str, rng: random.Random) -> tuple[str, str]:
    """A statement in which `answer` is what is asked, and its question; `subject` and `other` (coined names)
    make it the fact's own idea, and one of several wordings per kind keeps facts of a kind apart."""
    item, season, count, other = rng.choice(ITEMS), rng.choice(SEASONS), rng.randint(3, 40), coined(rng)
    wording = rng.randrange(2)
    if kind == "place":
        return [(f"The {subject} expedition from {other} landed at {answer} after {count} days at sea",
                 f"where did the {subject} expedition from {other} land after {count} days at sea?"),
                (f"Pilots from {other} moved the {subject} moorings to {answer} in the {season}",
                 f"to which place did pilots from {other} move the {subject} moorings in the {season}?")][wording]
    if kind == "person":
        return [(f"{answer} commanded the {subject} lighthouse through the {season} storms off {other}",
                 f"who commanded the {subject} lighthouse through the {season} storms off {other}?"),
                (f"{answer} signed the {subject} charter that opened {other} wharf to {item}",
                 f"who signed the {subject} charter that opened {other} wharf to {item}?")][wording]
    if kind == "number":
        return [(f"The {subject} survey counted {answer} {item} along the {other} shore",
                 f"how many {item} did the {subject} survey count along the {other} shore?"),
                (f"Merchants of {other} shipped {answer} {item} through {subject} customs house",
                 f"how many {item} did merchants of {other} ship through {subject} customs house?")][wording]
    if kind == "organisation":
        return [(f"The {answer} paid for the new {subject} breakwater beside {other}",
                 f"which body paid for the new {subject} breakwater beside {other}?"),
                (f"The {answer} ran the {subject} ferry to {other} for {count} years",
                 f"which body ran the {subject} ferry to {other} for {count} years?")][wording]
    if kind == "date":
        return [(f"The {subject} beacon at {other} was first lit in {answer}, after a {season} of repairs",
                 f"in which year was the {subject} beacon at {other} first lit?"),
                (f"The {subject} dock at {other} flooded in {answer}, ruining {count} {item}",
                 f"in which year did the {subject} dock at {other} flood, ruining {count} {item}?")][wording]
    return [(f"Keepers at {subject} brought in the {answer} to protect {item} bound for {other}",
             f"what did keepers at {subject} bring in to protect {item} bound for {other}?"),
            (f"The {subject} harbourmaster at {other} made the {answer} a duty each {season}",
             f"what did the {subject} harbourmaster at {other} make a duty each {season}?")][wording]


def write_curriculum(root: Path, facts: int, seed: int = 7) -> Path:
    """Create `root/curriculum` and `root/seeds`; return the curriculum directory."""
    rng = random.Random(seed)
    dates = random.Random(seed + 1)  # a stream of its own, so the answers do not depend on the dates
    curriculum, seeds = root / "curriculum", root / "seeds"
    (curriculum / "facts").mkdir(parents=True)
    seeds.mkdir()
    modules = max(1, -(-facts // FACTS_PER_MODULE))
    seed_count = max(2, -(-facts // FACTS_PER_SEED))
    people, terms = max(12, facts // FACTS_PER_PERSON), max(10, facts // FACTS_PER_TERM)
    publishers = [PUBLISHERS[i % len(PUBLISHERS)] for i in range(seed_count)]
    (curriculum / "course.yaml").write_text(
        "id: synthetic\ntitle: Synthetic Harbour\ndescription: A generated curriculum for benchmarks.\n", "utf-8")
    sentences: dict[int, list[str]] = {s: [] for s in range(seed_count)}
    fact_entries: dict[int, list[str]] = {m: [] for m in range(modules)}
    narrative_quotes: dict[int, list[tuple[list[int], str]]] = {m: [] for m in range(modules)}
    previous: tuple[str, str, str] | None = None  # kind, subject, answer of the fact before
    for number in range(facts):
        module = number // FACTS_PER_MODULE
        restates = previous is not None and number % FACTS_PER_MODULE and rng.random() < RESTATED
        if restates:
            kind, subject, answer = previous
        else:
            kind, subject = TYPES[number % len(TYPES)], coined(rng)
            answer = answer_for(kind, rng)
        previous = (kind, subject, answer)
        sentence, question = sentence_for(kind, subject, answer, rng)
        if restates:
            sentence += ", as the keepers' log for that year also records"
        dated = date_for(number, dates) if number % DATED_EVERY == 0 else None
        derived = dated is not None and dates.random() < 0.4
        if dated is not None and not derived:  # the article gives the year
            sentence += f" in {dated[0].split('-')[0].split('/')[0].split()[-1].rstrip('~?')}"
        first = number // FACTS_PER_SEED
        sources = [first] + ([(first + 1) % seed_count] if rng.random() < TWO_SOURCES else [])
        for source in sources:
            sentences[source].append(f"{sentence}.")
        attribution = publishers[first] if len(sources) == 1 else None
        said = f"According to {attribution}, " if attribution else ""

        def lead(text: str) -> str:
            opening = text.split()[0]
            return said + ("the" + text[3:] if said and opening == "The" else
                           "keepers" + text[7:] if said and opening == "Keepers" else text)

        distractors = distractors_for(kind, answer, rng)
        statement = lead(sentence) + "."
        lines = [f"  - id: fact-{number}", f"    topic: Records {number // 10 * 10}s",
                 f"    statement: \"{statement}\"",
                 f"    prompt: \"{said + question if said else question[0].upper() + question[1:]}\"",
                 f"    answer: \"{answer}\"", f"    answer_type: {kind}",
                 "    distractors: [" + ", ".join(f'"{d}"' for d in distractors) + "]",
                 f"    cloze: \"{lead(sentence.replace(answer, '{{c1::' + answer + '}}', 1))}.\""]
        if rng.random() < 0.4:
            lines.append(f"    false_statement: \"{lead(sentence.replace(answer, distractors[0], 1))}.\"")
        if kind == "person" and rng.random() < 0.5:
            lines.append(f"    accept: [\"{answer.split()[-1]}\"]")
        elif kind == "number" and "," in answer:
            lines.append(f"    accept: [\"{answer.replace(',', '')}\"]")
        if attribution:
            lines.append(f"    attribution: {attribution}")
        if dated is not None:
            date, lasting = dated
            lines += [f"    date: {date}", f"    label: \"{subject} record {number}: {dates.choice(CONCEPTS)}\"",
                      f"    actor: {LANES[dates.randrange(len(LANES))]}"]
            if lasting:
                lines.append("    lasting: true")
            if derived:
                lines.append("    derived_from: The year is worked out from the ledger's page.")
        if rng.random() < 0.25:
            lines.append("    note: The ledger's hand is faded here, and later copies differ.")
        lines.append(f"    people: [person-{number % people}]")
        if rng.random() < 0.5:
            lines.append(f"    terms: [term-{number % terms}]")
        lines.append("    citations:")
        quote = sentence[sentence.index(answer) if kind != "person" else 0:]
        for source in sources:
            lines += [f"      - source: seed-{source}", f"        quote: \"{quote}\""]
        fact_entries[module].append("\n".join(lines) + "\n")
        if len(narrative_quotes[module]) < 2 and len(sources) == 2:
            narrative_quotes[module].append((sources, sentence))
    for p in range(people):
        sentences[p % seed_count].append(f"Keeper Number {p} served as keeper of log {p} for the Harbour Board.")
    for t in range(terms):
        sentences[t % seed_count].append(f"The word T{t} means term number {t}, a harbour duty.")
    for index, lines in sentences.items():
        (seeds / f"seed-{index}.txt").write_text(f"Harbour ledger {index}\n\n" + "\n".join(lines) + "\n", "utf-8")
    (curriculum / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - id: seed-{i}\n    file: ../seeds/seed-{i}.txt\n    title: Harbour ledger {i}\n"
        f"    publisher: {publishers[i]}\n    published: {{date: 2020-01, basis: Synthetic.}}\n"
        f"    not_taught:\n      - lines: 1\n        reason: headline\n" for i in range(seed_count)), "utf-8")
    (curriculum / "modules.yaml").write_text("modules:\n" + "".join(_module_entry(m, narrative_quotes[m])
                                                                    for m in range(modules)), "utf-8")
    for m, entries in fact_entries.items():
        (curriculum / "facts" / f"{m:03d}.yaml").write_text(f"module: module-{m}\nfacts:\n" + "".join(entries), "utf-8")
    (curriculum / "people.yaml").write_text("people:\n" + "".join(
        f"  - id: person-{p}\n    name: Keeper Number {p}\n    role: Keeper of log {p}\n    affiliation: Harbour Board\n"
        f"    citations: [{{source: seed-{p % seed_count}, quote: \"Keeper Number {p} served as keeper of log {p} "
        f"for the Harbour Board\"}}]\n" for p in range(people)), "utf-8")
    (curriculum / "glossary.yaml").write_text("terms:\n" + "".join(
        f"  - id: term-{t}\n    term: T{t}\n    expansion: Term number {t}\n    meaning: A harbour duty.\n"
        f"    citations: [{{source: seed-{t % seed_count}, quote: \"T{t} means term number {t}, a harbour duty\"}}]\n"
        for t in range(terms)), "utf-8")
    eras = "".join(f"  - id: era-{start}\n    label: Harbour era from {start}\n    start: {start}\n    end: {start + ERA_YEARS - 1}\n"
                   f"    citations: [{{source: seed-0, quote: \"Keeper Number 0 served as keeper of log 0\"}}]\n"
                   for start in range(1850, 2020, ERA_YEARS))
    (curriculum / "timeline.yaml").write_text(
        "actors:\n" + "".join(f"  - {{id: {lane}, label: {lane.title()}}}\n" for lane in LANES) + "eras:\n" + eras,
        "utf-8")
    return curriculum


def _module_entry(module: int, quotes: list[tuple[list[int], str]]) -> str:
    """A module with objectives and a narrative of passages that two articles support."""
    entry = (f"  - id: module-{module}\n    title: Harbour records part {module + 1}\n    order: {module + 1}\n"
             f"    objectives: [Recall the records of part {module + 1}., Date the main events of part {module + 1}.]\n")
    if not quotes:
        return entry
    passages = "".join(
        f"      - text: \"The ledgers agree on this: {sentence[0].lower() + sentence[1:]}.\"\n"
        f"        citations:\n"
        + "".join(f"          - {{source: seed-{source}, quote: \"{sentence}\"}}\n" for source in sources)
        for sources, sentence in quotes)
    return entry + "    narrative:\n" + passages
