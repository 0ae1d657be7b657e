"""The digest of everything a whole build reads, so that a build with nothing new can say so at once.

Every file of the curriculum folder, every article it names, the build
options, the code and templates of nmi-learn and the installed
libraries that shape the bytes (Typst, genanki, jinja2, PyYAML, pydantic): if the digest is the
one the last build recorded, and every file it wrote still holds the bytes it
wrote, building again would write the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
import importlib.util
from pathlib import Path
from typing import Iterable

LIBRARIES = ("typst", "genanki", "jinja2", "yaml", "pydantic")
PACKAGE = Path(__file__).resolve().parent


def build_key(curriculum_root: Path, seed_files: Iterable[Path], options: object,
              replaced: tuple[Path, bytes] | None = None) -> str:
    """The digest of a whole build's inputs (see the module's docstring); `replaced` is a file of the
    curriculum with the bytes it is about to hold (the revision ledger the build writes)."""
    digest = hashlib.sha256()

    def add(label: str, content: bytes) -> None:
        digest.update(f"{label}\x00{len(content)}\x00".encode("utf-8", "surrogateescape"))
        digest.update(content)

    root = curriculum_root.resolve()
    files = {path: None for path in root.rglob("*") if path.is_file()}
    if replaced is not None:
        files[replaced[0].resolve()] = replaced[1]
    for path in sorted(files):
        content = files[path]
        add("curriculum/" + path.relative_to(root).as_posix(), content if content is not None else path.read_bytes())
    for index, path in enumerate(sorted({Path(p).resolve() for p in seed_files})):
        add(f"seed/{index}", path.read_bytes())
    add("options", repr(sorted(asdict(options).items())).encode("utf-8"))
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        add("code/" + path.relative_to(PACKAGE).as_posix(), path.read_bytes())
    for name in LIBRARIES:  # where each library is and its file's size and time: an upgrade changes them
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        stat = origin.stat() if origin is not None and origin.is_file() else None
        add(f"library/{name}", f"{origin}:{stat.st_size}:{stat.st_mtime_ns}".encode() if stat else b"")
    return digest.hexdigest()


def seed_files_named(curriculum_root: Path) -> list[Path] | None:
    """The article files `sources.yaml` names, read without the whole curriculum (None if it cannot be read:
    then the build runs in full and reports what is wrong)."""
    import yaml

    try:
        data = yaml.safe_load((curriculum_root / "sources.yaml").read_text(encoding="utf-8"))
        return [curriculum_root / str(source["file"]) for source in data["sources"]]
    except Exception:  # anything unreadable: no short cut, the full build says what is wrong
        return None


def up_to_date(curriculum_root: Path, layout, options: object) -> int | None:
    """The number of files of the last build into `layout` when building again would write the same bytes
    (its recorded inputs digest is this one's and every file it wrote is intact), else None."""
    from .manifest import Manifest

    recorded, _ = Manifest.load(layout.manifest_path)
    if not recorded.inputs:
        return None
    seeds = seed_files_named(curriculum_root)
    if seeds is None:
        return None
    try:
        key = build_key(curriculum_root, seeds, options)
    except OSError:
        return None
    return len(recorded.entries) if key == recorded.inputs and recorded.intact(layout.root) else None
