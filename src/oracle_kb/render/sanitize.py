"""What HTML from the oracle may reach a reader's browser: the allow-list policy, applied with nh3.

Harmless HTML stays (tables, details, sub/sup, images, our inline SVG charts); scripts, frames, event
handlers and javascript: URLs go. Titles reach the navigation, the header and <title> unescaped by the
theme, so they become plain escaped text.
"""

from __future__ import annotations

import functools
import html
import re

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {
    "svg",
    "path",
    "rect",
    "title",
    "g",
    "line",
    "circle",
    "text",
    "input",
    "label",
    "button",
    "figure",
    "figcaption",
}
ATTRIBUTES = {
    "*": {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "align",
        "aria-label",
        "aria-hidden",
        "role",
        "tabindex",
        "width",
        "height",
        "name",
        "data-md-color-scheme",
        "style",
    },
    "a": {"href", "hreflang", "xlink:href"},  # xlink:href: links inside SVG (Material rewrites every [href])
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    # SVG presentation only (charts, the influence heatmap): shapes, positions, colours, text placement.
    "svg": {"viewbox", "viewBox", "xmlns", "fill", "font-size"},
    "path": {"d", "fill", "stroke", "stroke-width", "stroke-opacity"},
    "rect": {"x", "y", "rx", "fill", "fill-opacity", "stroke", "stroke-width"},
    "circle": {"cx", "cy", "r", "fill", "fill-opacity", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-opacity"},
    "text": {"x", "y", "text-anchor", "fill", "font-size", "font-weight"},
    "g": {"fill", "stroke", "font-size", "transform"},
    "details": {"open"},
    "code": set(),
}
URL_SCHEMES = {"http", "https", "mailto"}
STYLE_PROPERTIES = {"text-align", "width", "color", "background-color"}


_OPTIONS = {
    "tags": TAGS,
    "clean_content_tags": {"script", "style"},
    "attributes": ATTRIBUTES,
    "link_rel": None,
    "url_schemes": URL_SCHEMES,
    "strip_comments": True,
    "filter_style_properties": STYLE_PROPERTIES,
}
# One cleaner for every page (nh3.clean builds the same allow-list anew on each call); older nh3 has no Cleaner.
_clean = nh3.Cleaner(**_OPTIONS).clean if hasattr(nh3, "Cleaner") else functools.partial(nh3.clean, **_OPTIONS)


def sanitize(fragment: str) -> str:
    """The HTML fragment with everything outside the allow-list removed (script and style bodies too).

    nh3 releases the GIL while it cleans: callers may run it in threads."""
    return _clean(fragment)


_TAG = re.compile(r"<[^>]*>")


def safe_title(title) -> str:
    """A title as plain escaped text: tags dropped, `<`, `>` and `&` escaped. Idempotent: a title that
    went through it once (a navigation entry) is not escaped a second time (`&amp;amp;`)."""
    return html.escape(html.unescape(_TAG.sub("", str(title or ""))), quote=False)
