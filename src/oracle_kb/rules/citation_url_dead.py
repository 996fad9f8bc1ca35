"""A cited URL that is gone. Judged over the network by `oracle-kb links --external` only (see `oracle_kb.live`)."""

from ..model import Severity
from .rule import Rule


def check(oracle, index, config):
    """Nothing offline: `oracle-kb check` never touches the network. `oracle_kb.live` reports this rule."""
    return ()


RULE = Rule(
    id="citation-url-dead",
    severity=Severity.WARNING,
    summary="A cited or linked external URL answers 404 Not Found or 410 Gone, or its host name no longer resolves. "
    "Checked only by `oracle-kb links --external` (a scheduled job), never by `oracle-kb check`.",
    why="Sources rot: a citation that leads nowhere can no longer be verified, and readers stop trusting the rest.",
    example="## Sources\n- [Old blog post](https://blog.example.org/2019/removed-post)  <!-- answers 404 -->",
    fix="Replace the URL with the page's current address, or with an archived copy "
    "(`https://web.archive.org/web/*/URL`) when the page is gone for good.",
    check=check,
)
