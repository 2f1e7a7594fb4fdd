"""The readiness badge: a shields-style SVG with the score, the grade's colour and the verified state.

    promotion | 84 almost ✓

Valid SVG with `role="img"` and a `<title>` (and `aria-label`) that says it all in words, e.g.
"promotion readiness: 84 (almost), verified". The tick appears only while a clean re-run's stamp is
fresh and passed (stamp.py); a fresh failed run shows a cross.
"""

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..notebook.stamp import code_sources, verification_state

LABEL = "promotion"
COLOURS = {"ready": "#2e7d32", "almost": "#5c8a00", "needs_work": "#b26a00", "not_ready": "#c62828"}
GRADE_WORDS = {"ready": "ready", "almost": "almost", "needs_work": "needs work", "not_ready": "not ready"}
MARKS = {"verified": " ✓", "failed": " ✗"}
STATE_WORDS = {"verified": "verified", "failed": "verification failed", "stale": "verification stale",
               None: "not verified"}
# Approximate advance widths of Verdana at 11px (what shields.io measures with), by character class.
_NARROW, _WIDE = set("ilj.,:;!|' ()[]1"), set("mwMW%@")
_PADDING = 6


@dataclass(frozen=True)
class Badge:
    score: int
    grade: str
    verification: str | None
    """"verified", "failed", "stale" or None (never verified)."""

    @property
    def title(self) -> str:
        return f"promotion readiness: {self.score} ({GRADE_WORDS[self.grade]}), {STATE_WORDS[self.verification]}"

    @property
    def value(self) -> str:
        return f"{self.score} {GRADE_WORDS[self.grade]}{MARKS.get(self.verification or '', '')}"

    def svg(self) -> str:
        left = _text_width(LABEL) + 2 * _PADDING
        right = _text_width(self.value) + 2 * _PADDING
        width = left + right
        title = escape(self.title, {'"': "&quot;"})
        colour = COLOURS[self.grade]
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
            f'aria-label="{title}" viewBox="0 0 {width} 20">'
            f"<title>{title}</title>"
            '<linearGradient id="promote-badge-shade" x2="0" y2="100%">'
            '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>'
            "</linearGradient>"
            f'<clipPath id="promote-badge-round"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
            '<g clip-path="url(#promote-badge-round)">'
            f'<rect width="{left}" height="20" fill="#555"/>'
            f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
            f'<rect width="{width}" height="20" fill="url(#promote-badge-shade)"/></g>'
            '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
            'font-size="11">'
            f"{_shadowed(left / 2, LABEL)}{_shadowed(left + right / 2, self.value)}"
            "</g></svg>\n"
        )

    def markdown(self, svg_path: str) -> str:
        return f"![{self.title}]({svg_path})"


def _text_width(text: str) -> int:
    return round(sum(3.6 if c in _NARROW else 10.0 if c in _WIDE else 7.0 for c in text))


def _shadowed(x: float, text: str) -> str:
    shown = escape(text)
    return (f'<text x="{x:g}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">{shown}</text>'
            f'<text x="{x:g}" y="14">{shown}</text>')


def notebook_badge(path: Path, display_path: str, boundary: Path | None = None) -> Badge:
    """The badge of a notebook file (raises NotebookError / ConfigError when it cannot be analysed);
    `boundary`: the folder the analysis reads nothing outside of (the server's root)."""
    from ..notebook.reading import read_notebook_file
    from ..project.config import load_config
    from ..report.analysis import analyze_dict

    config = load_config(path, boundary)
    data = read_notebook_file(path, config.max_notebook_mb)
    entry = analyze_dict(data, display_path, path, config)
    return Badge(entry["score"], entry["grade"], verification_state(data.get("metadata"), code_sources(data)))
