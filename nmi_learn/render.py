"""Rendering: one jinja2 environment for HTML, one Typst compiler for PDF.

Curriculum text never becomes template or Typst source: HTML is
autoescaped, and Typst receives all data as JSON through `sys.inputs`,
which a template reads with `json(bytes(...))`.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2
from markupsafe import Markup

from .cache import inputs_digest
from .errors import OutputError
from .outputs import Artifact

if TYPE_CHECKING:
    from .cache import OutputCache
from .validate_output import is_web_address

TEMPLATES = Path(str(resources.files("nmi_learn") / "templates"))


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The jinja2 environment every HTML output uses: autoescaped, strict."""
    from .webfonts import font_faces

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    environment.globals["font_faces"] = font_faces
    return environment


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string for a <style> block (print headers and footers): every character
    that could end the string, the rule or the element is escaped as a CSS code point."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,;:·–—’“”()!?&+/-" and ch != "\\" else f"\\{ord(ch):x} "
                      for ch in str(text))
    return Markup(f'"{escaped}"')


def web_link(url: str | None) -> str:
    """`url` if it is an http or https address, else "": nothing else may become a link (`javascript:`...)."""
    return url if url and is_web_address(url) else ""


def render_html(template: str, **context: Any) -> bytes:
    return html_environment().get_template(template).render(**context).encode("utf-8")


def to_json(data: Any) -> str:
    """Stable JSON for Typst: sorted keys, no whitespace variation."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class RenderedPdf(NamedTuple):
    content: bytes
    inputs: str  # digest of the template sources, Typst's version, the date and the data


def pdf_artifact(kind: str, name: str, rendered: RenderedPdf | None, description: str) -> list[Artifact]:
    """The output file of a rendered document: none when a draft renderer left it out."""
    return [] if rendered is None else [Artifact(kind, name, rendered.content, description, rendered.inputs)]


class TypstRenderer:
    """Typst compilers with only the fonts embedded in Typst itself, one per thread.

    Output is reproducible: no system fonts, a fixed document timestamp,
    and data passed as JSON. Any Typst warning fails the build. Documents
    are independent, so `pdfs` compiles them on all cores; a document whose
    inputs are unchanged since the last build is taken from `cache` instead.
    A `draft` renderer compiles nothing: it gives cached documents and None
    for the rest (the preview's quick first pass).
    """

    def __init__(self, timestamp: int, templates: Path = TEMPLATES, workers: int | None = None,
                 cache: "OutputCache | None" = None, draft: bool = False):
        import typst

        self._typst = typst
        self._templates = templates
        self._timestamp = timestamp
        self._workers = workers or min(4, os.cpu_count() or 1)
        self._local = threading.local()
        self._sources: dict[str, bytes] = {}
        self._cache = cache
        self._fingerprint: str | None = None
        self._draft = draft

    def _compiler(self):
        compiler = getattr(self._local, "compiler", None)
        if compiler is None:  # a compiler may not be shared between threads
            compiler = self._typst.Compiler(root=str(self._templates), ignore_system_fonts=True)
            self._local.compiler = compiler
        return compiler

    def _source(self, template: str) -> bytes:
        if template not in self._sources:
            self._sources[template] = (self._templates / template).read_bytes()
        return self._sources[template]

    def fingerprint(self) -> str:
        """What every document shares: all Typst sources (a template imports others), Typst's version, the date."""
        if self._fingerprint is None:
            sources = [(path.name, path.read_bytes()) for path in sorted(self._templates.glob("*.typ"))]
            version = getattr(self._typst, "__version__", "")
            self._fingerprint = inputs_digest(version, str(self._timestamp), *(part for pair in sources for part in pair))
        return self._fingerprint

    def inputs_of(self, template: str, data: Any) -> str:
        return inputs_digest(self.fingerprint(), template, to_json(data))

    def pdf(self, template: str, data: Any) -> RenderedPdf | None:
        """The document (None from a draft renderer when it is not in the cache)."""
        inputs = self.inputs_of(template, data)
        cached = self._cache.get(inputs) if self._cache is not None else None
        if cached is not None:
            return RenderedPdf(cached, inputs)
        if self._draft:
            return None
        source = self._source(template)
        try:
            pdf, warnings = self._compiler().compile_with_warnings(
                input=source, format="pdf", sys_inputs={"data": to_json(data)}, timestamp=self._timestamp)
        except self._typst.TypstError as exc:
            raise OutputError(f"{template}: Typst failed: {exc.message}") from None
        if warnings:
            messages = "; ".join(sorted({w.message for w in warnings}))
            raise OutputError(f"{template}: Typst warned: {messages}")
        return RenderedPdf(pdf, inputs)

    def pdfs(self, jobs: list[tuple[str, Any]]) -> list[RenderedPdf | None]:
        """Compile many documents, in parallel; results in the order of `jobs`."""
        for template, _ in jobs:
            self._source(template)  # read templates once, before the threads start
        self.fingerprint()
        if self._workers == 1 or len(jobs) < 2:
            return [self.pdf(template, data) for template, data in jobs]
        with ThreadPoolExecutor(self._workers) as pool:
            return list(pool.map(lambda job: self.pdf(*job), jobs))
