from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for kf in oracle.linked_files():  # knowledge files and SKILL.md
        for u in kf.unsafe_html:
            fix = "delete the markup or put it in a fenced code block if it is an example"
            if u.src:
                fix = f"replace it with a link to what it shows: [video or page]({u.src})"
            yield Hit(kf.path, u.line, f"unsafe HTML in content: {u.what} (removed from the published page)", fix)


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
    fix="Remove the markup, or show it inside a fenced code block; an embedded video or page becomes a link to it. "
    "Harmless HTML (tables, <details>, <sub>) is fine.",
    check=check,
    passes="<details><summary>Derivation</summary>\n\nx<sub>t</sub> = …\n</details>\n\n"
    "[Video: the Hub in 5 minutes](https://www.youtube-nocookie.com/embed/XvSGPZFEjDY)",
)
