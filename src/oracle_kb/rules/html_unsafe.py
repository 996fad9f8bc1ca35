from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for kf in oracle.linked_files():  # knowledge files and SKILL.md
        for u in kf.unsafe_html:
            yield Hit(
                kf.path,
                u.line,
                f"unsafe HTML in content: {u.what} (removed from the published page)",
                "delete the markup or put it in a fenced code block if it is an example",
            )


RULE = Rule(
    id="html-unsafe",
    severity=Severity.ERROR,
    summary="Markup that can run code, outside code blocks, in knowledge files and SKILL.md: `<script>`, "
    "`<iframe>`, `<object>`, `<embed>`, `<form>`, `<meta>`, `<base>`, inline event handlers (`onerror=`, "
    "`onclick=` …), `javascript:` URLs (also entity-encoded, also as Markdown links), event handlers in "
    "attribute lists (`{: onclick=… }`), and HTML in front-matter values.",
    why="Knowledge files hold text scraped from the web; markup like this runs in every reader's browser. The site "
    "sanitizes every page built from the oracle (nh3) and escapes titles, and this rule makes the author remove "
    "the markup at the source.",
    example='<img src="x" onerror="alert(1)">\n<script>fetch("https://evil.example")</script>',
    fix="Remove the markup, or show it inside a fenced code block. Harmless HTML (tables, <details>, <sub>) is fine.",
    check=check,
)
