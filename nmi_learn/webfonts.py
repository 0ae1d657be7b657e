"""The typeface of the HTML pages: Libertinus Serif, as Typst sets the PDFs, shipped beside the pages.

The PDFs embed Typst's own Libertinus Serif. The HTML pages name the same family
and load it from a `fonts/` folder beside them: woff2 files (Latin and Latin
Extended, regular, italic, bold and bold italic) as packaged by Fontsource,
with the SIL Open Font License, which allows this and travels with them. Every
output folder that holds HTML gets its own copy, so a folder copied on its own
(handouts/ on a memory stick) keeps its type.
"""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from .outputs import Artifact
from .render import TEMPLATES

FONT_SOURCE = TEMPLATES / "fonts"
FONT_FOLDER = "fonts"  # beside the pages of each output folder
LICENCE = "OFL.txt"
FAMILY = "Libertinus Serif"
FACES = (("normal", 400), ("italic", 400), ("normal", 700), ("italic", 700))
SUBSETS = {  # the ranges each file covers, so a browser fetches Latin Extended only for a page that needs it
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
             "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,"
                 "U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF",
}


def font_file(subset: str, style: str, weight: int) -> str:
    return f"libertinus-serif-{subset}-{weight}-{style}.woff2"


def font_faces(folder: str = f"{FONT_FOLDER}/") -> Markup:
    """The @font-face rules for a page whose fonts are at `folder` (relative to the page)."""
    rules = [
        f"@font-face {{ font-family: '{FAMILY}'; font-style: {style}; font-weight: {weight}; font-display: swap; "
        f"src: url('{folder}{font_file(subset, style, weight)}') format('woff2'); unicode-range: {ranges}; }}"
        for style, weight in FACES for subset, ranges in SUBSETS.items()
    ]
    return Markup("\n".join(rules))


def font_artifacts(kind: str) -> list[Artifact]:
    """The font files and their licence, for one output folder."""
    names = [font_file(subset, style, weight) for style, weight in FACES for subset in SUBSETS] + [LICENCE]
    return [Artifact(kind, f"{FONT_FOLDER}/{name}", (FONT_SOURCE / name).read_bytes(),
                     "Libertinus Serif for the HTML pages" if name != LICENCE else "the fonts' licence (SIL OFL 1.1)")
            for name in names]


def with_fonts(artifacts: Iterable[Artifact]) -> list[Artifact]:
    """The artifacts, plus the fonts in every output folder that holds an HTML page."""
    artifacts = list(artifacts)
    present = {(a.kind, a.name) for a in artifacts}
    kinds = list(dict.fromkeys(a.kind for a in artifacts if a.name.endswith(".html")))
    extra = [font for kind in kinds for font in font_artifacts(kind) if (font.kind, font.name) not in present]
    return artifacts + extra
