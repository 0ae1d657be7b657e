"""Rendering: one jinja2 environment for HTML, one Typst compiler for PDF.

Curriculum text never becomes template or Typst source: HTML is
autoescaped, and Typst receives all data as JSON through `sys.inputs`,
which a template reads with `json(bytes(...))`.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from markupsafe import Markup

from .cache import inputs_digest
from .errors import OutputError
from .outputs import Artifact

if TYPE_CHECKING:
    import jinja2

    from .cache import OutputCache

TEMPLATES = Path(str(resources.files("nmi_learn") / "templates"))


_DICT_ATTRIBUTES = frozenset(dir(dict))


@lru_cache(maxsize=1)
def _view_environment_class() -> type:
    import jinja2

    class _ViewEnvironment(jinja2.Environment):
        """A jinja2 environment that reads `v.title` from a view dict by key first.

        jinja2 tries an attribute before a key, and a dict has no attribute of that
        name, so every lookup in a view raised and caught an AttributeError first.
        A name a dict does have as an attribute (`items`, `get`, ...) is looked up
        as jinja2 always does, so every lookup gives what it gave before."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return _ViewEnvironment


@lru_cache(maxsize=1)
def html_environment() -> "jinja2.Environment":
    """The jinja2 environment every HTML output uses: autoescaped, strict; each template compiled once
    per process (not checked for changes on every use), its compiled code kept between processes."""
    import jinja2

    from .webfonts import font_faces

    environment = _view_environment_class()(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    environment.filters["css_string"] = css_string
    environment.globals["font_faces"] = font_faces
    return environment


def _bytecode_cache() -> "jinja2.BytecodeCache | None":
    """jinja2's cache of compiled templates in the user's cache folder (checked against each template's
    source, so an edited template is compiled again), or none where that folder cannot be written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "nmi-learn" / "jinja2"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    import jinja2

    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string for a <style> block (print headers and footers): every character
    that could end the string, the rule or the element is escaped as a CSS code point."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,;:·–—’“”()!?&+/-" and ch != "\\" else f"\\{ord(ch):x} "
                      for ch in str(text))
    return Markup(f'"{escaped}"')


def web_link(url: str | None) -> str:
    """`url` if it is an http or https address, else "": nothing else may become a link (`javascript:`...)."""
    from .validate_output import is_web_address

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
    """Typst compilers with only the fonts embedded in Typst itself.

    Output is reproducible: no system fonts, a fixed document timestamp,
    and data passed as JSON. Any Typst warning fails the build. Documents
    are independent, so `start` compiles many of them on all cores, in worker
    processes (`typst_pool`); a few are compiled here, where starting the
    workers would cost more than it saves. A document whose inputs are
    unchanged since the last build is taken from `cache` instead; a `draft`
    renderer compiles nothing: it gives cached documents and None for the
    rest (the preview's quick first pass).
    """

    def __init__(self, timestamp: int, templates: Path = TEMPLATES, workers: int | None = None,
                 cache: "OutputCache | None" = None, draft: bool = False):
        self._templates = templates
        self._timestamp = timestamp
        self._workers = workers
        self._local = threading.local()
        self._sources: dict[str, bytes] = {}
        self._cache = cache
        self._draft = draft
        self._fingerprint: str | None = None

    def _compiler(self):
        import typst

        compiler = getattr(self._local, "compiler", None)
        if compiler is None:  # a compiler may not be shared between threads
            compiler = typst.Compiler(root=str(self._templates), ignore_system_fonts=True)
            self._local.compiler = compiler
        return compiler

    def _source(self, template: str) -> bytes:
        if template not in self._sources:
            self._sources[template] = (self._templates / template).read_bytes()
        return self._sources[template]

    def fingerprint(self) -> str:
        """What every document shares: all Typst sources (a template imports others), Typst's version, the date."""
        if self._fingerprint is None:
            import typst

            sources = [(path.name, path.read_bytes()) for path in sorted(self._templates.glob("*.typ"))]
            version = getattr(typst, "__version__", "")
            self._fingerprint = inputs_digest(version, str(self._timestamp), *(part for pair in sources for part in pair))
        return self._fingerprint

    def inputs_of(self, template: str, data: Any) -> str:
        return inputs_digest(self.fingerprint(), template, to_json(data))

    def _reused(self, inputs: str) -> RenderedPdf | None:
        cached = self._cache.get(inputs) if self._cache is not None else None
        return RenderedPdf(cached, inputs) if cached is not None else None

    def _compile_here(self, template: str, data: Any) -> bytes:
        import typst

        source = self._source(template)
        try:
            pdf, warnings = self._compiler().compile_with_warnings(
                input=source, format="pdf", sys_inputs={"data": to_json(data)}, timestamp=self._timestamp)
        except typst.TypstError as exc:
            raise OutputError(f"{template}: Typst failed: {exc.message}") from None
        return _checked(template, pdf, sorted({w.message for w in warnings}))

    def pdf(self, template: str, data: Any) -> RenderedPdf | None:
        """One document (None from a draft renderer when it is not in the cache)."""
        return self.start([(template, data)], in_workers=False)()[0]

    def pdfs(self, jobs: list[tuple[str, Any]]) -> list[RenderedPdf | None]:
        """Compile many documents, in parallel; results in the order of `jobs`."""
        return self.start(jobs)()

    def start(self, jobs: list[tuple[str, Any]], in_workers: bool | None = None,
              large: frozenset[str] = frozenset()) -> Callable[[], list[RenderedPdf | None]]:
        """Start compiling what the cache does not hold; the function returned waits for the PDFs (in the
        order of `jobs`), so the caller can do other work, such as the HTML, while the workers compile. A
        caller that starts many small batches says whether the whole is worth the workers (`in_workers`).
        Documents of a template in `large` are each compiled by a fresh worker process, so that the memory
        Typst keeps from earlier documents does not add to theirs."""
        from . import typst_pool

        inputs = [self.inputs_of(template, data) for template, data in jobs]
        ready: list[RenderedPdf | None] = [self._reused(digest) for digest in inputs]
        needed = [index for index, done in enumerate(ready) if done is None] if not self._draft else []
        workers = self._workers or typst_pool.worker_count()
        use_workers = workers > 1 and (in_workers if in_workers is not None else len(needed) >= PROCESSES_FROM)
        if not needed:
            return lambda: ready
        if not use_workers:
            def here() -> list[RenderedPdf | None]:
                for index in needed:
                    template, data = jobs[index]
                    ready[index] = RenderedPdf(self._compile_here(template, data), inputs[index])
                return ready

            return here
        pending = typst_pool.submit([typst_pool.Job(str(self._templates), self._source(jobs[index][0]),
                                                    to_json(jobs[index][1]), self._timestamp,
                                                    fresh=jobs[index][0] in large) for index in needed])

        def results() -> list[RenderedPdf | None]:
            for index, future in zip(needed, pending):
                template = jobs[index][0]
                try:
                    compiled = future.result()
                except RuntimeError as exc:
                    raise OutputError(f"{template}: {exc}") from None
                if compiled.error is not None:
                    for other in pending:
                        other.cancel()
                    raise OutputError(f"{template}: Typst failed: {compiled.error}")
                ready[index] = RenderedPdf(_checked(template, compiled.pdf, compiled.warnings), inputs[index])
            return ready

        return results


PROCESSES_FROM = 8  # fewer documents than this are compiled in the calling thread


def _checked(template: str, pdf: bytes, warnings) -> bytes:
    if warnings:
        raise OutputError(f"{template}: Typst warned: {'; '.join(warnings)}")
    return pdf
