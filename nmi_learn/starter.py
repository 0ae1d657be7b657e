"""`nmi-learn init`: a small, valid, buildable course to start from.

The starter files live in the package (`starter/`), commented to teach the
format. Each YAML file gets a first line naming its JSON Schema, and the
schemas are written beside the curriculum, so an editor checks every edit.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import NmiLearnError
from .outputs import write_atomic
from .schema import modeline, schema_files

STARTER = Path(str(resources.files("nmi_learn"))) / "starter"
SCHEMA_DIR = "schemas"  # inside the curriculum folder
SCHEMA_OF = {"course.yaml": "course", "sources.yaml": "sources", "modules.yaml": "modules", "people.yaml": "people",
             "glossary.yaml": "glossary", "timeline.yaml": "timeline"}


def starter_files() -> dict[Path, bytes]:
    """Relative path -> bytes of every file a new course starts with (YAML with schema lines, schemas)."""
    files: dict[Path, bytes] = {}
    for path in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = path.relative_to(STARTER)
        content = path.read_bytes()
        if path.suffix == ".yaml":
            kind = "facts" if relative.parent.name == "facts" else SCHEMA_OF[path.name]
            schema_dir = f"../{SCHEMA_DIR}" if relative.parent.name == "facts" else SCHEMA_DIR
            content = (modeline(kind, schema_dir) + "\n").encode("utf-8") + content
        files[relative] = content
    for name, content in schema_files().items():
        files[Path("curriculum") / SCHEMA_DIR / name] = content
    return files


def init_course(target: Path) -> list[Path]:
    """Write the starter course into `target` (created if need be); refuse to overwrite a course."""
    if (target / "curriculum").exists() or (target / "seeds").exists():
        raise NmiLearnError(f"{target}: already holds a curriculum/ or seeds/ folder; choose an empty folder "
                            "(nothing was written)")
    if target.exists() and not target.is_dir():
        raise NmiLearnError(f"{target}: is a file, not a folder (nothing was written)")
    written = []
    for relative, content in starter_files().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, content)
        written.append(path)
    return written
