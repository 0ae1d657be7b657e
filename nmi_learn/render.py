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
from typing import Any, Callable

from markupsafe import Markup

from .errors import OutputError

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


class TypstRenderer:
    """Typst compilers with only the fonts embedded in Typst itself.

    Output is reproducible: no system fonts, a fixed document timestamp,
    and data passed as JSON. Any Typst warning fails the build. Documents
    are independent, so `pdfs` compiles many of them on all cores, in worker
    processes (`typst_pool`); a few are compiled here, where starting the
    workers would cost more than it saves.
    """

    def __init__(self, timestamp: int, templates: Path = TEMPLATES, workers: int | None = None):
        self._templates = templates
        self._timestamp = timestamp
        self._workers = workers
        self._local = threading.local()
        self._sources: dict[str, bytes] = {}

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

    def pdf(self, template: str, data: Any) -> bytes:
        import typst

        source = self._source(template)
        try:
            pdf, warnings = self._compiler().compile_with_warnings(
                input=source, format="pdf", sys_inputs={"data": to_json(data)}, timestamp=self._timestamp)
        except typst.TypstError as exc:
            raise OutputError(f"{template}: Typst failed: {exc.message}") from None
        return _checked(template, pdf, sorted({w.message for w in warnings}))

    def pdfs(self, jobs: list[tuple[str, Any]]) -> list[bytes]:
        """Compile many documents, in parallel; results in the order of `jobs`."""
        return self.start(jobs)()

    def start(self, jobs: list[tuple[str, Any]], in_workers: bool | None = None) -> Callable[[], list[bytes]]:
        """Start compiling; the function returned waits for the PDFs (in the order of `jobs`), so the
        caller can do other work, such as the HTML, while the workers compile. A caller that starts
        many small batches says whether the whole is worth the workers (`in_workers`)."""
        from . import typst_pool

        workers = self._workers or typst_pool.worker_count()
        if workers == 1 or not (in_workers if in_workers is not None else len(jobs) >= PROCESSES_FROM):
            return lambda: [self.pdf(template, data) for template, data in jobs]
        pending = typst_pool.submit([typst_pool.Job(str(self._templates), self._source(template), to_json(data),
                                                    self._timestamp) for template, data in jobs])

        def results() -> list[bytes]:
            pdfs = []
            for (template, _), future in zip(jobs, pending):
                try:
                    compiled = future.result()
                except RuntimeError as exc:
                    raise OutputError(f"{template}: {exc}") from None
                if compiled.error is not None:
                    for other in pending:
                        other.cancel()
                    raise OutputError(f"{template}: Typst failed: {compiled.error}")
                pdfs.append(_checked(template, compiled.pdf, compiled.warnings))
            return pdfs

        return results


PROCESSES_FROM = 8  # fewer documents than this are compiled in the calling thread


def _checked(template: str, pdf: bytes, warnings) -> bytes:
    if warnings:
        raise OutputError(f"{template}: Typst warned: {'; '.join(warnings)}")
    return pdf
