"""What HTML from the oracle may reach a reader's browser: the allow-list policy, applied with nh3.

Harmless HTML stays (tables, details, sub/sup, images, our inline SVG charts); scripts, frames, event
handlers and javascript: URLs go. Titles reach the navigation, the header and <title> unescaped by the
theme, so they become plain escaped text.
"""

from __future__ import annotations

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


def sanitize(fragment: str) -> str:
    """The HTML fragment with everything outside the allow-list removed (script and style bodies too)."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        link_rel=None,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
    )


_TAG = re.compile(r"<[^>]*>")


def safe_title(title) -> str:
    """A title as plain escaped text: tags dropped, `<`, `>` and `&` escaped. Idempotent: a title that
    went through it once (a navigation entry) is not escaped a second time (`&amp;amp;`)."""
    return html.escape(html.unescape(_TAG.sub("", str(title or ""))), quote=False)
