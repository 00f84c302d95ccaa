"""WCAG 2.1 AA contrast (1.4.3: 4.5:1 for text) of every text/background pair the public complaint
pages use, read from their stylesheet; and the markup habits of the form (labels, legends, error
summary, language)."""

from __future__ import annotations

from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "static" / "complaints" / "complaints.css").read_text()

# (what, text colour, background colour)
PAIRS = [
    ("form text", "#1f2933", "#ffffff"),
    ("hints", "#4b5866", "#ffffff"),
    ("required marks and field errors", "#b42318", "#ffffff"),
    ("current tab", "#153a6b", "#f4f6f9"),
    ("buttons", "#ffffff", "#1d4f91"),
    ("button hover", "#ffffff", "#153a6b"),
    ("link buttons", "#1d4f91", "#ffffff"),
    ("notice", "#153a6b", "#e8eef7"),
    ("error summary", "#8a1c12", "#fdecea"),
    ("thanks", "#0b5530", "#e6f4ea"),
    ("status badge", "#153a6b", "#e3edfb"),
    ("status closed", "#0f6b3a", "#e6f4ea"),
    ("status refused", "#b42318", "#fdecea"),
]
PAGE_BACKGROUND = "#f4f6f9"  # the portal's (portal/portal.css)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_formula_matches_the_wcag_extremes() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#767676", "#ffffff")


@pytest.mark.parametrize(("what", "text", "background"), PAIRS)
def test_every_text_colour_reaches_aa_on_its_background(what: str, text: str, background: str) -> None:
    assert text in CSS.lower()
    assert background in CSS.lower() or background in ("#ffffff", PAGE_BACKGROUND)
    assert contrast(text, background) >= 4.5, what


def test_focus_is_always_visible_and_targets_are_large_enough() -> None:
    assert ".map:focus-visible{outline:3px solid" in CSS  # the rest inherit the portal's outline
    assert "min-height:44px" in CSS  # WCAG 2.5.5 target size for buttons, checkboxes, radios, links
