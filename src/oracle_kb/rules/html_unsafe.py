from ..model import Severity
from . import Context, Hit, Rule


def check(ctx: Context):
    for kf in ctx.knowledge():
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
    summary="Raw HTML that can run code: `<script>`, `<iframe>`, `<object>`, `<embed>`, `<form>`, `<meta>`, "
    "`<base>`, inline event handlers (`onerror=`, `onclick=` …) and `javascript:` URLs, outside code blocks.",
    why="Knowledge files hold text scraped from the web; markup like this runs in every reader's browser. The site "
    "strips it at build time, and this rule makes the author remove it at the source.",
    example='<img src="x" onerror="alert(1)">\n<script>fetch("https://evil.example")</script>',
    fix="Remove the markup, or show it inside a fenced code block. Harmless HTML (tables, <details>, <sub>) is fine.",
    check=check,
)
